/**
 * The `estation` entry: help comes from the command descriptors alone; a command's implementation
 * (and whatever it imports) is loaded only to run it.
 */
import { UsageError } from './args.js';
import { COMMANDS, findCommand } from './commands.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`);
  return [
    'E-station: campus self-service document kiosk',
    '',
    'Usage: estation <command> [options]   (estation <command> --help for details)',
    '',
    ...rows,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  const command = findCommand(name);
  if (!command) {
    process.stderr.write(`estation: unknown command "${name}". Run "estation --help" for the list.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`estation ${name}: ${err.message}\n`);
      return 2;
    }
    // Imported here, not above: the configuration schema (zod) is not needed to print help.
    const { ConfigError } = await import('../../kiosk-config/load.js');
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78; // EX_CONFIG
    }
    process.stderr.write(`estation ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}
