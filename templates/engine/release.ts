/**
 * Template releases: a template bundle folder packed into one JSON document, signed by an admin's
 * publisher key (Ed25519), carried through central unchanged, and verified by each kiosk against the
 * publisher keys its configuration trusts before anything is unpacked.
 *
 * The signature covers the exact bytes shipped (base64url in `SignedRelease.release`), so there is no
 * canonical form to get wrong. A release holds data only: the bundle's JSON files and its assets,
 * under safe relative paths (no `..`, no absolute paths, no hidden files), within size limits.
 */
import { createHash, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DocumentKind } from '../../shared/domain.js';
import type { SignedRelease } from '../../shared/central-api.js';
import { TemplateVersion } from '../../shared/semver.js';
import { loadTemplateBundle } from './bundle.js';
import { layoutAssets } from './layout.js';
import { keyIdOf } from '../../lib/verification.js';

export const RELEASE_FORMAT = 'estation-template/1';
/** Per file and per release (decoded): a seal scan and a logo fit easily; anything bigger is a mistake. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_RELEASE_BYTES = 4 * 1024 * 1024;
const SAFE_PATH = /^(?!.*\.\.)(?!\/)(?!.*\/\.)(?!\.)(?!.*\/\/)(?!.*\/$)[A-Za-z0-9._/-]{1,200}$/;

const Release = z
  .object({
    format: z.literal(RELEASE_FORMAT),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    version: TemplateVersion,
    kind: DocumentKind,
    language: z.enum(['zh', 'en']),
    files: z.record(z.string(), z.string()),
  })
  .strict();
export type TemplateRelease = z.infer<typeof Release>;

export class ReleaseError extends Error {
  override name = 'ReleaseError';
  constructor(
    readonly reason: 'malformed' | 'unknown_key' | 'bad_signature' | 'unsafe_path' | 'too_large' | 'invalid_template',
    message: string,
  ) {
    super(message);
  }
}

export { compareVersions } from '../../shared/semver.js';

/** Packs a bundle folder; the bundle is validated first, so only a template that loads is ever packed. */
export function packRelease(dir: string): TemplateRelease {
  const bundle = loadTemplateBundle(dir);
  const names = ['manifest.json', 'layout.json', 'sample.json', ...layoutAssets(bundle.layout)];
  const files: Record<string, string> = {};
  for (const name of names) files[name] = readFileSync(join(dir, name)).toString('base64');
  const { id, version, kind, language } = bundle.manifest;
  return { format: RELEASE_FORMAT, id, version, kind, language, files };
}

/** Signs any JSON document (a template release, a settings release) with a publisher's Ed25519 private key. */
export function signDocument(document: unknown, privateKey: KeyObject | string): SignedRelease {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const bytes = Buffer.from(JSON.stringify(document), 'utf8');
  return {
    release: bytes.toString('base64url'),
    signature: sign(null, bytes, key).toString('base64url'),
    keyId: keyIdOf(key),
  };
}

/** Signs a template release with a publisher's Ed25519 private key (PEM or KeyObject). */
export function signRelease(release: TemplateRelease, privateKey: KeyObject | string): SignedRelease {
  return signDocument(release, privateKey);
}

/**
 * Checks a signed document's key and signature and returns its parsed JSON (unvalidated: the caller
 * checks it against its own schema). Throws ReleaseError: unknown_key, too_large, bad_signature, malformed.
 */
export function openSigned(
  signed: SignedRelease,
  trusted: ReadonlyMap<string, KeyObject>,
  maxBytes = MAX_RELEASE_BYTES,
): unknown {
  const key = trusted.get(signed.keyId);
  if (!key)
    throw new ReleaseError(
      'unknown_key',
      `Signed with key ${signed.keyId}, which this station does not trust (publishing.publisherKeys).`,
    );
  const bytes = Buffer.from(signed.release, 'base64url');
  if (bytes.length > maxBytes)
    throw new ReleaseError('too_large', `The document is ${bytes.length} bytes; at most ${maxBytes} are accepted.`);
  if (!verify(null, bytes, key, Buffer.from(signed.signature, 'base64url'))) {
    throw new ReleaseError(
      'bad_signature',
      'The signature does not match the content: it was altered after signing, or signed with another key.',
    );
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ReleaseError('malformed', `The signed document is not JSON (${(err as Error).message.slice(0, 200)}).`);
  }
}

/** Hex SHA-256 of the release bytes: how central and kiosks name exactly one release. */
export function releaseDigest(signed: SignedRelease): string {
  return createHash('sha256').update(Buffer.from(signed.release, 'base64url')).digest('hex');
}

/**
 * Checks a signed release against the trusted publisher keys (by key id) and returns its content.
 * Throws ReleaseError: unknown_key, bad_signature, malformed, unsafe_path or too_large.
 */
export function verifyRelease(signed: SignedRelease, trusted: ReadonlyMap<string, KeyObject>): TemplateRelease {
  const content = openSigned(signed, trusted);
  let parsed: TemplateRelease;
  try {
    parsed = Release.parse(content);
  } catch (err) {
    throw new ReleaseError(
      'malformed',
      `The release is not a template release (${(err as Error).message.slice(0, 300)}).`,
    );
  }
  for (const [name, content] of Object.entries(parsed.files)) {
    if (!SAFE_PATH.test(name))
      throw new ReleaseError(
        'unsafe_path',
        `The release contains a file with an unsafe name: ${JSON.stringify(name)}.`,
      );
    if ((content.length * 3) / 4 > MAX_FILE_BYTES + 4)
      throw new ReleaseError('too_large', `${name} is larger than ${MAX_FILE_BYTES} bytes.`);
  }
  // A name that is another file's folder (`a` and `a/b`) could not be unpacked.
  const names = new Set(Object.keys(parsed.files));
  for (const name of names) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (names.has(folder))
        throw new ReleaseError(
          'unsafe_path',
          `The release has both a file ${JSON.stringify(folder)} and a file inside it (${JSON.stringify(name)}).`,
        );
    }
  }
  for (const required of ['manifest.json', 'layout.json', 'sample.json']) {
    if (!(required in parsed.files)) throw new ReleaseError('malformed', `The release has no ${required}.`);
  }
  return parsed;
}

/**
 * Writes a verified release into an empty folder and loads it as a bundle (schema, fonts, assets and
 * bindings checked), and checks that the manifest says what the release says. Throws ReleaseError
 * (invalid_template) with the bundle's own problems when it does not load. The files are not fsynced
 * here: the folder is a scratch folder, and the caller that renames it into place makes it durable
 * first (main/core/template-sync.ts, fsyncTree).
 */
export function unpackRelease(release: TemplateRelease, dir: string): ReturnType<typeof loadTemplateBundle> {
  for (const [name, content] of Object.entries(release.files)) {
    if (!SAFE_PATH.test(name)) throw new ReleaseError('unsafe_path', `unsafe file name ${JSON.stringify(name)}`);
    const target = join(dir, name);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, Buffer.from(content, 'base64'));
    } catch (err) {
      throw new ReleaseError('invalid_template', `${name} cannot be unpacked: ${(err as Error).message}`);
    }
  }
  let bundle;
  try {
    bundle = loadTemplateBundle(dir);
  } catch (err) {
    throw new ReleaseError('invalid_template', `The released template does not load: ${(err as Error).message}`);
  }
  const m = bundle.manifest;
  if (
    m.id !== release.id ||
    m.version !== release.version ||
    m.kind !== release.kind ||
    m.language !== release.language
  ) {
    throw new ReleaseError(
      'invalid_template',
      `The release says ${release.id}@${release.version} (${release.kind}/${release.language}) but its manifest says ${m.id}@${m.version} (${m.kind}/${m.language}).`,
    );
  }
  return bundle;
}
