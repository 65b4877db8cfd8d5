/**
 * The public verification page, `/verify/:code`, its upload check, `/verify/:code/check`, and the
 * published public keys, `/v1/keys` (issue #15; docs/central.md "Verification").
 *
 * Anyone holding a document (an embassy clerk, an employer) scans its QR code and lands here. The page
 * says whether the document is valid (printed, in force, not revoked, not replaced by a reprint), shows
 * the content central certified (its snapshot), and checks a PDF the holder sent byte for byte. When the
 * URL carries the signed payload (`?p=ES2…`, or `ES1…` on documents printed before kinds were data), the
 * signature is checked too and must agree with the record. Rate-limited per client address.
 *
 * A plugin with no store import: central/app.ts passes `lookup`, the keys and the view counter.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { verifyPayload, VerificationError } from '../../lib/verification.js';
import type { Language } from '../../shared/domain.js';
import { DEMO_INSTITUTION, type Institution } from '../../shared/institution.js';
import { localDate, localDateTime } from '../../shared/local-date.js';
import { CHECK_SCRIPT, CHECK_SCRIPT_PATH, tooManyHtml, verifyPageHtml } from './verify-page.js';
import { verdictOf, type SignatureCheck } from './verify-verdict.js';

export interface VerifyRecord {
  serial: string;
  kind: string;
  language: string;
  issuedAt: string;
  terminalId: string;
  /** authorized | printed | failed | cancelled */
  status: string;
  maskedName: string;
  /** The kind's titles as central holds the kind (docs/central.md "Document kinds"); absent or null: the kind id is shown. */
  title?: { zh: string; en: string } | null;
  /** The last day the document vouches for its holder (`YYYY-MM-DD`, the institution's timezone); absent or null: not known. */
  validUntil?: string | null;
  /** The facts central certified at authorize (central/store/document-verification.ts); absent: issued before #15. */
  snapshot?: Record<string, unknown> | null;
  /** SHA-256 of the printed PDF, as the station reported it. */
  fileSha256?: string | null;
  /** The render's content digest, as the station reported it (its first 128 bits are signed into the QR). */
  contentDigest?: string | null;
  revoked?: { at: string; reason: string } | null;
  /** The serial of the printed reprint that replaced it. */
  supersededBy?: string | null;
}

export interface PublishedKey {
  /** Key id as printed in payloads (keyIdOf(publicKey) unless configured). */
  kid: string;
  /** SPKI PEM of the Ed25519 public key. */
  publicKey: string;
  /** A station key's revocation: documents central issued before it stay valid, later ones fail. */
  revokedAt?: string | null;
}

export interface VerifyRoutesOptions {
  lookup: (code: string) => Promise<VerifyRecord | null>;
  /** The keys whose signatures the page accepts: a list, or read for every request (registered station keys). */
  keys: PublishedKey[] | (() => Promise<PublishedKey[]>);
  /**
   * Who issues the documents and where (the institution profile in force, read for every page so a new
   * version shows at once): its name heads the page, issue times are in its timezone. Default: the demo university.
   */
  institution?: () => Promise<Pick<Institution, 'name' | 'timezone'>>;
  /** Counts a view of the page for a document that exists. */
  onView?: (code: string) => Promise<void>;
  /** Requests per client address and window on the verification routes; default 30 a minute. */
  rateLimit?: { max: number; timeWindowMs: number };
}

/** The largest PDF the upload check reads; the built-in documents are well under 1 MB. */
export const MAX_CHECK_BYTES = 20 * 1024 * 1024;

/**
 * An issue time as the institution's people read it: 2026-12-02T23:30:00.000Z in Asia/Shanghai is
 * `2026-12-03 07:30 (Asia/Shanghai)`, the day printed on the document. Anything not a time is unchanged.
 */
export function formatIssued(iso: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(Date.parse(iso))) return iso;
  return `${localDateTime(iso, timeZone).slice(0, 16)} (${timeZone})`;
}

const CODE = /^[A-Za-z0-9-]{4,40}$/;
const langOf = (q: unknown, record: VerifyRecord | null): Language =>
  q === 'zh' || q === 'en' ? q : record?.language === 'en' ? 'en' : 'zh';

/** The office named in the snapshot's `university` block (as issued), or null. */
function officeOf(snapshot: Record<string, unknown> | null | undefined): { zh: string; en: string } | null {
  const u = snapshot?.university as Record<string, unknown> | undefined;
  return typeof u?.office === 'string' && typeof u.officeEn === 'string' ? { zh: u.office, en: u.officeEn } : null;
}

function checkSignature(payload: string, keys: PublishedKey[]): SignatureCheck {
  const map = new Map<string, KeyObject>(keys.map((k) => [k.kid, createPublicKey(k.publicKey)]));
  try {
    const facts = verifyPayload(payload, map);
    return { facts, keyRevokedAt: keys.find((k) => k.kid === facts.keyId)?.revokedAt ?? null };
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    return { error: err };
  }
}

/** What the upload check answers, in the page's language. */
function fileAnswer(record: VerifyRecord, sha256: string, isPdf: boolean, lang: Language) {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  if (!record.fileSha256)
    return {
      result: 'unknown',
      message: L(
        '本校未存该文件的指纹（较早签发或未打印），无法比对；请逐行核对本页内容。',
        'Central holds no fingerprint of this file (issued earlier, or never printed): compare the content on this page line by line instead.',
      ),
    };
  if (sha256 === record.fileSha256)
    return {
      result: 'same',
      message: L(
        `该文件与本校签发的 ${record.serial} 逐字节相同。其是否仍然有效见页面上方的状态。`,
        `This file is byte for byte the document ${record.serial} the university issued. Whether it is still valid is the status at the top of this page.`,
      ),
    };
  return {
    result: 'differs',
    message: L(
      `该文件与本校签发的文件不同${isPdf ? '' : '（它不是 PDF）'}：它被改动过、另存过，或是另一份文件。请只采信本页显示的内容，并逐行核对。`,
      `This file differs from the one the university issued${isPdf ? '' : ' (it is not a PDF)'}: it was changed, saved again, or is another document. Rely only on the content this page shows, and compare line by line.`,
    ),
  };
}

export const verifyRoutes: FastifyPluginAsync<VerifyRoutesOptions> = async (app, opts) => {
  const keys = typeof opts.keys === 'function' ? opts.keys : async () => opts.keys as PublishedKey[];
  const institution = opts.institution ?? (async () => DEMO_INSTITUTION);
  const limit = opts.rateLimit ?? { max: 30, timeWindowMs: 60_000 };

  // Per client address (req.ip: behind a trusted proxy, its X-Forwarded-For; central/trust-proxy.ts).
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} seconds`), {
        statusCode: 429,
        retryAfterS: Math.ceil(ctx.ttl / 1000),
      }),
  });
  // One counter per address for all these routes (a route's own `config.rateLimit` would count each apart).
  const limited = app.rateLimit({ max: limit.max, timeWindow: limit.timeWindowMs });
  // Only for these routes (an encapsulated plugin): a 429 as a page for people, as JSON for programs.
  app.setErrorHandler((err: Error & { statusCode?: number; retryAfterS?: number }, req, reply) => {
    if (err.statusCode !== 429) throw err;
    const wait = err.retryAfterS ?? 60;
    if (req.method === 'GET' && req.url.startsWith('/verify/'))
      return reply.code(429).type('text/html; charset=utf-8').send(tooManyHtml(wait));
    return reply
      .code(429)
      .send({ error: 'rate_limited', message: `Too many requests from your address; try again in ${wait} seconds.` });
  });

  const htmlHeaders = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      .type('text/html; charset=utf-8');

  app.get('/v1/keys', { onRequest: limited }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    // Revoked keys stay listed with their revocation: what they signed before it is still valid.
    return {
      keys: (await keys()).map((k) => ({
        kid: k.kid,
        alg: 'Ed25519',
        publicKey: k.publicKey,
        ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
      })),
    };
  });

  app.get(CHECK_SCRIPT_PATH, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(CHECK_SCRIPT),
  );

  app.get<{ Params: { code: string }; Querystring: { p?: string; lang?: string } }>(
    '/verify/:code',
    { onRequest: limited },
    async (req, reply) => {
      const code = req.params.code;
      htmlHeaders(reply);
      const issuer = await institution();
      if (!CODE.test(code)) {
        return reply.code(400).send(
          verifyPageHtml({
            code: code.slice(0, 40),
            lang: langOf(req.query.lang, null),
            payloadQuery: '',
            verdict: {
              state: 'unknown',
              headline: { zh: '验证码格式不正确', en: 'This is not a verification code' },
              detail: [],
            },
            issuer: issuer.name,
            record: null,
          }),
        );
      }
      const record = await opts.lookup(code);
      if (record) await opts.onView?.(code);
      const p = typeof req.query.p === 'string' && req.query.p ? req.query.p : null;
      const sig = p ? checkSignature(p, await keys()) : null;
      const verdict = verdictOf(record, sig, localDate(new Date(), issuer.timezone));
      return reply.code(record ? 200 : 404).send(
        verifyPageHtml({
          code,
          lang: langOf(req.query.lang, record),
          payloadQuery: p ? `p=${encodeURIComponent(p)}` : '',
          verdict,
          issuer: issuer.name,
          record: record && {
            title: record.title ?? null,
            kind: record.kind,
            serial: record.serial,
            maskedName: record.maskedName,
            issued: formatIssued(record.issuedAt, issuer.timezone),
            validUntil: record.validUntil ?? null,
            office: officeOf(record.snapshot),
            snapshot: record.snapshot ?? null,
            canCheckFile: Boolean(record.fileSha256),
          },
        }),
      );
    },
  );

  // The upload check: the PDF as the body (only this route reads application/pdf), hashed and dropped.
  await app.register(async (check) => {
    check.addContentTypeParser(
      'application/pdf',
      { parseAs: 'buffer', bodyLimit: MAX_CHECK_BYTES },
      (_req, body, done) => done(null, body),
    );
    check.post<{ Params: { code: string }; Querystring: { lang?: string }; Body: Buffer }>(
      '/verify/:code/check',
      { onRequest: limited, bodyLimit: MAX_CHECK_BYTES },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const record = CODE.test(req.params.code) ? await opts.lookup(req.params.code) : null;
        const lang = langOf(req.query.lang, record);
        if (!record)
          return reply.code(404).send({
            error: 'unknown_code',
            result: 'unknown',
            message:
              lang === 'zh' ? '未找到该验证码对应的文件。' : 'No document with this verification code was issued.',
          });
        if (!Buffer.isBuffer(req.body) || req.body.length === 0)
          return reply.code(400).send({
            error: 'no_file',
            message: 'Send the PDF file as the request body with Content-Type: application/pdf.',
          });
        const sha256 = createHash('sha256').update(req.body).digest('hex');
        const answer = fileAnswer(record, sha256, req.body.subarray(0, 5).toString('latin1') === '%PDF-', lang);
        // The outcome only: never the file, its digest or the code's holder.
        req.log.info({ outcome: answer.result }, 'verification upload checked');
        return answer;
      },
    );
  });
};
