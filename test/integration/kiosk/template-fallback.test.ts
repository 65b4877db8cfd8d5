/**
 * The automatic fallback end to end (docs/templates.md, "Publishing safely"): a release that renders its
 * own sample but not real students' data (published with `--check-people 0`, so central's dry run saw
 * only the sample) is activated on a real kiosk; the next student's preview fails with it, and the
 * station goes back by itself to the previous version, shows the preview, prints with that version,
 * tells central in its heartbeat, and the staff dashboard shows the alert. The next sync does not bring
 * the failed version back.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { createLogger } from '../../../main/core/log.js';
import type { TerminalsResponse } from '../../../shared/central-api.js';
import { builtinTemplateDir } from '../../../templates/engine/index.js';
import { waitFor } from '../../helpers/pty.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const base = mkdtempSync(join(tmpdir(), 'estation-fallback-'));
let central: RunningCentral | undefined;
let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
  await central?.close();
});

const BUILTIN_VERSION = (
  JSON.parse(readFileSync(join(builtinTemplateDir('enrollment-zh'), 'manifest.json'), 'utf8')) as { version: string }
).version;

describe('automatic fallback at a station', () => {
  it('a new template that fails for a real student is replaced by the previous one, the student is served, and the dashboard says so', async () => {
    central = await startCentralServer({
      dataDir: join(base, 'central'),
      port: 0,
      seedDemo: true,
      terminals: [{ id: 'lib-01', name: 'Library' }],
    });
    const adminToken = await central.store.enrollAdmin('registrar', 'Registrar');
    const publisher = generateKeyPairSync('ed25519');
    writeFileSync(join(base, 'publisher.pem'), publisher.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(base, 'publisher.pub.pem'), publisher.publicKey.export({ type: 'spki', format: 'pem' }));

    // Version 9.0.0 needs a dormitory that its sample has and central never sends.
    const bundle = join(base, 'enrollment-zh');
    cpSync(builtinTemplateDir('enrollment-zh'), bundle, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as {
      schema: Record<string, unknown>;
    };
    manifest.schema['student.dormitory'] = 'string';
    writeFileSync(join(bundle, 'manifest.json'), JSON.stringify({ ...manifest, version: '9.0.0' }));
    const sample = JSON.parse(readFileSync(join(bundle, 'sample.json'), 'utf8')) as {
      student: Record<string, unknown>;
    };
    sample.student.dormitory = '东区 3 号楼';
    writeFileSync(join(bundle, 'sample.json'), JSON.stringify(sample));

    const published = await new Promise<{ code: number; stdout: string; stderr: string }>((res) => {
      const args = [
        join(ROOT, 'bin', 'estation'),
        'template',
        'publish',
        bundle,
        '--key',
        join(base, 'publisher.pem'),
        '--central',
        central!.url,
        '--admin-token',
        adminToken,
        '--check-people',
        '0',
      ];
      execFile(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) =>
        res({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });
    expect(published.code, published.stderr).toBe(0);

    const lines: string[] = [];
    kiosk = await createHostedKiosk(
      parseConfig({
        terminal: { id: 'lib-01', name: 'Library' },
        central: { url: central.url, token: central.tokens['lib-01']!, heartbeatS: 1 },
        dataDir: join(base, 'kiosk'),
        printer: { type: 'file', dir: join(base, 'prints') },
        publishing: { publisherKeys: [join(base, 'publisher.pub.pem')] },
      }),
      { log: createLogger({ write: (l) => lines.push(l) }), renderInWorker: false },
    );
    const k = kiosk;
    await k.core.start();
    await waitFor(
      () => lines.some((l) => l.includes('template release activated') && l.includes('enrollment-zh@9.0.0')),
      'the release to go live',
      60_000,
    );

    const student = central.people.find(
      (p) => p.role === 'student' && (p.record?.status ?? 'enrolled') === 'enrolled',
    )!;
    findSimulatedReader(k.readers)!.swipe(student.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the session');
    const preview = await k.core.previewDocument({ kind: 'enrollment', language: 'zh' });
    expect(preview.pages).toBe(1);
    expect(lines.some((l) => l.includes('template failed to render; back to the previous version'))).toBe(true);

    const { jobs } = await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'enrollment', language: 'zh', copies: 1 }],
    });
    await waitFor(() => k.jobs.get(jobs[0]!.jobId).status === 'confirmed', 'the print', 60_000);
    expect(k.jobs.get(jobs[0]!.jobId)).toMatchObject({
      template_id: 'enrollment-zh',
      template_version: BUILTIN_VERSION,
    });

    // The heartbeat carries it; the admin API and the staff dashboard show the alert.
    const admin = await central.store.enrollAdmin('ops', 'Operations');
    const message = `template enrollment-zh 9.0.0 failed to render, using ${BUILTIN_VERSION}`;
    let alerts: TerminalsResponse['terminals'][number]['alerts'] = [];
    // Heartbeats come every second: read the overview until the alert is there (or 20 s passed).
    for (let i = 0; i < 200 && !alerts.some((a) => a.cause === 'template'); i++) {
      const res = await fetch(`${central.url}/v1/admin/terminals`, { headers: { authorization: `Bearer ${admin}` } });
      alerts = ((await res.json()) as TerminalsResponse).terminals.find((t) => t.id === 'lib-01')?.alerts ?? [];
      if (!alerts.some((a) => a.cause === 'template')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(alerts).toContainEqual({
      id: 'lib-01:template:enrollment-zh@9.0.0',
      severity: 'warning',
      cause: 'template',
      message: { zh: `模板 enrollment-zh 9.0.0 渲染失败，已改用 ${BUILTIN_VERSION}`, en: message },
    });
    const login = await fetch(`${central.url}/staff/login`, {
      method: 'POST',
      body: new URLSearchParams({ card: '9000000001', pin: '246810' }),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`${central.url}/staff`, { headers: { cookie } })).text();
    expect(page).toContain(message);

    // The failed version is not installed again at the next sync.
    await k.core.syncFromCentral();
    const again = await k.core.previewDocument({ kind: 'enrollment', language: 'zh' });
    expect(again.pages).toBe(1);
    expect(
      lines.filter((l) => l.includes('template release activated') && l.includes('enrollment-zh@9.0.0')),
    ).toHaveLength(1);
  }, 180_000);
});
