/**
 * The round red seal (公章) of a Chinese registrar, drawn with vector operations: a heavy rim, the
 * issuer's name along the upper arc, a five-pointed star and the office's name below it. Drawn with
 * the Multiply blend mode so the date under it stays readable, as under real stamp ink.
 */
import { BlendMode, degrees, type PDFPage, type RGB } from 'pdf-lib';
import type { FontStack } from './font-stack.js';

export interface SealSpec {
  /** Centre in page coordinates. */
  cx: number;
  cy: number;
  diameter: number;
  rim: string;
  center: string;
  color: RGB;
  font: FontStack;
  /** Whole-seal tilt in degrees (counter-clockwise). */
  rotate?: number;
  /** Outline-only and lighter: the same figure as a letterhead emblem. */
  emblem?: boolean;
}

/** SVG path of a five-pointed star of outer radius r centred on (0, 0), point up (SVG y down). */
export function starPath(r: number): string {
  const inner = r * 0.382;
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = (Math.PI / 5) * i;
    const rad = i % 2 === 0 ? r : inner;
    pts.push(`${(rad * Math.sin(a)).toFixed(2)} ${(-rad * Math.cos(a)).toFixed(2)}`);
  }
  return `M${pts.join('L')}Z`;
}

const rot = (a: number, x: number, y: number): [number, number] => [
  x * Math.cos(a) - y * Math.sin(a),
  x * Math.sin(a) + y * Math.cos(a),
];

export function drawSeal(page: PDFPage, s: SealSpec): void {
  const r = s.diameter / 2;
  const tilt = ((s.rotate ?? 0) * Math.PI) / 180;
  const blendMode = BlendMode.Multiply;
  const opacity = s.emblem ? 1 : 0.9;
  const ring = s.diameter * (s.emblem ? 0.02 : 0.036);
  page.drawCircle({
    x: s.cx,
    y: s.cy,
    size: r - ring / 2,
    borderColor: s.color,
    borderWidth: ring,
    borderOpacity: opacity,
    opacity: 0,
    blendMode,
  });
  if (s.emblem)
    page.drawCircle({
      x: s.cx,
      y: s.cy,
      size: r * 0.72,
      borderColor: s.color,
      borderWidth: ring * 0.6,
      opacity: 0,
      blendMode,
    });

  // Rim text: evenly spread over an arc that grows with its length, centred on the top.
  const chars = [...s.rim];
  const size = s.diameter * (s.emblem ? 0.1 : 0.18) * Math.min(1, 10 / Math.max(chars.length, 1));
  // Official seals spread the name over about 240 degrees of the rim whatever its length.
  const span = s.emblem
    ? Math.min(Math.PI * 1.45, chars.length * ((size * 1.18) / (r - ring - size * 0.55)))
    : Math.min(Math.PI * 1.4, Math.max(Math.PI * 0.8, chars.length * 0.56));
  const textR = r - ring - size * (s.emblem ? 0.45 : 0.56);
  chars.forEach((ch, i) => {
    const phi = chars.length === 1 ? 0 : -span / 2 + (span * i) / (chars.length - 1) + tilt * -1;
    const alpha = -phi;
    const px = s.cx + textR * Math.sin(phi);
    const py = s.cy + textR * Math.cos(phi) - 0;
    const w = s.font.width(ch, size);
    const [ox, oy] = rot(alpha, w / 2, size * 0.38);
    s.font.draw(page, ch, {
      x: px - ox,
      y: py - oy,
      size,
      color: s.color,
      rotate: degrees((alpha * 180) / Math.PI),
      opacity,
      blendMode,
    });
  });

  if (!s.emblem) {
    const starR = s.diameter * 0.17;
    page.drawSvgPath(starPath(starR), {
      x: s.cx,
      y: s.cy + starR * 0.15,
      color: s.color,
      opacity,
      borderWidth: 0,
      blendMode,
    });
  }
  if (s.center) {
    const cs = s.diameter * (s.emblem ? 0.3 : 0.105) * Math.min(1, 6 / [...s.center].length);
    const w = s.font.width(s.center, cs);
    const y = s.emblem ? s.cy - cs * 0.36 : s.cy - s.diameter * 0.27;
    s.font.draw(page, s.center, { x: s.cx - w / 2, y, size: cs, color: s.color, opacity, blendMode });
  }
}
