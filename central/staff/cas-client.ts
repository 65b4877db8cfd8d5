/**
 * Validates a CAS service ticket with the CAS server (`/serviceValidate`, 2.0, or `/p3/serviceValidate`,
 * 3.0) and reads the user id and, in 3.0, the attributes.
 *
 * No npm CAS client fits: the ones published (cas-authentication, connect-cas2, passport-cas, cas) are
 * Express or Passport middleware with their own sessions, unmaintained for years, on xml2js 0.4 (a
 * prototype-pollution advisory) or the deprecated `request`. Validation itself is one GET and an XML
 * answer, so the XML is read with fast-xml-parser (well kept, no native code) and nothing else is written.
 */
import { XMLParser } from 'fast-xml-parser';
import { casValidateUrl, type CasConfig } from './cas-config.js';

/**
 * Service tickets as the CAS protocol defines them (`ST-`, at most 256 characters), with the dots and
 * underscores Apereo CAS puts in its host suffix; anything else never reaches the CAS server.
 */
export const SERVICE_TICKET = /^ST-[A-Za-z0-9._-]{1,253}$/;
/** The most of a CAS answer central reads; a real one is well under 4 KiB. */
const MAX_ANSWER_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

export type CasValidation =
  | { ok: true; user: string; attributes: Record<string, string[]> }
  /** CAS refused the ticket: its failure code (INVALID_TICKET, INVALID_SERVICE, ...) and message. */
  | { ok: false; kind: 'refused'; code: string; detail: string }
  /** CAS could not be reached, timed out or answered an HTTP error. */
  | { ok: false; kind: 'unreachable'; detail: string }
  /** CAS answered something that is not a CAS service response. */
  | { ok: false; kind: 'unreadable'; detail: string };

export interface ValidateOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const parser = new XMLParser({
  // `cas:user` and `user` alike (CAS servers differ in prefixes, never in names).
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // A user id of digits (a work number such as 0012345) stays a string, leading zeros included.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  // Attribute values may repeat (memberOf): always lists.
  isArray: (_name, jpath) => String(jpath).startsWith('serviceResponse.authenticationSuccess.attributes.'),
});

type Node = string | { '#text'?: string; [k: string]: unknown };
const text = (n: unknown): string =>
  typeof n === 'string' ? n : n && typeof n === 'object' ? String((n as { '#text'?: unknown })['#text'] ?? '') : '';

/** Reads a CAS service response (exported for the tests of odd answers). */
export function readServiceResponse(xml: string): CasValidation {
  // A DOCTYPE has no place in a CAS answer, and entity definitions in one could expand without end.
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, kind: 'unreadable', detail: 'the answer has a DOCTYPE' };
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, kind: 'unreadable', detail: `not XML: ${(err as Error).message.slice(0, 120)}` };
  }
  const response = doc.serviceResponse as Record<string, unknown> | undefined;
  if (!response || typeof response !== 'object')
    return { ok: false, kind: 'unreadable', detail: 'no serviceResponse element' };
  const failure = response.authenticationFailure as Node | undefined;
  if (failure !== undefined) {
    const code = typeof failure === 'object' ? String(failure['@_code'] ?? 'UNKNOWN') : 'UNKNOWN';
    return { ok: false, kind: 'refused', code, detail: text(failure).slice(0, 300) };
  }
  const success = response.authenticationSuccess as Record<string, unknown> | undefined;
  if (!success || typeof success !== 'object')
    return { ok: false, kind: 'unreadable', detail: 'neither authenticationSuccess nor authenticationFailure' };
  // One user, a non-empty string: two user elements are a malformed (or forged) answer.
  if (Array.isArray(success.user)) return { ok: false, kind: 'unreadable', detail: 'more than one user' };
  const user = text(success.user).trim();
  if (!user || user.length > 128) return { ok: false, kind: 'unreadable', detail: 'no usable user id' };
  const attributes: Record<string, string[]> = {};
  const attrs = success.attributes;
  if (attrs && typeof attrs === 'object')
    for (const [name, values] of Object.entries(attrs as Record<string, unknown>))
      if (!name.startsWith('@_')) attributes[name] = (values as unknown[]).map(text);
  return { ok: true, user, attributes };
}

/**
 * Asks CAS whether `ticket` was issued for `service`. Every call asks: a ticket is never remembered as
 * valid, so the CAS server's single use of tickets holds (and central refuses reuse too: cas-tickets.ts).
 */
export async function validateServiceTicket(
  config: CasConfig,
  service: string,
  ticket: string,
  { fetch: fetchImpl = fetch, timeoutMs = DEFAULT_TIMEOUT_MS }: ValidateOptions = {},
): Promise<CasValidation> {
  let body: string;
  try {
    const res = await fetchImpl(casValidateUrl(config, service, ticket), {
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/xml, text/xml' },
    });
    if (!res.ok) return { ok: false, kind: 'unreachable', detail: `HTTP ${res.status}` };
    body = await res.text();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, kind: 'unreachable', detail: cause ?? (err as Error).message };
  }
  if (Buffer.byteLength(body) > MAX_ANSWER_BYTES)
    return { ok: false, kind: 'unreadable', detail: `an answer over ${MAX_ANSWER_BYTES} bytes` };
  return readServiceResponse(body);
}

/**
 * The staff id a validated sign-in names: the CAS user id, or with `userAttribute` that attribute's one
 * value; null when the attribute is missing, empty or repeated (someone without a work number is no staff).
 */
export function signOnId(v: Extract<CasValidation, { ok: true }>, userAttribute?: string): string | null {
  if (!userAttribute) return v.user;
  const values = v.attributes[userAttribute] ?? [];
  const id = values.length === 1 ? values[0]!.trim() : '';
  return id && id.length <= 128 ? id : null;
}
