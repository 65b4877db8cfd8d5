import { describe, expect, it } from 'vitest';
import { newSecretToken } from '../../../central/store/tokens.js';

describe('newSecretToken', () => {
  // 0xf8 is 111110.. in bits: base64url digit 62, which is "-".
  const dashFirst = Buffer.concat([Buffer.from([0xf8]), Buffer.alloc(23, 7)]);

  it('never starts with "-", even when the random bytes encode to one', () => {
    expect(dashFirst.toString('base64url')).toMatch(/^-/);
    for (const kind of ['terminal', 'admin'] as const) expect(newSecretToken(kind, dashFirst)).not.toMatch(/^-/);
  });

  it('names its kind and carries all the randomness', () => {
    expect(newSecretToken('terminal', dashFirst)).toBe(`estt_${dashFirst.toString('base64url')}`);
    expect(newSecretToken('admin', dashFirst)).toBe(`esta_${dashFirst.toString('base64url')}`);
    const a = newSecretToken('admin');
    expect(a).toMatch(/^esta_[A-Za-z0-9_-]{32}$/);
    expect(newSecretToken('admin')).not.toBe(a);
  });
});
