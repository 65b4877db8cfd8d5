import type { CommandDescriptor } from '../command.js';

export const bench: CommandDescriptor = {
  name: 'bench',
  summary: 'run benchmarks and print JSON',
  usage:
    'estation bench <startup|queue|render|printer|ui|import|dashboard|central|all> --json   (central on PostgreSQL too: ESTATION_BENCH_DATABASE_URL=postgres://… an empty database)',
  load: () => import('../bench-command.js'),
};
