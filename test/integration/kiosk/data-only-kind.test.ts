/**
 * A new document kind with data alone (issue #14, "Kinds are data"): an admin sets a kind no code
 * knows (`library-clearance`, 离校图书清还证明, reading only the `student` block) with `estation
 * central kinds set`, writes a template bundle for it and publishes it with `estation template
 * publish`; a station that trusts the publisher key installs it by itself, the student sees the new
 * document in the catalog, and prints it, with their name on the paper and a verification code with the
 * kind's prefix. Nothing in product code names the kind.
 */
import { execFile, execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { createLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const base = mkdtempSync(join(tmpdir(), 'estation-data-only-kind-'));
let central: RunningCentral | undefined;
let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
  await central?.close();
});

/** The kind record an admin writes: nothing here exists in code. */
const KIND = {
  id: 'library-clearance',
  title: { zh: '离校图书清还证明', en: 'Library Clearance Certificate' },
  audience: ['student'],
  statuses: ['enrolled', 'graduated', 'completed'],
  fields: ['student'],
  languages: ['zh'],
  feeCents: 0,
  freePerTerm: 2,
  maxCopies: 2,
  validityDays: 30,
  codePrefix: 'LC',
};

/** The template bundle the admin writes for it: a manifest reading only what the kind serves, a layout, sample data. */
function writeBundle(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      id: 'library-clearance-zh',
      version: '1.0.0',
      kind: 'library-clearance',
      language: 'zh',
      title: '离校图书清还证明',
      schema: {
        'university.name': 'string',
        'student.name': 'string',
        'student.studentNumber': 'string',
        'document.serial': 'string',
        'document.verificationCode': 'string',
        'document.issuedAt': 'date',
      },
      fonts: { body: 'serif-regular', title: 'serif-bold' },
    }),
  );
  writeFileSync(
    join(dir, 'layout.json'),
    JSON.stringify({
      page: { size: 'A4', margins: [56, 56, 56, 56] },
      elements: [
        { type: 'text', text: '{{university.name}}', font: 'title', size: 22, align: 'center', spaceAfter: 24 },
        { type: 'text', text: '离校图书清还证明', font: 'title', size: 20, align: 'center', spaceAfter: 24 },
        {
          type: 'text',
          text: '兹证明{{student.name}}（学号：{{student.studentNumber}}）已还清所借图书，特此证明。',
          size: 14,
          lineHeight: 2,
          spaceAfter: 24,
        },
        { type: 'text', text: '{{document.issuedAt|date}}', size: 14, align: 'right', spaceAfter: 12 },
        {
          type: 'text',
          text: '编号：{{document.serial}}  验证码：{{document.verificationCode}}',
          size: 10,
        },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'sample.json'),
    JSON.stringify({
      university: { name: '示范大学' },
      student: { name: '李明轩', studentNumber: '2022012345' },
      document: {
        serial: 'DU-2026-000001',
        verificationCode: 'LC-7KQ2-M9XD-4HPT',
        issuedAt: '2026-12-03T10:00:00+08:00',
      },
    }),
  );
}

/** Runs bin/estation asynchronously: central runs in this process and must answer meanwhile. */
const estation = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((res) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'estation'), ...args],
      { cwd: ROOT, encoding: 'utf8' },
      (err, stdout, stderr) => res({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });

const pdfText = (pdf: Buffer) => {
  const file = join(base, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
};

describe('a document kind made of data alone', () => {
  it('is set at central, gets a published template, and prints at a station with the student on it', async () => {
    central = await startCentralServer({
      dataDir: join(base, 'central'),
      port: 0,
      seedDemo: true,
      terminals: [{ id: 'lib-01', name: 'Library' }],
    });

    writeFileSync(join(base, 'kind.json'), JSON.stringify(KIND, null, 2));
    const set = await estation('central', 'kinds', 'set', join(base, 'kind.json'), '--data', join(base, 'central'));
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^Document kind library-clearance version 1 is now in force:/);

    const adminToken = await central.store.enrollAdmin('library', 'Library');
    const publisher = generateKeyPairSync('ed25519');
    writeFileSync(join(base, 'publisher.pem'), publisher.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(base, 'publisher.pub.pem'), publisher.publicKey.export({ type: 'spki', format: 'pem' }));
    const bundle = join(base, 'library-clearance-zh');
    writeBundle(bundle);
    const published = await estation(
      'template',
      'publish',
      bundle,
      '--key',
      join(base, 'publisher.pem'),
      '--central',
      central.url,
      '--admin-token',
      adminToken,
    );
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/^Published library-clearance-zh@1\.0\.0/);

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
      () => lines.some((l) => l.includes('template release activated') && l.includes('library-clearance-zh@1.0.0')),
      'the release to go live',
      60_000,
    );

    const student = central.people.find((p) => p.role === 'student')!;
    findSimulatedReader(k.readers)!.swipe(student.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the session');
    const session = k.core.getSession();
    if (session.state !== 'active') throw new Error(`the session is ${session.state}`);
    const item = session.catalog.find((c) => c.kind === 'library-clearance');
    expect(item).toMatchObject({
      title: KIND.title,
      languages: ['zh'],
      available: true,
      freeRemaining: 2,
    });

    const preview = await k.core.previewDocument({ kind: 'library-clearance', language: 'zh' });
    expect(pdfText(Buffer.from(preview.pdfBase64, 'base64'))).toContain(`兹证明${student.name}`);

    const { jobs } = await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'library-clearance', language: 'zh', copies: 1 }],
    });
    await waitFor(() => k.jobs.get(jobs[0]!.jobId).status === 'confirmed', 'the print', 60_000);
    const job = k.jobs.get(jobs[0]!.jobId);
    expect(job).toMatchObject({ template_id: 'library-clearance-zh', template_version: '1.0.0' });
    const printed = pdfText(readFileSync(join(base, 'prints', `${job.id}.pdf`)));
    expect(printed).toContain(`兹证明${student.name}`);
    expect(printed).toContain('离校图书清还证明');
    // The verification code carries the kind's prefix, and central's record of it names the kind.
    expect(job.verification_code).toMatch(/^LC-/);
    expect(printed).toContain(job.verification_code!);
    expect(await central.store.verificationRecord(job.verification_code!)).toMatchObject({
      kind: 'library-clearance',
      title: KIND.title,
      status: 'printed',
    });
  }, 180_000);
});
