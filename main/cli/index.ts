import { ConfigError } from '../../kiosk-config/load.js';
import { UsageError } from './args.js';
import { COMMANDS } from './commands.js';

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
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
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`estation: unknown command "${name}". Run "estation --help" for the list.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    const usage = command.load ? (await command.load()).command.usage : command.usage;
    process.stdout.write(`${command.summary}\n\nUsage: ${usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`estation ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78; // EX_CONFIG
    }
    process.stderr.write(`estation ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}
