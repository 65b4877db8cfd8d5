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
  /** The same for GB18030 (and so GBK). */
  firstNonGb18030Line?: number;
}

/**
 * One streaming pass: the file's SHA-256 (the resumption key), and whether it is UTF-8 and whether
 * GB18030, so that a file whose encoding is wrong is refused before anything is imported from it.
 */
export async function scanFile(file: string): Promise<FileScan> {
  const hash = createHash('sha256');
  const utf8 = new Validity('utf-8');
  const gb = new Validity('gb18030');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    utf8.add(chunk);
    gb.add(chunk);
  }
  utf8.end();
  gb.end();
  return {
    sha256: hash.digest('hex'),
    ...(utf8.badLine === undefined ? {} : { firstNonUtf8Line: utf8.badLine }),
    ...(gb.badLine === undefined ? {} : { firstNonGb18030Line: gb.badLine }),
  };
}

/** Whether bytes, chunk by chunk, are text in an encoding, and the line of the first that is not. */
class Validity {
  private readonly dec: TextDecoder;
  private line = 1;
  badLine: number | undefined;

  constructor(private readonly label: string) {
    this.dec = new TextDecoder(label, { fatal: true });
  }

  add(chunk: Buffer): void {
    if (this.badLine !== undefined) return;
    try {
      this.line += countNewlines(this.dec.decode(chunk, { stream: true }));
    } catch {
      this.badLine = this.line + linesBeforeBadByte(this.label, chunk);
    }
  }

  end(): void {
    if (this.badLine !== undefined) return;
    try {
      this.dec.decode();
    } catch {
      this.badLine = this.line;
    }
  }
}

/** The line breaks in a chunk before its first byte the encoding does not have. */
const linesBeforeBadByte = (label: string, chunk: Buffer) =>
  countNewlines(new TextDecoder(label).decode(chunk).split('\uFFFD')[0]!);

const countNewlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * The encoding to read a file with: the one asked for, or UTF-8 when the file is, else GB18030. A file
 * that is not in the encoding asked for (or, detected, in neither) is refused, naming the row.
 */
export function chooseEncoding(file: string, scan: FileScan, asked: Encoding | undefined): Encoding {
  const refuse = (row: number, message: string): never => {
    throw new ImportFileError({ file, row, message: `${message} Nothing was imported from it.` });
  };
  const utf8 = scan.firstNonUtf8Line;
  const gb = scan.firstNonGb18030Line;
  if (asked === 'utf-8' && utf8 !== undefined)
    refuse(
      utf8,
      gb === undefined
        ? 'this row is not UTF-8, so the file is not either: it looks like GBK/GB18030, as Chinese Excel saves CSV. Run again with --encoding gbk (or leave --encoding out to detect it).'
        : 'this row is not UTF-8, so the file is not either. Save it as UTF-8 (or GBK) and import it again.',
    );
  if ((asked === 'gbk' || asked === 'gb18030') && gb !== undefined)
    refuse(
      gb,
      utf8 === undefined
        ? `this row is not ${asked.toUpperCase()}; the file is UTF-8: leave --encoding out.`
        : `this row is not ${asked.toUpperCase()}. Save the file as UTF-8 (or GBK) and import it again.`,
    );
  if (asked) return asked;
  if (utf8 === undefined) return 'utf-8';
  if (gb === undefined) return 'gb18030';
  return refuse(
    Math.max(utf8, gb),
    'this row is neither UTF-8 nor GBK/GB18030: the file may be damaged, or in another encoding. Save it as UTF-8 and import it again.',
  );
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
      row: line + (chunk ? linesBeforeBadByte(label, chunk) : 0),
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
