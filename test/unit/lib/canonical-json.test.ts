/**
 * Canonical JSON (lib/canonical-json.ts): the text both a station and central digest, so it must not
 * change with key order, nor between a call with a memo and one without.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, dataDigest } from '../../../lib/canonical-json.js';

/** A small seeded generator, so a failure names a value that can be made again. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomValue(r: () => number, depth: number): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 5 : 7));
  if (pick === 0) return null;
  if (pick === 1) return r() < 0.5;
  if (pick === 2) return Math.round((r() - 0.5) * 1e6) / 100;
  if (pick === 3) return ['', '张三', 'a"b\\c', '\u0001', '𠮷', 'x'.repeat(Math.floor(r() * 5))][Math.floor(r() * 6)];
  if (pick === 4) return undefined;
  if (pick === 5) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1) ?? null);
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--)
    o[`k${Math.floor(r() * 20)}${'zyx'[i % 3]}`] = randomValue(r, depth + 1);
  return o;
}

/** The same value with its keys inserted in the order `order` gives (no integer-like keys: see randomValue). */
function copyInOrder(v: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(v)) return v.map((x) => copyInOrder(x, order));
  if (v && typeof v === 'object')
    return Object.fromEntries(
      order(Object.keys(v)).map((k) => [k, copyInOrder((v as Record<string, unknown>)[k], order)]),
    );
  return v;
}
const sortedCopy = (v: unknown) => copyInOrder(v, (keys) => keys.sort());
const reversedCopy = (v: unknown) => copyInOrder(v, (keys) => keys.reverse());

describe('canonicalJson', () => {
  it('sorts keys at every level, leaves out undefined values, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: undefined }, e: '张三' })).toBe(
      '{"a":{"d":[1,"x",null]},"b":1,"e":"张三"}',
    );
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
  });

  it('is JSON.stringify of the value with sorted keys, whatever order the keys were inserted in (500 values)', () => {
    const r = rng(20261204);
    for (let i = 0; i < 500; i++) {
      const v = randomValue(r, 0);
      if (v === undefined) continue;
      const want = JSON.stringify(sortedCopy(v));
      expect(canonicalJson(v), want).toBe(want);
      expect(canonicalJson(reversedCopy(v))).toBe(want);
      expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    }
  });

  it('gives the same text with a memo, for a value that shares parts with one written before', () => {
    const courses = [
      { name: '高等数学', credit: 4 },
      { name: 'English', credit: 2 },
    ];
    const data = { person: { name: '李四' }, courses, university: { name: 'U', seal: 'AAAA' } };
    const kept = { ...data, university: { name: 'U', sealSha256: 'ffff' } };
    const memo = new WeakMap<object, string>();
    expect(dataDigest(data, memo)).toBe(dataDigest(data));
    expect(memo.get(courses)).toBe(canonicalJson(courses));
    expect(canonicalJson(kept, memo)).toBe(canonicalJson(kept));
    expect(canonicalJson(kept, memo)).not.toContain('AAAA');
  });
});
