/**
 * The card-number normalization pipeline: turns what a reader sends into the campus card number, one
 * configured step after another (kiosk-config/readers.ts, NormalizeStep). A step that cannot apply
 * (hexToDec on something that is not hex, a regex that does not match) rejects the read with a reason:
 * such a read is garbage, never a card.
 */
import { NormalizeStep, type NormalizeStepInput } from '../../kiosk-config/readers.js';

export type NormalizeResult = { ok: true; card: string } | { ok: false; reason: string };
export type Normalizer = (raw: string) => NormalizeResult;

/** A normalization step that cannot work whatever the input (unknown op, invalid regex): a configuration mistake. */
export class NormalizeConfigError extends Error {
  override name = 'NormalizeConfigError';
}

type Step = (value: string) => string | { reject: string };

const HEX = /^[0-9a-fA-F]+$/;
const DEC = /^[0-9]+$/;

function compileStep(step: NormalizeStep): Step {
  switch (step.op) {
    case 'regex': {
      const re = new RegExp(step.pattern); // validated by the NormalizeStep schema
      return (v) => {
        const m = re.exec(v);
        if (!m) return { reject: `does not match ${step.pattern}` };
        const g = m[step.group];
        return g === undefined ? { reject: `regex group ${step.group} did not take part in the match` } : g;
      };
    }
    case 'hexToDec':
      return (v) => (HEX.test(v) ? BigInt(`0x${v}`).toString(10) : { reject: 'hexToDec: not hexadecimal' });
    case 'decToHex':
      return (v) =>
        DEC.test(v)
          ? BigInt(v).toString(16).toUpperCase().padStart(step.width, '0')
          : { reject: 'decToHex: not a decimal number' };
    case 'reverseBytes':
      return (v) => {
        if (!HEX.test(v)) return { reject: 'reverseBytes: not hexadecimal' };
        const even = v.length % 2 ? `0${v}` : v;
        return (even.match(/../g) ?? []).reverse().join('');
      };
    case 'strip': {
      const drop = new Set(step.chars);
      return (v) => [...v].filter((c) => !drop.has(c)).join('');
    }
    case 'stripLeadingZeros':
      return (v) => v.replace(/^0+(?=.)/, '');
    case 'padStart':
      return (v) => v.padStart(step.width, step.char);
    case 'upper':
      return (v) => v.toUpperCase();
    case 'prefixMap': {
      // Longest prefix first, so {"1": "A", "12": "B"} maps "123" to "B3".
      const entries = Object.entries(step.map).sort((a, b) => b[0].length - a[0].length);
      return (v) => {
        const hit = entries.find(([from]) => v.startsWith(from));
        return hit ? hit[1] + v.slice(hit[0].length) : v;
      };
    }
  }
}

/**
 * Compiles a pipeline once (throws NormalizeConfigError for a step that can never work). Steps may be
 * given as configured (defaults not yet applied). The raw value is trimmed first; an empty result is rejected.
 */
export function compileNormalizer(steps: readonly NormalizeStepInput[]): Normalizer {
  const compiled = steps.map((input, i) => {
    const parsed = NormalizeStep.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((x) => `${x.path.join('.') || 'step'}: ${x.message}`).join('; ');
      throw new NormalizeConfigError(
        `normalize[${i}]: ${problems}. Fix this step in the reader configuration (see docs/readers.md).`,
      );
    }
    return compileStep(parsed.data);
  });
  return (raw) => {
    let value = raw.trim();
    for (const fn of compiled) {
      if (value === '') break;
      const next = fn(value);
      if (typeof next !== 'string') return { ok: false, reason: next.reject };
      value = next;
    }
    return value === '' ? { ok: false, reason: 'empty card number' } : { ok: true, card: value };
  };
}
