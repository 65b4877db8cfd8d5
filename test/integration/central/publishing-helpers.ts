/** What the template and settings publishing tests share: raw HTTP calls to central, and signing. */
import { createHash, sign, type KeyObject } from 'node:crypto';
import type { SignedRelease } from '../../../shared/central-api.js';
import { builtinTemplateDir, packRelease } from '../../../templates/engine/index.js';

/** A caller that POSTs `body` (or `raw` text as it is) with an optional bearer token; answers status, text and parsed JSON. */
export function centralCaller(baseUrl: () => string) {
  return async (path: string, token: string | null, body: unknown, raw?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${baseUrl()}${path}`, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Record<string, unknown> };
  };
}

/** Signs exactly the given bytes (or the JSON of an object) with a publisher's Ed25519 key. */
export function signedWith(privateKey: KeyObject, release: Record<string, unknown> | Buffer): SignedRelease {
  const bytes = Buffer.isBuffer(release) ? release : Buffer.from(JSON.stringify(release), 'utf8');
  return {
    release: bytes.toString('base64url'),
    signature: sign(null, bytes, privateKey).toString('base64url'),
    keyId: 'publisher-2026',
  };
}

export const sha256Of = (s: SignedRelease) =>
  createHash('sha256').update(Buffer.from(s.release, 'base64url')).digest('hex');
export const fieldPaths = (json: Record<string, unknown>) => (json.fields as { path: string }[]).map((f) => f.path);

/**
 * A real template release (what `estation template publish` packs) made from the built-in bundle of
 * `kind`-`language`, renamed to `id` at `version`; `edit` may change its parsed manifest, layout or sample.
 */
export function builtinRelease(
  o: { id: string; version: string; kind: string; language: 'zh' | 'en' },
  edit: (files: {
    manifest: Record<string, unknown>;
    layout: Record<string, unknown>;
    sample: Record<string, unknown>;
  }) => void = () => {},
): Record<string, unknown> & { files: Record<string, string> } {
  const packed = packRelease(builtinTemplateDir(`${o.kind}-${o.language}`));
  const read = (name: string) =>
    JSON.parse(Buffer.from(packed.files[name]!, 'base64').toString('utf8')) as Record<string, unknown>;
  const files = {
    manifest: { ...read('manifest.json'), id: o.id, version: o.version },
    layout: read('layout.json'),
    sample: read('sample.json'),
  };
  edit(files);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
  return {
    ...packed,
    id: o.id,
    version: o.version,
    files: {
      ...packed.files,
      'manifest.json': b64(files.manifest),
      'layout.json': b64(files.layout),
      'sample.json': b64(files.sample),
    },
  };
}
