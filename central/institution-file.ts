/**
 * Reads an institution profile file for `estation central institution set` (docs/data.md,
 * "Institution"): the JSON checked against the one schema (shared/institution.ts), each office's seal
 * read from a PNG next to the file. Every problem is reported at once, with its field path, so an
 * admin fixes the file in one go.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  InstitutionProfile,
  MAX_SEAL_BYTES,
  profileProblems,
  type Institution,
  type StoredOffice,
} from '../shared/institution.js';

export class InstitutionFileError extends Error {
  override name = 'InstitutionFileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid institution profile:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What is wrong with a seal file, or its bytes when it is a PNG of an accepted size. */
export function sealProblem(path: string): { problem: string } | { png: Uint8Array } {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return { problem: `the seal image ${path} does not exist; give a PNG path relative to the profile file` };
  }
  if (size > MAX_SEAL_BYTES)
    return {
      problem: `the seal image ${path} is ${Math.ceil(size / 1024)} KB; at most ${MAX_SEAL_BYTES / 1024} KB (scan at 600 dpi or less)`,
    };
  const png = new Uint8Array(readFileSync(path));
  // A PNG's signature, then its IHDR chunk: anything else (a JPEG renamed .png) would fail at printing.
  const ihdr = Buffer.from(png.subarray(12, 16)).toString('latin1');
  if (png.length < 33 || PNG_SIGNATURE.some((b, i) => png[i] !== b) || ihdr !== 'IHDR')
    return { problem: `the seal image ${path} is not a PNG file; save the scan as PNG with a transparent background` };
  return { png };
}

/** The profile in `file`, validated, with its seals read; throws InstitutionFileError listing every problem. */
export function loadInstitutionFile(file: string): Institution {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new InstitutionFileError(file, [
      e.code === 'ENOENT' ? '(the file): does not exist' : `(the file): is not JSON (${e.message})`,
    ]);
  }
  const parsed = InstitutionProfile.safeParse(raw);
  const problems = parsed.success ? [] : profileProblems(parsed.error);
  // Seals are checked even when other fields are wrong: every problem of the file in one answer.
  const seals = new Map<number, Uint8Array>();
  const offices: unknown = (raw as { offices?: unknown } | null)?.offices;
  if (Array.isArray(offices))
    offices.forEach((o: unknown, i) => {
      const seal = (o as { seal?: unknown } | null)?.seal;
      if (typeof seal !== 'string' || !seal) return;
      const read = sealProblem(resolve(dirname(file), seal));
      if ('problem' in read) problems.push(`offices.${i}.seal: ${read.problem}`);
      else seals.set(i, read.png);
    });
  if (!parsed.success || problems.length) throw new InstitutionFileError(file, problems);
  return {
    ...parsed.data,
    offices: parsed.data.offices.map(({ seal: _path, ...o }, i): StoredOffice => {
      const png = seals.get(i);
      return png ? { ...o, seal: png } : o;
    }),
  };
}
