/**
 * Canonical JSON: object keys sorted at every level, no whitespace, so equal values give one text and a
 * digest of it is stable across processes and machines. Used where two sides must agree on a digest of
 * data neither sends to the other: the template engine's content digest (signed into the QR code), and
 * the digest of a document's data a station sends with its authorization so central can check that the
 * snapshot it keeps (the facts the verification page shows) is what the station prints.
 *
 * In lib/ because the template engine, the kiosk core and central all need it.
 */
import { createHash } from 'node:crypto';

/**
 * The canonical text of `value` (a key whose value is undefined is left out, as JSON.stringify does).
 * `memo`: texts of objects already written, by identity, for a caller that writes two values sharing
 * most of their parts (central's snapshot and digest of one document's data: the courses once, not twice).
 * Written as plain loops: central runs it twice per authorization, over every course of a transcript.
 */
export function canonicalJson(value: unknown, memo?: WeakMap<object, string>): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const known = memo?.get(value);
  if (known !== undefined) return known;
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // An undefined element is written as nothing, as before (`[1,,2]`); document data has none.
      out += canonicalJson(value[i], memo) ?? '';
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const k of keys) {
      const v = record[k];
      if (v === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v, memo)}`;
      first = false;
    }
    out += '}';
  }
  memo?.set(value, out);
  return out;
}

/** SHA-256 (hex) of the canonical JSON of a document's data (central's documentData answer). */
export function dataDigest(data: unknown, memo?: WeakMap<object, string>): string {
  return createHash('sha256').update(canonicalJson(data, memo)).digest('hex');
}
