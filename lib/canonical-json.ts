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

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the canonical JSON of a document's data (central's documentData answer). */
export function dataDigest(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}
