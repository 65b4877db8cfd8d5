// PLACEHOLDER until its issue lands: replaced by the real command module.
import { UsageError } from './args.js';
import type { Command } from './commands.js';

export const command: Command = {
  summary: 'not available yet',
  usage: 'estation render',
  async run() {
    throw new UsageError('"estation render" is not available in this build yet');
  },
};
