import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPath } from '../../../templates/engine/qr.js';

describe('qr', () => {
  it('draws exactly the dark modules as merged runs', () => {
    const m = [
      [true, true, false],
      [false, true, true],
    ];
    expect(qrPath(m)).toBe('M0 0h2v1h-2zM1 1h2v1h-2z');
  });
  it('builds a square matrix with finder patterns', () => {
    const m = qrMatrix('7KQ3-M9XD-2PLA');
    expect(m.length).toBe(m[0]!.length);
    expect(m[0]!.slice(0, 7).every(Boolean)).toBe(true);
  });
});
