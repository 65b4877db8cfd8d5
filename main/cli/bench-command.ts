/**
 * `estation bench <area> --json`: runs one area's benchmark (or all) and prints one JSON object.
 * Each area lives in main/bench/<area>.ts and exports `run(): Promise<Record<string, number>>`.
 */
import { parse, UsageError } from './args.js';

type Bench = () => Promise<Record<string, number | string>>;

const AREAS: Record<string, () => Promise<{ run: Bench }>> = {
  startup: () => import('../bench/startup.js'),
  queue: () => import('../bench/queue.js'),
  render: () => import('../bench/render.js'),
  printer: () => import('../bench/printer.js'),
  ui: () => import('../bench/ui.js'),
  import: () => import('../bench/import.js'),
  dashboard: () => import('../bench/dashboard.js'),
  central: () => import('../bench/central.js'),
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, true);
  const area = positionals[0] ?? 'all';
  const names = area === 'all' ? Object.keys(AREAS) : [area];
  if (!names.every((n) => n in AREAS))
    throw new UsageError(`unknown benchmark "${area}"; choose one of ${Object.keys(AREAS).join(', ')}, all`);
  const result: Record<string, number | string> = {
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
  };
  for (const name of names) {
    try {
      Object.assign(result, await (await AREAS[name]!()).run());
    } catch (err) {
      result[`${name}.error`] = (err as Error).message;
    }
  }
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
  return Object.keys(result).some((k) => k.endsWith('.error')) ? 1 : 0;
}
