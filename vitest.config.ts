import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/helpers/clean-env.ts'],
    // Native modules (better-sqlite3, serialport) and child processes are safest in forked workers.
    pool: 'forks',
    // One file at a time, as on the 2-core machines the suite is made for (Vitest would take
    // cores - 1): the integration tests start servers, cupsd and child processes of their own, and
    // what CI runs is then what was run here, whatever cores its machine reports.
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
