import { describe, expect, it } from 'vitest';
import { envInt } from '../../../lib/env.js';

describe('envInt', () => {
  it.each([
    ['30', 30],
    ['1', 1],
    ['3600', 3600],
    [' 42 ', 42],
  ])('reads %j as %d', (value, n) => {
    expect(envInt(value, 1, 3600)).toBe(n);
  });

  it.each([[undefined], [''], ['  '], ['0'], ['3601'], ['-5'], ['1.5'], ['abc'], ['12s'], ['NaN'], ['Infinity']])(
    'ignores %j (the caller keeps its default)',
    (value) => {
      expect(envInt(value, 1, 3600)).toBeUndefined();
    },
  );
});
