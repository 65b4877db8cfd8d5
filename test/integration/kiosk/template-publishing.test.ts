/**
 * Template publishing end to end: an admin edits the enrollment certificate, publishes it with
 * `estation template publish` (signed with the publisher key) to a real central server, and a kiosk
 * that trusts that key installs it by itself; the next student's preview and print use it.
 */
import { execFile, execFileSync } from 'node:child_process';
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
import { builtinTemplateDir } from '../../../templates/engine/index.js';
import { waitFor } from '../../helpers/pty.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const base = mkdtempSync(join(tmpdir(), 'estation-publish-'));
let central: RunningCentral | undefined;
let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
  await central?.close();
});

describe('publishing a template to the stations', () => {
  it('reaches a kiosk that trusts the publisher key, which prints with it', async () => {
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

    // The registrar's office changes the closing line and raises the version.
    const bundle = join(base, 'enrollment-zh');
    cpSync(builtinTemplateDir('enrollment-zh'), bundle, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(bundle, 'manifest.json'), JSON.stringify({ ...manifest, version: '9.0.0' }));
    writeFileSync(
      join(bundle, 'layout.json'),
      readFileSync(join(bundle, 'layout.json'), 'utf8').replace('"特此证明。"', '"特此证明，本证明三个月内有效。"'),
    );

    // Asynchronously: central runs in this process and must answer meanwhile.
    const publish = (token: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((res) => {
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
          token,
        ];
        execFile(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) =>
          res({ code: err ? Number(err.code) : 0, stdout, stderr }),
        );
      });
    const refused = await publish('nope');
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/central refused enrollment-zh@9\.0\.0 \(401/);
    const published = await publish(adminToken);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/^Published enrollment-zh@9\.0\.0 \(sha256 [0-9a-f]{64}, key \S+\)/);

    const lines: string[] = [];
    const config = parseConfig({
      terminal: { id: 'lib-01', name: 'Library' },
      central: { url: central.url, token: central.tokens['lib-01']! },
      dataDir: join(base, 'kiosk'),
      printer: { type: 'file', dir: join(base, 'prints') },
      publishing: { publisherKeys: [join(base, 'publisher.pub.pem')] },
    });
    kiosk = await createHostedKiosk(config, {
      log: createLogger({ write: (l) => lines.push(l) }),
      renderInWorker: false,
    });
    const k = kiosk;
    await k.core.start();
    await waitFor(
      () => lines.some((l) => l.includes('template release activated') && l.includes('enrollment-zh@9.0.0')),
      'the release to go live',
      60_000,
    );

    const student = central.people.find((p) => p.role === 'student')!;
    findSimulatedReader(k.readers)!.swipe(student.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the session');
    const preview = await k.core.previewDocument({ kind: 'enrollment', language: 'zh' });
    const text = (pdf: Buffer) => {
      const file = join(base, `t-${Math.random().toString(36).slice(2)}.pdf`);
      writeFileSync(file, pdf);
      return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    };
    expect(text(Buffer.from(preview.pdfBase64, 'base64'))).toContain('特此证明，本证明三个月内有效。');

    const { jobs } = await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'enrollment', language: 'zh', copies: 1 }],
    });
    await waitFor(() => k.jobs.get(jobs[0]!.jobId).status === 'confirmed', 'the print', 60_000);
    expect(k.jobs.get(jobs[0]!.jobId)).toMatchObject({ template_id: 'enrollment-zh', template_version: '9.0.0' });
    expect(text(readFileSync(join(base, 'prints', `${jobs[0]!.jobId}.pdf`)))).toContain(
      '特此证明，本证明三个月内有效。',
    );
  }, 120_000);
});
