/**
 * The built Electron app, not the sources: electron-vite builds main, preload and renderer, and the
 * built main process (out/main/index.js) runs under Node with `electron` faked at its API boundary
 * (test/helpers/fake-electron), laid out as an installed app: `app.isPackaged` is true and the
 * templates come from `resources/templates` (as electron-builder.yml ships them). The fake plays the
 * page over IPC: a student with a rare character in the name (𠮷, only in the fallback font) taps a
 * card and previews a certificate, which proves the bundle finds its templates and fonts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import type { RunningCentral } from '../../../central/server.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { startEmbeddedCentral } from '../../../main/cli/hosted-kiosk.js';
import { runtimeFile } from '../../../main/web/runtime-file.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
// Inside the repo (gitignored .tmp/), so the bundle's externalized dependencies resolve from node_modules.
const OUT = join(ROOT, '.tmp', `bundle-test-${process.pid}`);
const base = mkdtempSync(join(tmpdir(), 'estation-bundle-'));

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, ESTATION_BUILD_OUT: OUT },
    stdio: 'pipe',
  });
}, 180_000);
const centrals: (RunningCentral | null)[] = [];
afterAll(async () => {
  for (const c of centrals) await c?.close();
  rmSync(OUT, { recursive: true, force: true });
  rmSync(base, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  out: string;
  window: {
    url: string;
    page: string;
    pageExists: boolean;
    preload: string;
    preloadExists: boolean;
    webPreferences: Record<string, unknown>;
  };
  ipc: Map<string, { ok: boolean; result?: Record<string, unknown>; error?: { code: string } }>;
}

function runBundle(env: NodeJS.ProcessEnv, script: unknown[]): Promise<Run> {
  return new Promise((res, rej) => {
    const child = spawn(
      process.execPath,
      ['--import', join(ROOT, 'test', 'helpers', 'fake-electron', 'register.mjs'), join(OUT, 'main', 'index.js')],
      {
        cwd: base,
        env: { ...process.env, ...env, FAKE_ELECTRON_SCRIPT: JSON.stringify(script) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (out += String(d)));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`the bundled main process hung:\n${out}`));
    }, 120_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      const window = /^WINDOW (.*)$/m.exec(out);
      const ipc = new Map([...out.matchAll(/^IPC (\S+) (.*)$/gm)].map((m) => [m[1]!, JSON.parse(m[2]!)]));
      res({ code, out, window: window ? JSON.parse(window[1]!) : null, ipc });
    });
  });
}

/** resources/templates of an installed app: the fonts, and only the enrollment certificates. */
function packagedResources(): string {
  const resources = join(base, 'resources');
  mkdirSync(join(resources, 'templates', 'builtin'), { recursive: true });
  for (const id of ['enrollment-zh', 'enrollment-en'])
    cpSync(join(ROOT, 'templates', 'builtin', id), join(resources, 'templates', 'builtin', id), { recursive: true });
  symlinkSync(join(ROOT, 'templates', 'fonts'), join(resources, 'templates', 'fonts'));
  return resources;
}

describe('the built Electron app', () => {
  it('runs packaged: one locked-down window on the built page, templates and fonts from resources/', async () => {
    const config = join(base, 'kiosk.json');
    // The demo defaults as `estation kiosk` hands them to Electron: the command line runs the built-in
    // central server and writes its URL and token into the configuration.
    const embedded = await startEmbeddedCentral(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } }),
    );
    centrals.push(embedded.central);
    writeFileSync(config, JSON.stringify(embedded.config));
    const rare = demoPeople().find((p) => p.role === 'student' && p.name.includes('𠮷'))!;
    const run = await runBundle(
      { ESTATION_CONFIG: config, FAKE_ELECTRON_PACKAGED: '1', FAKE_ELECTRON_RESOURCES: packagedResources() },
      [
        ['getStatus', {}],
        ['simulateSwipe', { card: rare.card }],
        ['getSession', {}, { path: 'state', equals: 'active' }],
        ['previewDocument', { kind: 'enrollment', language: 'zh' }],
      ],
    );
    expect(run.code, run.out).toBe(0);

    expect(run.window, run.out).toMatchObject({
      pageExists: true,
      preloadExists: true,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    // The page is app://kiosk/index.html, served by the app:// handler from the built renderer.
    expect(run.window.url).toBe('app://kiosk/index.html');
    expect(run.window.page).toBe(join(OUT, 'renderer', 'index.html'));
    // Documents render on a worker thread, from its own entry beside the main bundle.
    expect(existsSync(join(OUT, 'main', 'render-worker.js'))).toBe(true);
    expect(run.ipc.get('getStatus')).toMatchObject({ ok: true, result: { demo: true, outOfService: false } });

    // Only the templates in resources/ are offered: the transcript is missing there.
    const session = run.ipc.get('getSession')!.result as {
      state: string;
      person: { name: string };
      catalog: { kind: string; available: boolean; unavailableReason?: string }[];
    };
    expect(session).toMatchObject({ state: 'active', person: { name: rare.name } });
    expect(session.catalog.find((c) => c.kind === 'enrollment')).toMatchObject({ available: true });
    expect(session.catalog.find((c) => c.kind === 'transcript')).toMatchObject({
      available: false,
      unavailableReason: 'template_missing',
    });

    // The certificate renders, 𠮷 included (from the fallback font in resources/templates/fonts).
    const preview = run.ipc.get('previewDocument')!;
    expect(preview, run.out).toMatchObject({ ok: true, result: { kind: 'enrollment', language: 'zh', pages: 1 } });
    const pdf = Buffer.from((preview.result as { pdfBase64: string }).pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(base, 'preview.pdf');
    writeFileSync(file, pdf);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/HanaMinB/);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(rare.name);
  }, 180_000);

  it('refuses to start without templates, saying how to fix it', async () => {
    const empty = join(base, 'empty-resources');
    mkdirSync(join(empty, 'templates', 'builtin'), { recursive: true });
    mkdirSync(join(empty, 'templates', 'fonts'), { recursive: true });
    const config = join(base, 'kiosk-2.json');
    writeFileSync(
      config,
      JSON.stringify({ dataDir: join(base, 'data-2'), printer: { type: 'file', dir: join(base, 'prints-2') } }),
    );
    const run = await runBundle(
      { ESTATION_CONFIG: config, FAKE_ELECTRON_PACKAGED: '1', FAKE_ELECTRON_RESOURCES: empty },
      [],
    );
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/No certificate template could be loaded from .*empty-resources.*ESTATION_TEMPLATES_ROOT/s);
    expect(run.window).toBeNull();
  }, 120_000);

  it('is what `estation demo` starts when Electron is installed: the banner, the demo flags, and `estation simulate swipe` reach it', async () => {
    // An "Electron" binary that is Node with the fake electron module (ESTATION_ELECTRON names it).
    const electron = join(base, 'electron');
    writeFileSync(
      electron,
      `#!/bin/sh\nexec "${process.execPath}" --import "${join(ROOT, 'test', 'helpers', 'fake-electron', 'register.mjs')}" "$@"\n`,
    );
    chmodSync(electron, 0o755);
    const data = join(base, 'demo-data');
    const prints = join(base, 'demo-prints');
    const bin = join(ROOT, 'bin', 'estation');
    const demo = spawn(process.execPath, [bin, 'demo', '--no-open', '--data', data, '--out', prints], {
      cwd: ROOT,
      env: {
        ...process.env,
        ESTATION_ELECTRON: electron,
        ESTATION_BUILD_OUT: OUT,
        FAKE_ELECTRON_SCRIPT: JSON.stringify([['getSession', {}, { path: 'state', equals: 'active' }]]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    demo.stdout.on('data', (d: Buffer) => (out += String(d)));
    demo.stderr.on('data', (d: Buffer) => (out += String(d)));
    const exited = new Promise<number | null>((res) => demo.on('exit', res));
    try {
      // Electron's kiosk writes where its demo API listens once the core runs; then a card is tapped.
      await vi.waitFor(() => expect(existsSync(runtimeFile(data)), out).toBe(true), { timeout: 60_000, interval: 100 });
      const student = demoPeople().find((p) => p.role === 'student')!;
      execFileSync(process.execPath, [bin, 'simulate', 'swipe', student.card, '--data', data], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(await exited, out).toBe(0);
    } finally {
      demo.kill('SIGKILL');
    }
    expect(out).toContain('is starting in Electron');
    expect(out).toContain(`Demo cards (tap them on screen, or: estation simulate swipe CARD --data ${data}):`);
    expect(out).toContain(`  ${demoPeople()[0]!.card}  ${demoPeople()[0]!.name}`);
    expect(out).toContain(`Prints go to: ${prints}`);
    const session = JSON.parse(/^IPC getSession (.*)$/m.exec(out)![1]!) as {
      result: { state: string; person: { name: string } };
    };
    expect(session.result).toMatchObject({
      state: 'active',
      person: { name: demoPeople().find((p) => p.role === 'student')!.name },
    });
    // The demo flags reached Electron: its job database is in --data, and the API is gone after quitting.
    expect(existsSync(join(data, 'kiosk.sqlite'))).toBe(true);
    expect(existsSync(runtimeFile(data))).toBe(false);
  }, 180_000);

  it('`estation kiosk` without a configuration file keeps its data in the working folder, not a scratch folder', async () => {
    const cwd = join(base, 'station');
    mkdirSync(cwd);
    const electron = join(base, 'electron-2');
    writeFileSync(
      electron,
      `#!/bin/sh\nexec "${process.execPath}" --import "${join(ROOT, 'test', 'helpers', 'fake-electron', 'register.mjs')}" "$@"\n`,
    );
    chmodSync(electron, 0o755);
    const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'kiosk', '--no-open'], {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        ESTATION_CONFIG: '',
        ESTATION_ELECTRON: electron,
        ESTATION_BUILD_OUT: OUT,
        FAKE_ELECTRON_SCRIPT: JSON.stringify([['getStatus', {}]]),
      },
    });
    expect(out).toMatch(/^IPC getStatus \{"ok":true/m);
    expect(existsSync(join(cwd, '.data', 'kiosk', 'kiosk.sqlite'))).toBe(true);
  }, 120_000);
});
