/**
 * JSON Lines files: one canonical record (docs/data.md) per line, streamed line by line. A line that
 * is not JSON is a problem of that line; empty lines are skipped.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { decoder, type Encoding } from './encoding.js';

export type JsonLine = { row: number; value: unknown } | { row: number; error: string };

export async function* readJsonLines(file: string, encoding: Encoding): AsyncGenerator<JsonLine> {
  const text = decoder(file, encoding);
  pipeline(createReadStream(file), text, () => {});
  let row = 0;
  for await (const line of createInterface({ input: text, crlfDelay: Infinity })) {
    row++;
    const t = (row === 1 ? line.replace(/^\uFEFF/, '') : line).trim();
    if (!t) continue;
    try {
      yield { row, value: JSON.parse(t) as unknown };
    } catch (err) {
      yield { row, error: `this line is not JSON (${(err as Error).message}); each line holds one record` };
    }
  }
}
