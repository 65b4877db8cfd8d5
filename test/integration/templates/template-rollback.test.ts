/**
 * The station side of rollbacks and automatic fallback (TemplateSync with central answered from memory,
 * real releases, real renders): a signed rollback instruction is obeyed although its version is lower,
 * and survives a restart; an instruction that is forged, tampered with or unsigned changes nothing; a
 * newly activated version that fails to render goes back to the previous one by itself and is not
 * installed again, until a newer version or an instruction says otherwise.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/log.js';
import { withFallback } from '../../../main/core/template-fallback.js';
import { TemplateRegistry } from '../../../main/core/template-registry.js';
import { TemplateSync } from '../../../main/core/template-sync.js';
import type { ReleaseInfo, SignedRelease, TemplateRollback } from '../../../shared/central-api.js';
import {
  builtinTemplateDir,
  keyIdOf,
  packRelease,
  releaseDigest,
  renderCertificate,
  signDocument,
  signRelease,
} from '../../../templates/engine/index.js';

const publisher = generateKeyPairSync('ed25519');
const attacker = generateKeyPairSync('ed25519');

let dir: string;
let published: Map<string, SignedRelease>;
let rollbacks: SignedRelease[];
let lines: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-rollback-'));
  published = new Map();
  rollbacks = [];
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Central's listTemplates (every release and the rollbacks) and fetchTemplate, from memory. */
const central = {
  call: async (route: string, body: { id?: string; version?: string }) => {
    if (route === 'listTemplates') {
      const releases: ReleaseInfo[] = [...published.values()].map((s) => {
        const r = JSON.parse(Buffer.from(s.release, 'base64url').toString()) as ReleaseInfo;
        return {
          id: r.id,
          version: r.version,
          kind: r.kind,
          language: r.language,
          sha256: releaseDigest(s),
          keyId: s.keyId,
          publishedAt: '2026-12-01T10:00:00Z',
        };
      });
      return { releases, rollbacks };
    }
    return published.get(`${body.id}@${body.version}`)!;
  },
} as never;

/** The built-in Chinese enrollment certificate as `version`; `dormitory`: its schema also needs student.dormitory. */
function publish(version: string, o: { dormitory?: boolean } = {}): void {
  const src = join(dir, `src-${version}`);
  cpSync(builtinTemplateDir('enrollment-zh'), src, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8')) as {
    schema: Record<string, unknown>;
  };
  const sample = JSON.parse(readFileSync(join(src, 'sample.json'), 'utf8')) as { student: Record<string, unknown> };
  if (o.dormitory) {
    manifest.schema['student.dormitory'] = 'string';
    sample.student.dormitory = '东区 3 号楼';
  }
  writeFileSync(join(src, 'manifest.json'), JSON.stringify({ ...manifest, version }));
  writeFileSync(join(src, 'sample.json'), JSON.stringify(sample));
  published.set(`enrollment-zh@${version}`, signRelease(packRelease(src), publisher.privateKey));
}

const instruction = (to: string, through: string, issuedAt = new Date().toISOString()): TemplateRollback => ({
  format: 'estation-rollback/1',
  id: 'enrollment-zh',
  to,
  through,
  issuedAt,
});
const signedBy = (key: KeyObject, r: TemplateRollback) => signDocument(r, key);

function station() {
  const registry = TemplateRegistry.load();
  const sync = new TemplateSync({
    central,
    registry,
    dir: join(dir, 'installed'),
    trusted: new Map([[keyIdOf(publisher.publicKey), publisher.publicKey]]),
    log: createLogger({ write: (l) => lines.push(l) }),
    render: renderCertificate,
    idle: () => true,
  });
  sync.loadInstalled();
  return { registry, sync };
}
const active = (registry: TemplateRegistry) => registry.get('enrollment', 'zh')!.manifest.version;

/** A student's data as central sends it: the built-in sample, without the dormitory no central has. */
const studentData = () =>
  JSON.parse(readFileSync(join(builtinTemplateDir('enrollment-zh'), 'sample.json'), 'utf8')) as Record<string, unknown>;

describe('rollback instructions at the station', () => {
  it('a signed instruction makes the station go back to a lower version, and a restart keeps it', async () => {
    publish('5.0.0');
    publish('6.0.0');
    let { registry, sync } = station();
    await sync.sync();
    expect(active(registry)).toBe('6.0.0');

    rollbacks = [signedBy(publisher.privateKey, instruction('5.0.0', '6.0.0'))];
    await sync.sync();
    expect(active(registry)).toBe('5.0.0');
    expect(lines.some((l) => l.includes('template rolled back by a signed instruction'))).toBe(true);

    ({ registry, sync } = station());
    expect(active(registry)).toBe('5.0.0');
    // Central no longer says anything: the station still obeys the instruction it kept.
    rollbacks = [];
    await sync.sync();
    expect(active(registry)).toBe('5.0.0');

    // A version published after the rollback is new again.
    publish('6.1.0');
    await sync.sync();
    expect(active(registry)).toBe('6.1.0');
  });

  it('the target is installed when the station never had it', async () => {
    publish('5.0.0');
    publish('6.0.0');
    const { registry, sync } = station();
    published.delete('enrollment-zh@2.0.0');
    await sync.sync();
    expect(active(registry)).toBe('6.0.0');
    publish('5.0.0');
    rollbacks = [signedBy(publisher.privateKey, instruction('5.0.0', '6.0.0'))];
    await sync.sync();
    expect(active(registry)).toBe('5.0.0');
  });

  it('a rollback instruction signed by an attacker key is refused and changes nothing', async () => {
    publish('5.0.0');
    publish('6.0.0');
    const { registry, sync } = station();
    await sync.sync();
    rollbacks = [signedBy(attacker.privateKey, instruction('5.0.0', '6.0.0'))];
    const r = await sync.sync();
    expect(r.refused).toEqual([
      { release: expect.stringMatching(/^rollback /), reason: expect.stringMatching(/^unknown_key/) },
    ]);
    expect(active(registry)).toBe('6.0.0');
  });

  it('a tampered rollback instruction (altered after signing) is refused as bad_signature', async () => {
    publish('5.0.0');
    publish('6.0.0');
    const { registry, sync } = station();
    await sync.sync();
    // Signed to withdraw nothing that matters (6.0.0 up to 6.0.0 is empty); changed to go back to 5.0.0.
    const genuine = signedBy(publisher.privateKey, instruction('6.0.0', '6.0.0'));
    const altered = Buffer.from(JSON.stringify(instruction('5.0.0', '6.0.0'))).toString('base64url');
    rollbacks = [{ ...genuine, release: altered }];
    const r = await sync.sync();
    expect(r.refused[0]?.reason).toMatch(/^bad_signature/);
    expect(active(registry)).toBe('6.0.0');
  });

  it('an unsigned rollback instruction (a signature of nothing) is refused', async () => {
    publish('5.0.0');
    publish('6.0.0');
    const { registry, sync } = station();
    await sync.sync();
    const bytes = Buffer.from(JSON.stringify(instruction('5.0.0', '6.0.0'))).toString('base64url');
    rollbacks = [{ release: bytes, signature: 'AAAA', keyId: keyIdOf(publisher.publicKey) }];
    expect((await sync.sync()).refused[0]?.reason).toMatch(/^bad_signature/);
    expect(active(registry)).toBe('6.0.0');
  });

  it('an older instruction replayed after a newer one changes nothing', async () => {
    publish('5.0.0');
    publish('6.0.0');
    const { registry, sync } = station();
    const old = signedBy(publisher.privateKey, instruction('5.0.0', '6.0.0', '2026-12-01T08:00:00Z'));
    const newer = signedBy(publisher.privateKey, instruction('6.0.0', '6.0.0', '2026-12-01T09:00:00Z'));
    rollbacks = [newer];
    await sync.sync();
    rollbacks = [old];
    await sync.sync();
    expect(active(registry)).toBe('6.0.0');
  });
});

describe('automatic fallback at the station', () => {
  it('a new version that fails to render goes back to the previous one, the document is rendered with it, and it stays withdrawn', async () => {
    publish('5.0.0');
    const { registry, sync } = station();
    await sync.sync();
    publish('6.0.0', { dormitory: true });
    await sync.sync();
    expect(active(registry)).toBe('6.0.0');

    const render = withFallback(renderCertificate, () => sync);
    const data = { ...studentData(), document: studentData().document };
    const result = await render(registry.get('enrollment', 'zh')!, data);
    expect(result.pages).toBe(1);
    expect(result.template?.manifest.version).toBe('5.0.0');
    expect(active(registry)).toBe('5.0.0');
    expect(sync.fallbacks()).toEqual([
      expect.objectContaining({
        kind: 'enrollment',
        language: 'zh',
        failed: { id: 'enrollment-zh', version: '6.0.0' },
        using: { id: 'enrollment-zh', version: '5.0.0' },
        error: expect.stringMatching(/student\.dormitory: is required/),
      }),
    ]);

    // Not installed again, also after a restart.
    await sync.sync();
    expect(active(registry)).toBe('5.0.0');
    const again = station();
    await again.sync.sync();
    expect(active(again.registry)).toBe('5.0.0');
    expect(again.sync.fallbacks()).toHaveLength(1);

    // A newer version is tried, and the alert ends with it.
    publish('6.0.1');
    await again.sync.sync();
    expect(active(again.registry)).toBe('6.0.1');
    expect(again.sync.fallbacks()).toEqual([]);
  });

  it('two documents failing at once with the new version are both served, and it is withdrawn once', async () => {
    publish('5.0.0');
    const { registry, sync } = station();
    await sync.sync();
    publish('6.0.0', { dormitory: true });
    await sync.sync();
    const render = withFallback(renderCertificate, () => sync);
    const failing = registry.get('enrollment', 'zh')!;
    const results = await Promise.all([render(failing, studentData()), render(failing, studentData())]);
    expect(results.map((r) => r.template?.manifest.version)).toEqual(['5.0.0', '5.0.0']);
    expect(sync.fallbacks()).toHaveLength(1);
  });

  it('an explicit instruction brings a failed version back', async () => {
    publish('5.0.0');
    const { registry, sync } = station();
    await sync.sync();
    publish('6.0.0', { dormitory: true });
    await sync.sync();
    await withFallback(renderCertificate, () => sync)(registry.get('enrollment', 'zh')!, studentData());
    expect(active(registry)).toBe('5.0.0');
    // The admin decides 6.0.0 is to be used after all (e.g. central now sends the dormitory).
    publish('6.0.2');
    rollbacks = [signedBy(publisher.privateKey, instruction('6.0.0', '6.0.2'))];
    await sync.sync();
    expect(active(registry)).toBe('6.0.0');
  });

  it('when the previous version fails on the same data too, the data is at fault: nothing is withdrawn', async () => {
    publish('5.0.0');
    const { registry, sync } = station();
    await sync.sync();
    publish('6.0.0');
    await sync.sync();
    const bad = studentData();
    delete (bad.student as Record<string, unknown>).name;
    await expect(withFallback(renderCertificate, () => sync)(registry.get('enrollment', 'zh')!, bad)).rejects.toThrow(
      /student\.name: is required/,
    );
    expect(active(registry)).toBe('6.0.0');
    expect(sync.fallbacks()).toEqual([]);
  });

  it('a built-in template with nothing earlier is not withdrawn', async () => {
    const { registry, sync } = station();
    const bad = studentData();
    delete (bad.student as Record<string, unknown>).name;
    const builtin = active(registry);
    await expect(withFallback(renderCertificate, () => sync)(registry.get('enrollment', 'zh')!, bad)).rejects.toThrow();
    expect(active(registry)).toBe(builtin);
  });
});
