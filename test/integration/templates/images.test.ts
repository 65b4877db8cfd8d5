/**
 * Bundle images (a university logo, a scanned seal): read and checked when the bundle loads, never
 * outside the bundle, embedded once per document.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  builtinTemplateDir,
  loadTemplateBundle,
  renderCertificate,
  TemplateError,
} from '../../../templates/engine/index.js';
import { tmp, writePdf } from './pdf-tools.js';

/** A small red disc on a transparent background. */
function discPng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const inside = (x - size / 2) ** 2 + (y - size / 2) ** 2 < (size / 2 - 1) ** 2;
      png.data.set(inside ? [200, 20, 30, 255] : [0, 0, 0, 0], i);
    }
  return PNG.sync.write(png);
}

function bundleWith(
  edit: (layout: Record<string, unknown>) => void,
  files: Record<string, Buffer | string> = {},
): string {
  const dir = join(tmp(), 'bundle');
  cpSync(builtinTemplateDir('enrollment-zh'), dir, { recursive: true });
  const layout = JSON.parse(readFileSync(join(dir, 'layout.json'), 'utf8')) as Record<string, unknown>;
  edit(layout);
  writeFileSync(join(dir, 'layout.json'), JSON.stringify(layout));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('bundle images', () => {
  it('draws a logo and a scanned seal from the bundle', async () => {
    const dir = bundleWith(
      (layout) => {
        (layout.elements as Record<string, unknown>[])[0]!.logo = 'assets/logo.png';
        (layout.overlays as Record<string, unknown>[])[0]!.image = 'assets/seal.png';
      },
      { 'assets/logo.png': discPng(64), 'assets/seal.png': discPng(200) },
    );
    const template = loadTemplateBundle(dir);
    expect(Object.keys(template.assets).sort()).toEqual(['assets/logo.png', 'assets/seal.png']);
    const { pdf } = await renderCertificate(template, template.sample);
    const list = execFileSync('pdfimages', ['-list', writePdf(pdf)], { encoding: 'utf8' });
    // columns: page num type width height …; the alpha channels are listed as type "smask"
    const rows = list
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/));
    const sizes = rows.filter((r) => r[2] === 'image').map((r) => `${r[3]}x${r[4]}`);
    expect(sizes.sort()).toEqual(['200x200', '64x64']);
  });

  it('refuses images outside the bundle, missing files and files that are not PNG', () => {
    expect(() =>
      loadTemplateBundle(
        bundleWith((l) => ((l.elements as Record<string, unknown>[])[0]!.logo = '../../etc/logo.png')),
      ),
    ).toThrow(TemplateError);
    expect(() =>
      loadTemplateBundle(bundleWith((l) => ((l.elements as Record<string, unknown>[])[0]!.logo = 'assets/none.png'))),
    ).toThrow(/assets\/none.png/);
    expect(() =>
      loadTemplateBundle(
        bundleWith((l) => ((l.elements as Record<string, unknown>[])[0]!.logo = 'assets/fake.png'), {
          'assets/fake.png': 'GIF89a',
        }),
      ),
    ).toThrow(/not a PNG/);
  });
});
