/**
 * `estation reader`: diagnostics for staff. `list` prints candidate readers, `test` runs one reader (with
 * reconnects, like the kiosk) and prints one JSON line per card, status change and piece of garbage.
 */
import { readFileSync } from 'node:fs';
import { ReaderConfig } from '../../kiosk-config/readers.js';
import { listReaderCandidates } from '../../drivers/card-reader/list-devices.js';
import { NormalizeConfigError } from '../../drivers/card-reader/normalize.js';
import { ReaderManager } from '../../drivers/card-reader/reader-manager.js';
import { intOption, parse, UsageError } from './args.js';
import { reader } from './descriptors/reader.js';

const line = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

function json(value: string | undefined, name: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new UsageError(`--${name} needs JSON: ${(err as Error).message}`);
  }
}

const id = (v: string | undefined) => (v === undefined ? undefined : /^0x/i.test(v) ? v : Number(v));

/** The reader configuration the flags describe (validated like the kiosk configuration). */
export function readerConfigFromFlags(values: Record<string, string | boolean | undefined>): ReaderConfig {
  const str = (k: string) => values[k] as string | undefined;
  let input: Record<string, unknown>;
  if (str('config')) {
    try {
      input = JSON.parse(readFileSync(str('config')!, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(`cannot read --config ${str('config')}: ${(err as Error).message}`);
    }
  } else {
    const type = str('type');
    if (type !== 'hid' && type !== 'serial' && type !== 'ccid')
      throw new UsageError('--type must be hid, serial or ccid');
    input = {
      type,
      id: `${type}-test`,
      ...(str('path') !== undefined ? { path: str('path') } : {}),
      ...(str('vid') !== undefined ? { vendorId: id(str('vid')) } : {}),
      ...(str('pid') !== undefined ? { productId: id(str('pid')) } : {}),
      ...(str('protocol') !== undefined ? { protocol: str('protocol') } : {}),
      ...(str('baud') !== undefined ? { baudRate: intOption(str('baud'), 'baud', 50, 4_000_000) } : {}),
      ...(str('poll') !== undefined ? { pollMs: intOption(str('poll'), 'poll', 50, 10_000) } : {}),
      ...(str('frame') !== undefined ? { frame: json(str('frame'), 'frame') } : {}),
      ...(str('normalize') !== undefined ? { normalize: json(str('normalize'), 'normalize') } : {}),
    };
  }
  // Staff want to see every read; the kiosk's duplicate window applies only when asked for.
  input = { dedupeMs: intOption(str('dedupe'), 'dedupe', 0, 60_000) ?? 0, ...input };
  const parsed = ReaderConfig.safeParse(input);
  if (!parsed.success)
    throw new UsageError(
      `invalid reader: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'reader'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

async function test(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    type: { type: 'string' },
    path: { type: 'string' },
    vid: { type: 'string' },
    pid: { type: 'string' },
    protocol: { type: 'string' },
    baud: { type: 'string' },
    frame: { type: 'string' },
    normalize: { type: 'string' },
    dedupe: { type: 'string' },
    poll: { type: 'string' },
    count: { type: 'string' },
    config: { type: 'string' },
  });
  const config = readerConfigFromFlags(values);
  const count = intOption(values.count, 'count', 1, 1_000_000);
  let manager: ReaderManager;
  try {
    manager = new ReaderManager([config]);
  } catch (err) {
    if (err instanceof NormalizeConfigError) throw new UsageError(err.message);
    throw err;
  }
  let cards = 0;
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void manager.close().then(() => resolve(0));
    };
    manager.on('status', (s) => line({ event: 'status', ...s, at: new Date().toISOString() }));
    manager.on('garbage', (g) => line({ event: 'garbage', ...g, at: new Date().toISOString() }));
    manager.on('card', (c) => {
      line({ event: 'card', card: c.card, raw: c.raw, readerId: c.readerId, at: c.at.toISOString() });
      if (count !== undefined && ++cards >= count) stop();
    });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void manager.open();
  });
}

async function list(argv: string[]): Promise<number> {
  parse(argv, {});
  const { candidates, problems } = await listReaderCandidates();
  for (const c of candidates) line(c);
  for (const p of problems) process.stderr.write(`${p}\n`);
  if (candidates.length === 0)
    process.stderr.write('No candidate readers found. Plug a reader in, or check permissions (see docs/readers.md).\n');
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return list(rest);
  if (sub === 'test') return test(rest);
  throw new UsageError(`usage:\n${reader.usage}`);
}
