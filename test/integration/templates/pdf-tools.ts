/**
 * Test helpers around poppler (pdftoppm, pdftotext, pdffonts), zbarimg and pixelmatch.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export const FIXTURES = resolve(import.meta.dirname, '..', '..', 'fixtures', 'templates');

export function tmp(prefix = 'estation-tpl-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writePdf(pdf: Uint8Array, dir = tmp()): string {
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return file;
}

/** PNG files of every page (or one page), in page order. */
export function pdfToPngs(pdf: Uint8Array, dpi: number, page?: number): string[] {
  const dir = tmp();
  const file = writePdf(pdf, dir);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    ...(page ? ['-f', String(page), '-l', String(page)] : []),
    file,
    join(dir, 'page'),
  ]);
  return readdirSync(dir)
    .filter((f) => f.startsWith('page') && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}

/** Text of every page (form feed separated by pdftotext). */
export function pdfPages(pdf: Uint8Array): string[] {
  const text = execFileSync('pdftotext', ['-layout', writePdf(pdf), '-'], { encoding: 'utf8' });
  return text.split('\f').slice(0, -1);
}

export const squash = (s: string) => s.replace(/\s+/g, '');

export function pdfFonts(pdf: Uint8Array): string {
  return execFileSync('pdffonts', [writePdf(pdf)], { encoding: 'utf8' });
}

/** Word boxes (pdftotext -bbox): every drawn word with its page size. */
export function wordBoxes(
  pdf: Uint8Array,
): { page: number; width: number; xMax: number; yMax: number; height: number; word: string }[] {
  const html = execFileSync('pdftotext', ['-bbox', writePdf(pdf), '-'], { encoding: 'utf8' });
  const out: { page: number; width: number; xMax: number; yMax: number; height: number; word: string }[] = [];
  let page = 0;
  let w = 0;
  let h = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)"/.exec(line);
    if (p) {
      page++;
      w = Number(p[1]);
      h = Number(p[2]);
    }
    const m = /<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, width: w, height: h, xMax: Number(m[1]), yMax: Number(m[2]), word: m[3]! });
  }
  return out;
}

export function decodeQr(png: string): string {
  return execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim();
}

/**
 * Compares a rendered page with a committed reference PNG; returns the share of differing pixels.
 * With UPDATE_TEMPLATE_REFERENCES=1 the reference is (re)written instead.
 */
export function diffToReference(png: string, name: string): number {
  const ref = join(FIXTURES, name);
  if (process.env.UPDATE_TEMPLATE_REFERENCES === '1') copyFileSync(png, ref);
  if (!existsSync(ref))
    throw new Error(
      `no reference image ${ref}; run the test once with UPDATE_TEMPLATE_REFERENCES=1 and look at the image before committing it`,
    );
  const a = PNG.sync.read(readFileSync(png));
  const b = PNG.sync.read(readFileSync(ref));
  if (a.width !== b.width || a.height !== b.height) return 1;
  const diff = pixelmatch(a.data, b.data, null, a.width, a.height, { threshold: 0.1 });
  return diff / (a.width * a.height);
}

/** Dark pixels (any channel under 128) in a PNG: proof that something was drawn. */
export function inkPixels(png: string): number {
  const img = PNG.sync.read(readFileSync(png));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4)
    if (img.data[i]! < 128 && img.data[i + 1]! < 128 && img.data[i + 2]! < 128) n++;
  return n;
}
