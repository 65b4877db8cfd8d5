/**
 * The anti-photocopy background: fine guilloche waves in a light colour and a faint repeated
 * watermark. An original shows an even, delicate pattern; a photocopy loses the fine lines or turns
 * them into blotches, which a registrar or an embassy clerk notices at once.
 */
import { degrees, drawObject, popGraphicsState, pushGraphicsState, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
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

/** The pattern as raw PDF content (stroked polylines), built once per page size and colour. */
const contentCache = new Map<string, Uint8Array>();

function patternContent(w: number, h: number, color: string): Uint8Array {
  const key = `${w}x${h}${color}`;
  let bytes = contentCache.get(key);
  if (!bytes) {
    const c = hex(color);
    const ops = [`${c.red.toFixed(3)} ${c.green.toFixed(3)} ${c.blue.toFixed(3)} RG 0.35 w`];
    // SVG coordinates (y down) to PDF coordinates (y up).
    for (const sub of guillochePath(w, h).split('M').filter(Boolean)) {
      const pts = sub.split('L').map((p) => p.split(' ').map(Number) as [number, number]);
      ops.push(pts.map(([x, y], i) => `${x} ${Math.round((h - y) * 10) / 10} ${i ? 'l' : 'm'}`).join(' ') + ' S');
    }
    bytes = new TextEncoder().encode(ops.join('\n'));
    contentCache.set(key, bytes);
  }
  return bytes;
}

/** One form XObject with the pattern, shared by every page of a document. */
export function embedPattern(doc: PDFDocument, w: number, h: number, color: string): PDFRef {
  const stream = doc.context.flateStream(patternContent(w, h, color), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, w, h] });
  return doc.context.register(stream);
}

export function drawBackground(page: PDFPage, o: { pattern: PDFRef | null; watermark: string; watermarkColor: string; font: FontStack | undefined }): void {
  const { width: w, height: h } = page.getSize();
  if (o.pattern) {
    const name = page.node.newXObject('Bg', o.pattern);
    page.pushOperators(pushGraphicsState(), drawObject(name), popGraphicsState());
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
