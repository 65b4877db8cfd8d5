/**
 * Text encodings of import files. Chinese Excel saves CSV in GBK (or GB18030, its superset that
 * holds rare characters such as 䶮), so a file that is not valid UTF-8 is read as GB18030 unless the
 * admin says otherwise. A file forced as UTF-8 that is not UTF-8 is refused, never imported as
 * mojibake. Node's TextDecoder has full ICU, so GB18030 needs no extra package.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { ImportFileError } from './problems.js';

export const ENCODINGS = ['utf-8', 'gbk', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** `--encoding` as written (UTF8, GBK, gb-18030...), or undefined when it names none of ours. */
export function parseEncoding(s: string): Encoding | undefined {
  const t = s.toLowerCase().replace(/[-_]/g, '');
  return ENCODINGS.find((e) => e.replace('-', '') === t);
}

export interface FileScan {
  sha256: string;
  /** The 1-based line of the first byte that is not UTF-8, or undefined when the whole file is UTF-8. */
  firstNonUtf8Line?: number;
}

/** One streaming pass: the file's SHA-256 (the resumption key) and whether it is UTF-8. */
export async function scanFile(file: string): Promise<FileScan> {
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let bad: number | undefined;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (bad !== undefined) continue;
    try {
      line += countNewlines(utf8.decode(chunk, { stream: true }));
    } catch {
      bad = line + countNewlines(firstValidPrefix(chunk));
    }
  }
  if (bad === undefined) {
    try {
      utf8.decode();
    } catch {
      bad = line;
    }
  }
  return { sha256: hash.digest('hex'), ...(bad === undefined ? {} : { firstNonUtf8Line: bad }) };
}

const countNewlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** The text before the first invalid byte of a chunk, so the line of that byte can be named. */
const firstValidPrefix = (chunk: Buffer) => chunk.toString('utf8').split('\uFFFD')[0]!;

/** The encoding to read a file with: the one asked for, or UTF-8 when the file is, else GB18030. */
export function chooseEncoding(file: string, scan: FileScan, asked: Encoding | undefined): Encoding {
  if (asked === 'utf-8' && scan.firstNonUtf8Line !== undefined) {
    throw new ImportFileError({
      file,
      row: scan.firstNonUtf8Line,
      message:
        'this row is not UTF-8, so the file is not either: it looks like GBK/GB18030, as Chinese Excel saves CSV. ' +
        'Run again with --encoding gbk (or leave --encoding out to detect it). Nothing was imported from it.',
    });
  }
  if (asked) return asked;
  return scan.firstNonUtf8Line === undefined ? 'utf-8' : 'gb18030';
}

/**
 * Bytes in, text out, in the given encoding, failing (never replacing characters) on a byte sequence
 * the encoding does not have. GBK is read as GB18030: every GBK file is a GB18030 file.
 */
export function decoder(file: string, encoding: Encoding): Transform {
  const label = encoding === 'utf-8' ? 'utf-8' : 'gb18030';
  const dec = new TextDecoder(label, { fatal: true });
  let line = 1;
  // The row of the bad byte: the lines before this chunk, and those of the chunk before that byte.
  const failure = (chunk?: Buffer) =>
    new ImportFileError({
      file,
      row: line + (chunk ? countNewlines(new TextDecoder(label).decode(chunk).split('\uFFFD')[0]!) : 0),
      message: `this row is not valid ${encoding.toUpperCase()}; check the file's encoding (--encoding utf-8, gbk or gb18030)`,
    });
  return new Transform({
    decodeStrings: true,
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        const text = dec.decode(chunk, { stream: true });
        line += countNewlines(text);
        done(null, text);
      } catch {
        done(failure(chunk));
      }
    },
    flush(done) {
      try {
        done(null, dec.decode());
      } catch {
        done(failure());
      }
    },
  });
}
