/**
 * The kiosk side of template publishing (TemplateSync) with central's two routes answered from
 * memory: only a release signed by a trusted key, that loads and renders its own sample, is installed;
 * it goes live only while nobody uses the station; a refused release is not fetched again; and what
 * was installed survives a restart, while a crash's scratch folder does not.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DurableFs } from '../../../drivers/durable-file.js';
import { CentralRejectedError } from '../../../main/core/central-client.js';
import { createLogger } from '../../../main/core/log.js';
import { TemplateRegistry } from '../../../main/core/template-registry.js';
import { TemplateSync } from '../../../main/core/template-sync.js';
import type { ReleaseInfo, SignedRelease } from '../../../shared/central-api.js';
import {
  builtinTemplateDir,
  keyIdOf,
  packRelease,
  releaseDigest,
  renderCertificate,
  signRelease,
} from '../../../templates/engine/index.js';
import { watchedFs } from '../../unit/storage/watched-fs.js';

const publisher = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');

let dir: string;
let published: Map<string, SignedRelease>;
let fetches: string[];
let down: boolean;
let idle: boolean;
let lines: string[];
/** Releases central lists but cannot send (its storage lost them). */
let lost: Set<string>;
/** Releases central sends in place of the listed ones (a central that lies). */
let swapped: Map<string, SignedRelease>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-tsync-'));
  published = new Map();
  fetches = [];
  down = false;
  idle = true;
  lines = [];
  lost = new Set();
  swapped = new Map();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Central's listTemplates and fetchTemplate, from memory. */
const central = {
  call: async (route: string, body: { id?: string; version?: string }) => {
    if (down) throw new Error('central unreachable (test)');
    if (route === 'listTemplates') {
      const releases: ReleaseInfo[] = [...published.values()].map((s) => {
        const r = JSON.parse(Buffer.from(s.release, 'base64url').toString()) as {
          id: string;
          version: string;
          kind: 'enrollment';
          language: 'zh';
        };
        return {
          id: r.id,
          version: r.version,
          kind: r.kind,
          language: r.language,
          sha256: releaseDigest(s),
          keyId: s.keyId,
          publishedAt: '2026-11-28T10:00:00Z',
        };
      });
      return { releases };
    }
    fetches.push(`${body.id}@${body.version}`);
    if (lost.has(`${body.id}@${body.version}`)) throw new CentralRejectedError(404, 'not_found', 'No such release');
    if (swapped.has(`${body.id}@${body.version}`)) return swapped.get(`${body.id}@${body.version}`)!;
    return published.get(`${body.id}@${body.version}`)!;
  },
} as never;

/** The built-in Chinese enrollment certificate as `version`, its sample changed by `edit`. */
function release(
  version: string,
  key = publisher.privateKey,
  edit: (sample: Record<string, unknown>) => void = () => {},
  id = 'enrollment-zh',
): SignedRelease {
  const src = join(dir, `src-${version}-${Math.random().toString(36).slice(2)}`);
  cpSync(builtinTemplateDir(id), src, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(src, 'manifest.json'), JSON.stringify({ ...manifest, version }));
  const sample = JSON.parse(readFileSync(join(src, 'sample.json'), 'utf8')) as Record<string, unknown>;
  edit(sample);
  writeFileSync(join(src, 'sample.json'), JSON.stringify(sample));
  return signRelease(packRelease(src), key);
}

function station(keys = [publisher.publicKey], fs?: DurableFs): { registry: TemplateRegistry; sync: TemplateSync } {
  const registry = TemplateRegistry.load();
  const sync = new TemplateSync({
    central,
    registry,
    dir: join(dir, 'installed'),
    trusted: new Map(keys.map((k) => [keyIdOf(k), k])),
    log: createLogger({ write: (l) => lines.push(l) }),
    render: renderCertificate,
    idle: () => idle,
    ...(fs ? { fs } : {}),
  });
  return { registry, sync };
}

const active = (registry: TemplateRegistry) => registry.get('enrollment', 'zh')!.manifest.version;

describe('template releases at the kiosk', () => {
  it('installs and activates a newer release, once', async () => {
    const { registry, sync } = station();
    const builtin = active(registry);
    published.set('enrollment-zh@9.1.0', release('9.1.0'));
    expect(await sync.sync()).toEqual({ installed: ['enrollment-zh@9.1.0'], refused: [], waiting: [] });
    expect(active(registry)).toBe('9.1.0');
    expect(builtin).not.toBe('9.1.0');
    expect(readdirSync(join(dir, 'installed'))).toEqual(['enrollment-zh@9.1.0']);
    expect(await sync.sync()).toEqual({ installed: [], refused: [], waiting: [] });
    expect(fetches).toEqual(['enrollment-zh@9.1.0']);
  });

  it('waits while someone uses the station, and goes live between two people', async () => {
    const { registry, sync } = station();
    const before = active(registry);
    published.set('enrollment-zh@9.2.0', release('9.2.0'));
    idle = false;
    expect(await sync.sync()).toMatchObject({ installed: [], waiting: ['enrollment-zh@9.2.0'] });
    expect(active(registry)).toBe(before);
    idle = true;
    expect(sync.activatePending()).toEqual(['enrollment-zh@9.2.0']);
    expect(active(registry)).toBe('9.2.0');
  });

  it('refuses, and never fetches again, a release signed by an unknown key, or one that cannot render its sample', async () => {
    const { registry, sync } = station();
    const before = active(registry);
    published.set('enrollment-zh@9.3.0', release('9.3.0', stranger.privateKey));
    // A name with a character no font has: the engine refuses to print a box on an official document.
    published.set(
      'enrollment-zh@9.4.0',
      release('9.4.0', publisher.privateKey, (s) => ((s.student as { name: string }).name = '李\u{E000}轩')),
    );
    const r = await sync.sync();
    expect(r.installed).toEqual([]);
    expect(r.refused.map((x) => [x.release, x.reason.split(':')[0]])).toEqual([
      ['enrollment-zh@9.3.0', 'unknown_key'],
      ['enrollment-zh@9.4.0', 'invalid_template'],
    ]);
    expect(active(registry)).toBe(before);
    expect(lines.filter((l) => l.includes('template release refused'))).toHaveLength(2);
    expect(sync.refusedReleases().map((r) => r.split(':')[0])).toEqual(['enrollment-zh@9.3.0', 'enrollment-zh@9.4.0']);
    await sync.sync();
    expect(fetches).toEqual(['enrollment-zh@9.3.0', 'enrollment-zh@9.4.0']);
    // Nothing half-installed is left behind.
    expect(existsSync(join(dir, 'installed')) ? readdirSync(join(dir, 'installed')) : []).toEqual([]);
  });

  it('ignores releases that are not newer, and retries after central was unreachable', async () => {
    const { registry, sync } = station();
    published.set('enrollment-zh@0.0.1', release('0.0.1'));
    expect((await sync.sync()).installed).toEqual([]);
    expect(fetches).toEqual([]);
    published.set('enrollment-zh@9.5.0', release('9.5.0'));
    down = true;
    await expect(sync.sync()).rejects.toThrow(/unreachable/);
    down = false;
    expect((await sync.sync()).installed).toEqual(['enrollment-zh@9.5.0']);
    expect(active(registry)).toBe('9.5.0');
  });

  it('skips a release central cannot send this time, installs the others, and tries it again later', async () => {
    const { registry, sync } = station();
    published.set('enrollment-zh@9.8.0', release('9.8.0'));
    published.set(
      'enrollment-en@9.8.0',
      release('9.8.0', publisher.privateKey, () => {}, 'enrollment-en'),
    );
    lost.add('enrollment-zh@9.8.0');
    const r = await sync.sync();
    expect(r).toMatchObject({ installed: ['enrollment-en@9.8.0'], refused: [] });
    expect(registry.get('enrollment', 'en')!.manifest.version).toBe('9.8.0');
    expect(lines.some((l) => l.includes('template release not installed this time'))).toBe(true);
    lost.clear();
    await sync.sync();
    expect(active(registry)).toBe('9.8.0');
  });

  it('refuses a release whose bytes are not the ones central listed', async () => {
    const { sync } = station();
    published.set('enrollment-zh@9.9.0', release('9.9.0'));
    swapped.set(
      'enrollment-zh@9.9.0',
      release('9.9.0', publisher.privateKey, (s) => ((s.student as { name: string }).name = '王五')),
    );
    expect((await sync.sync()).refused).toEqual([
      {
        release: 'enrollment-zh@9.9.0',
        reason: expect.stringMatching(/^malformed: Central listed enrollment-zh@9\.9\.0 as .* but sent other bytes/),
      },
    ]);
  });

  it('makes an installed release durable: every file and folder fsynced before the rename, the folder of releases after it', async () => {
    const installed = join(dir, 'installed');
    const final = join(installed, 'enrollment-zh@9.7.0');
    const synced: { path: string; finalExists: boolean }[] = [];
    const { fs } = watchedFs({ onFsync: (path) => synced.push({ path, finalExists: existsSync(final) }) });
    const { sync } = station([publisher.publicKey], fs);
    published.set('enrollment-zh@9.7.0', release('9.7.0'));
    expect((await sync.sync()).installed).toEqual(['enrollment-zh@9.7.0']);
    const scratch = /^\.enrollment-zh@9\.7\.0-\d+$/;
    const before = synced.filter((s) => !s.finalExists).map((s) => s.path.slice(installed.length + 1));
    const files = (
      readdirSync(final, { recursive: true, withFileTypes: true }) as {
        name: string;
        parentPath: string;
        isFile(): boolean;
      }[]
    )
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(final.length + 1));
    expect(files).toContain('release.signed.json');
    for (const f of files)
      expect(
        before.some((p) => scratch.test(p.split('/')[0]!) && p.endsWith(`/${f}`)),
        f,
      ).toBe(true);
    if (process.platform !== 'win32') {
      expect(before.some((p) => scratch.test(p))).toBe(true);
      expect(synced.at(-1)).toEqual({ path: installed, finalExists: true });
    }
  });

  it('keeps installed releases across a restart, and clears a crashed install', async () => {
    published.set('enrollment-zh@9.6.0', release('9.6.0'));
    await station().sync.sync();
    // A crash while unpacking left a scratch folder.
    mkdirSync(join(dir, 'installed', '.enrollment-zh@9.7.0-123'), { recursive: true });
    const again = station();
    expect(active(again.registry)).not.toBe('9.6.0');
    expect(again.sync.loadInstalled().map((b) => b.manifest.version)).toEqual(['9.6.0']);
    expect(active(again.registry)).toBe('9.6.0');
    expect(readdirSync(join(dir, 'installed'))).toEqual(['enrollment-zh@9.6.0']);
  });

  it('at start, uses an installed release only if it still verifies: key still trusted, files unchanged', async () => {
    published.set('enrollment-zh@9.7.0', release('9.7.0'));
    await station().sync.sync();
    // The publisher key is no longer trusted: its templates are not used.
    const untrusted = station([stranger.publicKey]);
    expect(untrusted.sync.loadInstalled()).toEqual([]);
    expect(active(untrusted.registry)).not.toBe('9.7.0');
    expect(
      lines.some((l) => l.includes('installed template release does not load') && l.includes('does not trust')),
    ).toBe(true);
    // A file changed on disk: not used either.
    const layout = join(dir, 'installed', 'enrollment-zh@9.7.0', 'layout.json');
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('特此证明。', '特此证明（改）。'));
    const tampered = station();
    expect(tampered.sync.loadInstalled()).toEqual([]);
    expect(lines.some((l) => l.includes('layout.json differs from the signed release'))).toBe(true);
    expect(active(tampered.registry)).not.toBe('9.7.0');
  });
});
