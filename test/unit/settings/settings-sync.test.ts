import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { withCentralSettings } from '../../../main/core/central-settings.js';
import { createLogger } from '../../../main/core/log.js';
import { SettingsSync } from '../../../main/core/settings-sync.js';
import type { CentralSettings, SignedRelease } from '../../../shared/central-api.js';
import { keyIdOf, signDocument } from '../../../templates/engine/index.js';

const publisher = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const TERMINAL = 'lib-01';

let dir: string;
let served: SignedRelease | null;
let applied: { settings: CentralSettings; version: number }[];
let lines: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-settings-'));
  served = null;
  applied = [];
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sync = () =>
  new SettingsSync({
    central: { call: async () => ({ settings: served }) } as never,
    terminalId: TERMINAL,
    trusted: new Map([[keyIdOf(publisher.publicKey), publisher.publicKey]]),
    file: join(dir, 'central-settings.json'),
    log: createLogger({ write: (l) => lines.push(l) }),
    apply: (settings, version) => applied.push({ settings, version }),
  });
const release = (version: number, settings: unknown, terminals = ['*'], key = publisher.privateKey) =>
  signDocument({ format: 'estation-settings/1', version, terminals, settings }, key);

describe('settings published at central', () => {
  it('override only the keys they name', () => {
    const config = parseConfig({ session: { idleTimeoutS: 60, doneCountdownS: 15 } });
    const merged = withCentralSettings(config, {
      branding: { primaryColor: '#123456' },
      session: { idleTimeoutS: 90 },
      language: 'en',
    });
    expect(merged.branding).toEqual({ ...config.branding, primaryColor: '#123456' });
    expect(merged.session).toEqual({ idleTimeoutS: 90, doneCountdownS: 15 });
    expect(merged.language).toBe('en');
    expect(merged.terminal).toEqual(config.terminal);
    expect(withCentralSettings(config, null)).toBe(config);
  });

  it('applies a newer release addressed to this station, once, and keeps it across a restart', async () => {
    const s = sync();
    expect(await s.sync()).toBe('none');
    served = release(3, { session: { idleTimeoutS: 90 } }, [TERMINAL]);
    expect(await s.sync()).toBe('applied');
    expect(await s.sync()).toBe('unchanged');
    expect(applied).toEqual([{ settings: { session: { idleTimeoutS: 90 } }, version: 3 }]);
    const again = sync();
    expect(again.loadSaved()).toBe(true);
    expect(again.applied).toBe(3);
    expect(applied).toHaveLength(2);
  });

  it('refuses, and logs once: an untrusted key, an altered release, an older version, another station, unknown settings', async () => {
    const s = sync();
    served = release(5, { language: 'en' });
    expect(await s.sync()).toBe('applied');
    const cases: [string, SignedRelease][] = [
      ['unknown_key', release(6, { language: 'zh' }, ['*'], stranger.privateKey)],
      ['bad_signature', { ...release(6, { language: 'zh' }), release: release(7, { language: 'zh' }).release }],
      ['older', release(4, { language: 'zh' })],
      ['not addressed', release(6, { language: 'zh' }, ['other-station'])],
      ['printer', release(6, { printer: { type: 'file' } })],
    ];
    for (const [why, signed] of cases) {
      served = signed;
      expect(await s.sync(), why).toBe('refused');
      expect(await s.sync(), why).toBe('refused');
    }
    expect(applied.map((a) => a.version)).toEqual([5]);
    expect(lines.filter((l) => l.includes('central settings refused'))).toHaveLength(cases.length);
  });

  it('ignores a saved file that no longer verifies, and uses its copy when that one does', async () => {
    const s = sync();
    served = release(2, { language: 'en' });
    await s.sync();
    const file = join(dir, 'central-settings.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SignedRelease;
    const forged = JSON.stringify({ ...saved, release: release(9, { language: 'zh' }).release });
    writeFileSync(file, forged);
    const withCopy = sync();
    expect(withCopy.loadSaved()).toBe(true);
    expect(withCopy.applied).toBe(2);
    writeFileSync(`${file}.bak`, forged);
    writeFileSync(file, forged);
    const again = sync();
    expect(again.loadSaved()).toBe(false);
    expect(again.applied).toBe(0);
    expect(lines.some((l) => l.includes('saved central settings do not verify'))).toBe(true);
  });
});

describe('saved settings after a power cut or a damaged disk', () => {
  const file = () => join(dir, 'central-settings.json');

  it('are saved twice, durably, with no scratch file left', async () => {
    served = release(4, { language: 'en' });
    expect(await sync().sync()).toBe('applied');
    expect(readdirSync(dir).sort()).toEqual(['central-settings.json', 'central-settings.json.bak']);
    expect(readFileSync(`${file()}.bak`, 'utf8')).toBe(readFileSync(file(), 'utf8'));
  });

  it('keep the applied version when the file is left empty: the copy is used, the file repaired, an older release still refused', async () => {
    served = release(5, { language: 'en' });
    await sync().sync();
    writeFileSync(file(), '');
    const s = sync();
    expect(s.loadSaved()).toBe(true);
    expect(s.applied).toBe(5);
    expect(
      lines.some((l) => l.includes('saved central settings are damaged') && l.includes('central-settings.json')),
    ).toBe(true);
    expect(readFileSync(file(), 'utf8')).toBe(readFileSync(`${file()}.bak`, 'utf8'));
    served = release(4, { language: 'zh' });
    expect(await s.sync()).toBe('refused');
    expect(applied.map((a) => a.version)).toEqual([5, 5]);
  });

  it('hold central settings back when every saved copy is damaged, and take them again once staff removed the files', async () => {
    served = release(5, { language: 'en' });
    await sync().sync();
    writeFileSync(file(), '');
    writeFileSync(`${file()}.bak`, '{"release": "trunc');
    const s = sync();
    expect(s.loadSaved()).toBe(false);
    expect(lines.some((l) => l.includes('held back until staff remove the damaged files'))).toBe(true);
    served = release(3, { language: 'zh' });
    expect(await s.sync()).toBe('refused');
    expect(s.refusedReleases().join('\n')).toMatch(/central-settings\.json.*remove the damaged file/);
    expect(applied.map((a) => a.version)).toEqual([5]);
    rmSync(file());
    rmSync(`${file()}.bak`);
    expect(await s.sync()).toBe('applied');
    expect(s.applied).toBe(3);
    expect(s.refusedReleases()).toEqual([]);
  });

  it('with no saved file (a first start) take central settings at once', async () => {
    const s = sync();
    expect(s.loadSaved()).toBe(false);
    expect(lines).toEqual([]);
    served = release(1, { language: 'en' });
    expect(await s.sync()).toBe('applied');
  });
});
