/**
 * The anti-photocopy background: fine guilloche waves in a light colour and a faint repeated
 * watermark. An original shows an even, delicate pattern; a photocopy loses the fine lines or turns
 * them into blotches, which a registrar or an embassy clerk notices at once.
 */
import { degrees, type PDFPage } from 'pdf-lib';
import { hex } from './color.js';
import type { FontStack } from './font-stack.js';

/** Path of interlaced sine waves over a w x h area (SVG coordinates, y down), rounded to 0.1 pt. */
export function guillochePath(w: number, h: number, rows = 26, step = 7): string {
  const parts: string[] = [];
  const r1 = (v: number) => Math.round(v * 10) / 10;
  for (let i = 0; i < rows; i++) {
    const base = ((i + 0.5) * h) / rows;
    for (const phase of [0, Math.PI]) {
      let d = '';
      for (let x = 0; x <= w + step; x += step) {
        const y = base + 9 * Math.sin(x / 23 + phase + i * 0.7) + 4 * Math.sin(x / 7.3 + i);
        d += `${d ? 'L' : 'M'}${r1(x)} ${r1(y)}`;
      }
      parts.push(d);
    }
  }
  return parts.join('');
}

const pathCache = new Map<string, string>();

export function drawBackground(page: PDFPage, o: { pattern: 'guilloche' | 'none'; color: string; watermark: string; watermarkColor: string; font: FontStack | undefined }): void {
  const { width: w, height: h } = page.getSize();
  if (o.pattern === 'guilloche') {
    const key = `${w}x${h}`;
    let path = pathCache.get(key);
    if (!path) {
      path = guillochePath(w, h);
      pathCache.set(key, path);
    }
    page.drawSvgPath(path, { x: 0, y: h, borderColor: hex(o.color), borderWidth: 0.35, borderOpacity: 0.55 });
  }
  if (o.watermark && o.font) {
    const size = 15;
    const tw = o.font.width(o.watermark, size);
    const color = hex(o.watermarkColor);
    for (let y = -40, row = 0; y < h + 40; y += 150, row++) {
      for (let x = -tw + (row % 2) * (tw / 2 + 40); x < w; x += tw + 140) {
        o.font.draw(page, o.watermark, { x, y, size, color, opacity: 0.22, rotate: degrees(28) });
      }
    }
  }
}
