import { describe, expect, it } from 'vitest';
import { guillochePath, rosettePath } from '../../../templates/engine/pattern.js';
import { starPath } from '../../../templates/engine/seal.js';

const points = (path: string) => [...path.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('seal and pattern geometry', () => {
  it('draws a five-pointed star with its points on the outer radius', () => {
    const pts = points(starPath(10));
    expect(pts).toHaveLength(10);
    const radii = pts.map(([x, y]) => Math.round(Math.hypot(x!, y!) * 10) / 10);
    expect(radii.filter((r) => r === 10)).toHaveLength(5);
    expect(pts[0]).toEqual([0, -10]); // point up
  });
  it('keeps the background pattern on the page', () => {
    for (const [x, y] of points(guillochePath(595, 842))) {
      expect(y).toBeGreaterThan(-20);
      expect(y).toBeLessThan(862);
      expect(x).toBeLessThanOrEqual(595 + 7);
    }
    for (const [x, y] of points(rosettePath(300, 400, 100)))
      expect(Math.hypot(x! - 300, y! - 400)).toBeLessThanOrEqual(100.1);
  });
});
