/**
 * Central's check of a signed release (template, rollback, settings) against the publisher keys it was
 * started with (issue #12, finding 6): a release with a key central does not know, or whose signature
 * does not match, is refused before anything is stored, so one stolen admin token is not enough to
 * publish. The kiosks check again against their own keys; this is the same check (openSigned).
 */
import type { KeyObject } from 'node:crypto';
import type { SignedRelease } from '../../shared/central-api.js';
import { openSigned, ReleaseError } from '../../templates/engine/index.js';

export interface SignatureRefusal {
  error: 'unknown_key' | 'bad_signature' | 'release_too_large' | 'malformed_release';
  message: string;
}

/** Null when a trusted key signed exactly these bytes; else what is wrong and what to do. */
export function signatureRefusal(
  signed: SignedRelease,
  trusted: ReadonlyMap<string, KeyObject>,
): SignatureRefusal | null {
  try {
    openSigned(signed, trusted);
    return null;
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    switch (err.reason) {
      case 'unknown_key':
        return {
          error: 'unknown_key',
          message: `The release is signed with key ${signed.keyId.slice(0, 64)}, which this central does not trust. Sign it with a publisher key central was started with (estation central --publisher-key PEM, or a PEM file in its data folder's publisher-keys/), or add that key there and restart central.`,
        };
      case 'bad_signature':
        return {
          error: 'bad_signature',
          message:
            'The signature does not match the release: it was altered after signing, or signed with another key. Publish it again with the publisher key (--key PEM); nothing was stored.',
        };
      case 'too_large':
        return { error: 'release_too_large', message: err.message };
      default:
        return { error: 'malformed_release', message: err.message };
    }
  }
}
