import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/helpers/clean-env.ts'],
    // Native modules (better-sqlite3, serialport) and child processes are safest in forked workers.
    pool: 'forks',
    // Two files at a time, as on the 2-core machines the suite is made for, whatever cores CI's
    // machine reports (Vitest would take cores - 1): what CI runs is then what was run here. Most
    // integration tests wait on servers, cupsd and child processes of their own, so two at once took
    // the suite from 21 to about 13 minutes here; every test owns its ports, folders and databases.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
