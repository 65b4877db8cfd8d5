/**
 * The public verification page, `/verify/:code`, and the published public keys, `/v1/keys`.
 *
 * Anyone holding a document (an embassy clerk, an employer) scans its QR code and lands here. The
 * page says whether a document with this verification code was issued, what it is and when, and
 * shows no more personal data than the masked name. When the URL carries the signed payload
 * (`?p=ES2…`, or `ES1…` on documents printed before kinds were data), the signature is checked too
 * and must agree with the record. What the document is called and how long it is valid come from the
 * kind's data at central (docs/central.md "Document kinds").
 *
 * A plugin with no store import: central/app.ts passes `lookup` and the public keys.
 */
import type { FastifyPluginAsync } from 'fastify';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { verifyPayload, VerificationError, type VerifiedFacts } from '../../lib/verification.js';
import { DEMO_INSTITUTION, type Institution } from '../../shared/institution.js';
import { localDate, localDateTime } from '../../shared/local-date.js';

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
}

export interface PublishedKey {
  /** Key id as printed in payloads (keyIdOf(publicKey) unless configured). */
  kid: string;
  /** SPKI PEM of the Ed25519 public key. */
  publicKey: string;
}

export interface VerifyRoutesOptions {
  lookup: (code: string) => Promise<VerifyRecord | null>;
  keys: PublishedKey[];
  /**
   * Who issues the documents and where (the institution profile in force, read for every page so a new
   * version shows at once): its name heads the page, issue times are in its timezone. Default: the demo university.
   */
  institution?: () => Promise<Pick<Institution, 'name' | 'timezone'>>;
}

/**
 * An issue time as the institution's people read it: 2026-12-02T23:30:00.000Z in Asia/Shanghai is
 * `2026-12-03 07:30 (Asia/Shanghai)`, the day printed on the document. Anything not a time is unchanged.
 */
export function formatIssued(iso: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(Date.parse(iso))) return iso;
  return `${localDateTime(iso, timeZone).slice(0, 16)} (${timeZone})`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Verdict = { state: 'genuine' | 'invalid' | 'unknown'; headline: [string, string]; detail: string[] };

function verdict(
  record: VerifyRecord | null,
  sig: { facts?: VerifiedFacts; error?: VerificationError } | null,
  today: string,
): Verdict {
  if (!record)
    return {
      state: 'unknown',
      headline: ['未找到该验证码对应的文件', 'No document with this verification code was issued'],
      detail: [
        '请核对验证码是否输入正确。 Check that the code was entered correctly; a document whose code is not found is not genuine.',
      ],
    };
  if (record.status !== 'printed' && record.status !== 'authorized') {
    return {
      state: 'invalid',
      headline: ['该文件未有效签发', 'This document was not validly issued'],
      detail: [`状态 Status: ${record.status}`],
    };
  }
  if (sig?.error)
    return {
      state: 'invalid',
      headline: ['二维码签名无效', 'The QR code signature is not valid'],
      detail: [sig.error.message],
    };
  if (sig?.facts && (sig.facts.serial !== record.serial || sig.facts.kind !== record.kind)) {
    return {
      state: 'invalid',
      headline: ['二维码与签发记录不符', 'The QR code does not match the issued document'],
      detail: ['The signed serial or document kind differs from the record for this code.'],
    };
  }
  if (record.validUntil && today > record.validUntil)
    return {
      state: 'invalid',
      headline: ['该文件已超过有效期', "This document's validity has ended"],
      detail: [
        `有效期至 Valid until ${record.validUntil}. 请持有人重新开具。 Ask the holder for a newly issued document.`,
      ],
    };
  return {
    state: 'genuine',
    headline: ['真实有效：该文件由本校签发', 'Genuine: this document was issued by the university'],
    detail: sig?.facts ? ["二维码电子签名验证通过。 The QR code's digital signature is valid."] : [],
  };
}

function page(
  code: string,
  v: Verdict,
  record: VerifyRecord | null,
  institution: Pick<Institution, 'name' | 'timezone'>,
): string {
  const issuer = `${institution.name.zh} ${institution.name.en}`;
  const color = v.state === 'genuine' ? '#1b7f3b' : '#b3261e';
  const rows = record
    ? [
        ['文件 Document', record.title ? `${record.title.zh} · ${record.title.en}` : record.kind],
        ['持有人 Holder', record.maskedName],
        ['编号 Serial', record.serial],
        ['签发时间 Issued', formatIssued(record.issuedAt, institution.timezone)],
        ...(record.validUntil ? [['有效期至 Valid until', record.validUntil]] : []),
        ['签发终端 Terminal', record.terminalId],
        ['语言 Language', record.language === 'zh' ? '中文' : 'English'],
      ]
    : [];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(issuer)} · 文件验证 Document verification</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.2rem}.verdict{border-left:6px solid ${color};padding:.8rem 1rem;background:#f7f7f7}
.verdict strong{color:${color};font-size:1.15rem;display:block}table{border-collapse:collapse;margin-top:1rem;width:100%}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}th{width:40%;font-weight:600}</style></head>
<body><main><h1>${esc(issuer)} · 文件真伪验证 / Document verification</h1>
<p>验证码 Verification code: <code data-testid="code">${esc(code)}</code></p>
<section class="verdict" data-testid="verdict" data-state="${v.state}"><strong>${esc(v.headline[0])}</strong><span>${esc(v.headline[1])}</span>
${v.detail.map((d) => `<p>${esc(d)}</p>`).join('')}</section>
${rows.length ? `<table data-testid="facts">${rows.map(([k, val]) => `<tr><th>${esc(k!)}</th><td>${esc(val!)}</td></tr>`).join('')}</table>` : ''}
<p><small>本页仅显示核验所需的信息。This page shows only what is needed to verify the document.</small></p></main></body></html>`;
}

export const verifyRoutes: FastifyPluginAsync<VerifyRoutesOptions> = async (app, opts) => {
  const keys = new Map<string, KeyObject>(opts.keys.map((k) => [k.kid, createPublicKey(k.publicKey)]));
  const institution = opts.institution ?? (async () => DEMO_INSTITUTION);

  app.get('/v1/keys', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return { keys: opts.keys.map((k) => ({ kid: k.kid, alg: 'Ed25519', publicKey: k.publicKey })) };
  });

  app.get<{ Params: { code: string }; Querystring: { p?: string } }>('/verify/:code', async (req, reply) => {
    const code = req.params.code;
    reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    reply.type('text/html; charset=utf-8');
    if (!/^[A-Za-z0-9-]{4,40}$/.test(code)) {
      return reply
        .code(400)
        .send(
          page(
            code.slice(0, 40),
            { state: 'unknown', headline: ['验证码格式不正确', 'This is not a verification code'], detail: [] },
            null,
            await institution(),
          ),
        );
    }
    const record = await opts.lookup(code);
    let sig: { facts?: VerifiedFacts; error?: VerificationError } | null = null;
    if (typeof req.query.p === 'string' && req.query.p) {
      try {
        sig = { facts: verifyPayload(req.query.p, keys) };
      } catch (err) {
        if (!(err instanceof VerificationError)) throw err;
        sig = { error: err };
      }
    }
    const issuer = await institution();
    const v = verdict(record, sig, localDate(new Date(), issuer.timezone));
    return reply.code(record ? 200 : 404).send(page(code, v, record, issuer));
  });
};
