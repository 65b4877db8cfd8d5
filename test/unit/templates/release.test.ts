import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  builtinTemplateDir,
  compareVersions,
  keyIdOf,
  packRelease,
  releaseDigest,
  ReleaseError,
  signRelease,
  unpackRelease,
  verifyRelease,
} from '../../../templates/engine/index.js';

const publisher = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const trusted = new Map([[keyIdOf(publisher.publicKey), publisher.publicKey]]);

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const scratch = () => (dir = mkdtempSync(join(tmpdir(), 'estation-release-')));

/** The built-in enrollment certificate as version 1.1.0 with its title changed. */
function editedBundle(): string {
  const d = join(scratch(), 'src');
  cpSync(builtinTemplateDir('enrollment-zh'), d, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as { version: string };
  writeFileSync(join(d, 'manifest.json'), JSON.stringify({ ...manifest, version: '1.1.0' }));
  return d;
}

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReleaseError) return err.reason;
    throw err;
  }
  return 'accepted';
};

describe('template releases', () => {
  it('pack, sign, verify and unpack: the same bundle comes out', () => {
    const signed = signRelease(packRelease(editedBundle()), publisher.privateKey);
    expect(signed.keyId).toBe(keyIdOf(publisher.publicKey));
    expect(releaseDigest(signed)).toMatch(/^[0-9a-f]{64}$/);
    const release = verifyRelease(signed, trusted);
    expect(release).toMatchObject({ id: 'enrollment-zh', version: '1.1.0', kind: 'enrollment', language: 'zh' });
    const bundle = unpackRelease(release, join(dir!, 'out'));
    expect(bundle.manifest.version).toBe('1.1.0');
    expect(readFileSync(join(dir!, 'out', 'layout.json'))).toEqual(
      readFileSync(join(builtinTemplateDir('enrollment-zh'), 'layout.json')),
    );
  });

  it('refuses a key it does not trust, an altered release, and an altered signature', () => {
    const release = packRelease(editedBundle());
    expect(reason(() => verifyRelease(signRelease(release, stranger.privateKey), trusted))).toBe('unknown_key');
    const signed = signRelease(release, publisher.privateKey);
    const bytes = Buffer.from(signed.release, 'base64url').toString().replace('"1.1.0"', '"9.9.9"');
    expect(reason(() => verifyRelease({ ...signed, release: Buffer.from(bytes).toString('base64url') }, trusted))).toBe(
      'bad_signature',
    );
    const sig = Buffer.from(signed.signature, 'base64url');
    sig[0]! ^= 1;
    expect(reason(() => verifyRelease({ ...signed, signature: sig.toString('base64url') }, trusted))).toBe(
      'bad_signature',
    );
  });

  it('refuses signed content that is not a safe template release', () => {
    const base = packRelease(editedBundle());
    const signedWith = (r: unknown) => signRelease(r as typeof base, publisher.privateKey);
    expect(reason(() => verifyRelease(signedWith({ ...base, format: 'other/1' }), trusted))).toBe('malformed');
    expect(
      reason(() =>
        verifyRelease(signedWith({ ...base, files: { ...base.files, '../../etc/cron.d/x': 'AA==' } }), trusted),
      ),
    ).toBe('unsafe_path');
    expect(
      reason(() => verifyRelease(signedWith({ ...base, files: { ...base.files, '/etc/passwd': 'AA==' } }), trusted)),
    ).toBe('unsafe_path');
    expect(
      reason(() => verifyRelease(signedWith({ ...base, files: { ...base.files, '.hidden': 'AA==' } }), trusted)),
    ).toBe('unsafe_path');
    expect(
      reason(() => verifyRelease(signedWith({ ...base, files: { ...base.files, 'assets/': 'AA==' } }), trusted)),
    ).toBe('unsafe_path');
    expect(
      reason(() =>
        verifyRelease(
          signedWith({ ...base, files: { ...base.files, assets: 'AA==', 'assets/seal.png': 'AA==' } }),
          trusted,
        ),
      ),
    ).toBe('unsafe_path');
    expect(
      reason(() =>
        verifyRelease(signedWith({ ...base, files: { ...base.files, 'big.png': 'A'.repeat(3_000_000) } }), trusted),
      ),
    ).toBe('too_large');
    const { 'layout.json': _layout, ...noLayout } = base.files;
    expect(reason(() => verifyRelease(signedWith({ ...base, files: noLayout }), trusted))).toBe('malformed');
  });

  it('refuses, when unpacked, a bundle that does not load or whose manifest contradicts the release', () => {
    const base = packRelease(editedBundle());
    const out = join(dir!, 'a');
    const badLayout = {
      ...base,
      files: { ...base.files, 'layout.json': Buffer.from('{"page":"A4"').toString('base64') },
    };
    expect(reason(() => unpackRelease(badLayout, out))).toBe('invalid_template');
    const lying = { ...base, version: '2.0.0' };
    expect(reason(() => unpackRelease(lying, join(dir!, 'b')))).toBe('invalid_template');
    expect(existsSync(join(dir!, 'b', 'manifest.json'))).toBe(true); // written to the scratch folder only
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0', '10.0.0')).toBeLessThan(0);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
  });
});
