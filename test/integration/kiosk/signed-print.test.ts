/**
 * The whole kiosk assembled as `estation demo` assembles it (embedded central, reader manager, render
 * worker, file printer, signing key): a student prints, and the QR code on the paper carries a
 * signature that central's verification page and the offline check both accept.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { extractPayload, verifyPayload } from '../../../lib/verification.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
});

async function until<T>(fn: () => T, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a printed document is provably genuine', () => {
  it('signs the QR with the station key that central publishes', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-signed-'));
    const prints = join(base, 'prints');
    kiosk = await createHostedKiosk(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: prints } }),
      {
        log: silentLogger(),
      },
    );
    await kiosk.core.start();
    const student = kiosk.central!.people.find((p) => p.role === 'student')!;
    findSimulatedReader(kiosk.readers)!.swipe(student.card);
    await until(
      () => kiosk!.core.getSession().state,
      (s) => s === 'active',
    );

    const { jobs } = await kiosk.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'enrollment', language: 'zh', copies: 1 }],
    });
    const job = await until(
      () => kiosk!.jobs.get(jobs[0]!.jobId),
      (j) => j.status === 'confirmed',
    );

    const pdf = join(
      prints,
      readdirSync(prints).find((f) => f.endsWith('.pdf'))!,
    );
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', pdf, join(base, 'page')]);
    const png = readdirSync(base).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    const qr = execFileSync('zbarimg', ['--quiet', '--raw', join(base, png)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    expect(qr).toContain(`/verify/${encodeURIComponent(job.verification_code!)}?p=`);

    const keys = (await (await fetch(`${kiosk.central!.url}/v1/keys`)).json()) as
      { keys?: { kid: string; publicKey: string }[] } | { kid: string; publicKey: string }[];
    const list = Array.isArray(keys) ? keys : keys.keys!;
    const facts = verifyPayload(extractPayload(qr), new Map(list.map((k) => [k.kid, k.publicKey])));
    expect(facts.serial).toBe(job.serial);
    expect(facts.terminalId).toBe('demo-01');
    expect(facts.holder).not.toBe(student.name);

    const page = await (await fetch(qr)).text();
    expect(page).toContain('真实有效');
    expect(page).not.toContain(student.name);
    expect(readFileSync(join(base, 'data', 'signing-key.pem'), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
  });
});
