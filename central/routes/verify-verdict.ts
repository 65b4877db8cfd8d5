/**
 * What the verification page says about a document (issue #15, #12 finding 10): only a document central
 * knows was printed, is in force, not revoked and not replaced by a reprint is "genuine". Each verdict is
 * in both languages; the page shows it in its language first.
 */
import type { VerificationError, VerifiedFacts } from '../../lib/verification.js';
import type { Language } from '../../shared/domain.js';

export type VerdictState = 'genuine' | 'not_issued' | 'superseded' | 'revoked' | 'expired' | 'invalid' | 'unknown';

type Both = Record<Language, string>;
export interface Verdict {
  state: VerdictState;
  headline: Both;
  detail: Both[];
}

/** What the verdict reads of a document's record (central/routes/verify.ts VerifyRecord). */
export interface VerdictRecord {
  serial: string;
  kind: string;
  issuedAt: string;
  status: string;
  validUntil?: string | null | undefined;
  contentDigest?: string | null | undefined;
  revoked?: { at: string; reason: string } | null | undefined;
  supersededBy?: string | null | undefined;
}

/** The signed payload's check: its facts, or why it failed; with the revocation of the key that signed it. */
export interface SignatureCheck {
  facts?: VerifiedFacts;
  error?: VerificationError;
  keyRevokedAt?: string | null;
}

const both = (zh: string, en: string): Both => ({ zh, en });

export function verdictOf(record: VerdictRecord | null, sig: SignatureCheck | null, today: string): Verdict {
  if (!record)
    return {
      state: 'unknown',
      headline: both('未找到该验证码对应的文件', 'No document with this verification code was issued'),
      detail: [
        both(
          '请核对验证码是否输入正确；找不到验证码的文件不是本校签发的。',
          'Check that the code was entered correctly; a document whose code is not found is not genuine.',
        ),
      ],
    };
  if (sig?.error) {
    const unknownKey = sig.error.reason === 'unknown_key';
    return {
      state: 'invalid',
      headline: unknownKey
        ? both('二维码由本校不认可的密钥签名', 'The QR code was signed by a key the university does not know')
        : both('二维码签名无效', 'The QR code signature is not valid'),
      detail: [
        unknownKey
          ? both(
              '该签名密钥未在本校登记：文件不是本校签发的，或签发终端的密钥尚未登记。请勿采信，并联系签发部门。',
              `${sig.error.message} Do not rely on the document; ask the issuing office.`,
            )
          : both('二维码内容被改动或伪造。', sig.error.message),
      ],
    };
  }
  const f = sig?.facts;
  if (f && (f.serial !== record.serial || f.kind !== record.kind))
    return {
      state: 'invalid',
      headline: both('二维码与签发记录不符', 'The QR code does not match the issued document'),
      detail: [
        both(
          '签名中的编号或文件种类与该验证码的记录不同。',
          'The signed serial or document kind differs from the record for this code.',
        ),
      ],
    };
  if (f && record.contentDigest && !record.contentDigest.startsWith(f.digestPrefix))
    return {
      state: 'invalid',
      headline: both('二维码与打印的内容不符', 'The QR code does not match the printed content'),
      detail: [
        both(
          '签名中的内容摘要与终端报告打印的文件不同。',
          'The content digest in the signature differs from the one the station reported when it printed.',
        ),
      ],
    };
  // Central's own issue time, not the payload's: a stolen key cannot backdate a document past its revocation.
  if (f && sig?.keyRevokedAt && record.issuedAt >= sig.keyRevokedAt)
    return {
      state: 'invalid',
      headline: both('签名密钥已被吊销', "The station's signing key was revoked"),
      detail: [
        both(
          `签名密钥 ${f.keyId} 已于 ${sig.keyRevokedAt} 吊销，此后签发的文件无效。`,
          `The key ${f.keyId} was revoked on ${sig.keyRevokedAt}; documents issued after that are not valid.`,
        ),
      ],
    };
  if (record.revoked)
    return {
      state: 'revoked',
      headline: both('该文件已被撤销', 'This document was revoked'),
      detail: [both(`撤销原因：${record.revoked.reason}`, `Reason: ${record.revoked.reason}`)],
    };
  if (record.supersededBy)
    return {
      state: 'superseded',
      headline: both('该文件已被补打件取代', 'This document was replaced by a reprint'),
      detail: [
        both(
          `有效的是补打件 ${record.supersededBy}；请向持有人索取。`,
          `The valid document is the reprint ${record.supersededBy}; ask the holder for it.`,
        ),
      ],
    };
  if (record.status !== 'printed')
    return {
      state: 'not_issued',
      headline: both('该文件未签发', 'This document was not issued'),
      detail: [
        both(
          record.status === 'authorized'
            ? '已批准打印，但终端从未报告打印成功：纸质件若存在，不是有效文件。'
            : '打印失败或已取消：纸质件若存在，不是有效文件。',
          record.status === 'authorized'
            ? 'It was authorized, but the station never reported it printed: a paper with this code is not a valid document.'
            : 'Its printing failed or was cancelled: a paper with this code is not a valid document.',
        ),
      ],
    };
  if (record.validUntil && today > record.validUntil)
    return {
      state: 'expired',
      headline: both('该文件已超过有效期', "This document's validity has ended"),
      detail: [
        both(
          `有效期至 ${record.validUntil}。请持有人重新开具。`,
          `Valid until ${record.validUntil}. Ask the holder for a newly issued document.`,
        ),
      ],
    };
  return {
    state: 'genuine',
    headline: both('真实有效：该文件由本校签发', 'Genuine: this document was issued by the university'),
    detail: [
      both(
        '请逐行核对纸质件与下方内容；内容不同即为被改动。',
        'Compare the paper with the content below line by line; any difference means it was altered.',
      ),
      ...(f ? [both('二维码电子签名验证通过。', "The QR code's digital signature is valid.")] : []),
    ],
  };
}
