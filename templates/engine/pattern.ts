/**
 * The anti-photocopy background: fine guilloche waves and a rosette in a light colour, as on
 * security paper. An original shows an even, delicate pattern; a photocopy loses the fine lines or
 * turns them into blotches, which a registrar or an embassy clerk notices at once. It is drawn as
 * vector lines only (no text), so text extraction and screen readers see the document alone.
 */
import { drawObject, popGraphicsState, pushGraphicsState, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
import { hex } from './color.js';

type Point = [x: number, y: number];
const r1 = (v: number) => Math.round(v * 10) / 10;

/** The interlaced sine waves over a w x h area as polylines (SVG coordinates, y down), rounded to 0.1 pt. */
function guillocheLines(w: number, h: number, rows = 26, step = 7): Point[][] {
  const lines: Point[][] = [];
  for (let i = 0; i < rows; i++) {
    const base = ((i + 0.5) * h) / rows;
    for (const phase of [0, Math.PI]) {
      const line: Point[] = [];
      for (let x = 0; x <= w + step; x += step) {
        const y = base + 9 * Math.sin(x / 23 + phase + i * 0.7) + 4 * Math.sin(x / 7.3 + i);
        line.push([r1(x), r1(y)]);
      }
      lines.push(line);
    }
  }
  return lines;
}

/** A guilloche rosette (rotated copies of a modulated circle) centred on (cx, cy) as polylines, SVG coordinates. */
function rosetteLines(cx: number, cy: number, radius: number, copies = 18, lobes = 12): Point[][] {
  const lines: Point[][] = [];
  for (let j = 0; j < copies; j++) {
    const line: Point[] = [];
    for (let i = 0; i <= 360; i++) {
      const t = (i / 360) * Math.PI * 2;
      const r = radius * (0.78 + 0.22 * Math.sin(lobes * t + (j * Math.PI * 2) / copies));
      line.push([r1(cx + r * Math.cos(t)), r1(cy + r * Math.sin(t))]);
    }
    lines.push(line);
  }
  return lines;
}

const svgPath = (lines: Point[][]) =>
  lines.map((line) => line.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join('')).join('');

/** Path of interlaced sine waves over a w x h area (SVG coordinates, y down), rounded to 0.1 pt. */
export function guillochePath(w: number, h: number, rows = 26, step = 7): string {
  return svgPath(guillocheLines(w, h, rows, step));
}

/** A guilloche rosette (rotated copies of a modulated circle) centred on (cx, cy), SVG coordinates. */
export function rosettePath(cx: number, cy: number, radius: number, copies = 18, lobes = 12): string {
  return svgPath(rosetteLines(cx, cy, radius, copies, lobes));
}

/**
 * The pattern as raw PDF content (stroked polylines), built once per page size and colour, straight
 * from the numbers (a first render paid ~90 ms for writing an SVG path and parsing it back).
 */
const contentCache = new Map<string, Uint8Array>();

function patternContent(w: number, h: number, color: string): Uint8Array {
  const key = `${w}x${h}${color}`;
  let bytes = contentCache.get(key);
  if (!bytes) {
    const c = hex(color);
    const ops = [`${c.red.toFixed(3)} ${c.green.toFixed(3)} ${c.blue.toFixed(3)} RG 0.35 w`];
    // SVG coordinates (y down) to PDF coordinates (y up).
    for (const line of [...guillocheLines(w, h), ...rosetteLines(w / 2, h * 0.46, Math.min(w, h) * 0.3)]) {
      ops.push(line.map(([x, y], i) => `${x} ${Math.round((h - y) * 10) / 10} ${i ? 'l' : 'm'}`).join(' ') + ' S');
    }
    bytes = new TextEncoder().encode(ops.join('\n'));
    contentCache.set(key, bytes);
  }
  return bytes;
}

/** One form XObject with the pattern, shared by every page of a document. */
export function embedPattern(doc: PDFDocument, w: number, h: number, color: string): PDFRef {
  const stream = doc.context.flateStream(patternContent(w, h, color), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, w, h],
  });
  return doc.context.register(stream);
}

export function drawBackground(page: PDFPage, pattern: PDFRef): void {
  const name = page.node.newXObject('Bg', pattern);
  page.pushOperators(pushGraphicsState(), drawObject(name), popGraphicsState());
}
