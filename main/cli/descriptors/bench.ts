import type { CommandDescriptor } from '../command.js';

export const bench: CommandDescriptor = {
  name: 'bench',
  summary: 'run benchmarks and print JSON',
  usage: 'estation bench <startup|queue|render|printer|ui|import|dashboard|all> --json',
  load: () => import('../bench-command.js'),
};
