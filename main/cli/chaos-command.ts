/** `estation chaos <what>`: chaos runs against real processes (main/cli/chaos/). */
import { UsageError } from './args.js';
import { chaos } from './descriptors/chaos.js';

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'payments') return (await import('./chaos/payments.js')).run(argv.slice(1));
  throw new UsageError(`usage: ${chaos.usage}`);
}
