import type { CommandDescriptor } from '../command.js';

export const demo: CommandDescriptor = {
  name: 'demo',
  summary: 'run the whole system on this machine: built-in central with demo data, simulated card reader, file printer',
  usage: 'estation demo [--web] [--port N] [--no-open] [--data DIR] [--out DIR]',
  load: () => import('../demo-command.js'),
};
