/**
 * Issue #15 end to end: a transcript printed by a station (real print runner, real render, real SQLite
 * queue) and reported to a real central verifies online (the page says genuine and shows the certified
 * courses; the upload check says the file is the one issued) and offline (its file signature); the same
 * transcript with a score painted over with pdf-lib, QR untouched, fails both. The station's key is
 * registered over its own channel: no `--verify-key`, no restart of central.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { FileSignatureError, verifyPdfFile } from '../../../lib/pdf-file-signature.js';
import { verifySignedPdf } from '../../../templates/engine/index.js';
import { CentralClient } from '../../../main/core/central-client.js';
import { TERMINAL, until, useQueueFixture } from '../queue/harness.js';

const q = useQueueFixture('printed-transcript', 'en');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function check(code: string, pdf: Uint8Array): Promise<string> {
  const res = await fetch(`${q.central.url}/verify/${code}/check?lang=en`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf' },
    body: new Uint8Array(pdf),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: string }).result;
}

describe('a transcript printed by a station, checked by an employer', { timeout: 120_000 }, () => {
  it('verifies online and offline as printed; painted over (QR kept) it fails both', async () => {
    const client = new CentralClient({ baseUrl: q.central.url, token: q.central.tokens[TERMINAL]!, timeoutMs: 5000 });
    await client.call('registerSigningKey', { publicKey: PUBLIC_PEM });

    const k = q.kiosk({ runner: { signing: { privateKey, terminalId: TERMINAL } } });
    const student = q.central.people.find((p) => p.record?.role === 'student' && p.record.status === 'enrolled')!;
    await q.central.store.recordCardLookup(TERMINAL, student.id);
    const data = (await client.call('documentData', { personId: student.id, kind: 'transcript', language: 'en' })).data;
    const { job } = k.jobs.create({
      idempotencyKey: 'printed-transcript-1:0',
      terminalId: TERMINAL,
      personId: student.id,
      kind: 'transcript',
      language: 'en',
      copies: 1,
    });
    k.runner.provideData(job.id, data);
    await until(
      async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'printed'),
      'the transcript to print',
    );
    await until(async () => (await k.outbox.flush(), k.jobs.get(job.id).central_confirmed_at !== null), 'the report');

    const printed = k.jobs.get(job.id);
    const code = printed.verification_code!;
    const genuine = readFileSync(join(k.prints, k.printed(job.id)[0]!));

    // Online: the page vouches for it and shows what central certified; the file is the one issued.
    const html = await (await fetch(`${q.central.url}/verify/${code}?lang=en`)).text();
    expect(html).toContain('data-state="genuine"');
    const courses = (data as { courses: { nameEn: string }[] }).courses;
    expect(courses.length).toBeGreaterThan(0);
    expect(html).toContain(courses[0]!.nameEn);
    expect(await check(code, genuine)).toBe('same');
    // Offline: the file's own signature, with the station's public key.
    expect(verifyPdfFile(genuine, PUBLIC_PEM)).toMatchObject({ serial: printed.serial });

    // A score painted over: a white box and "100" on the first page; the QR code is untouched.
    const doc = await PDFDocument.load(genuine);
    const page = doc.getPage(0);
    const font = await doc.embedFont(StandardFonts.Helvetica);
    page.drawRectangle({ x: 400, y: 500, width: 40, height: 14, color: rgb(1, 1, 1) });
    page.drawText('100', { x: 402, y: 502, size: 10, font });
    const painted = await doc.save();

    expect(await check(code, painted)).toBe('differs');
    // Offline as `estation verify --pdf` checks (the engine tells a painted page from a mere re-save).
    let offline: unknown;
    try {
      await verifySignedPdf(painted, PUBLIC_PEM);
    } catch (err) {
      offline = err;
    }
    expect(offline).toBeInstanceOf(FileSignatureError);
    expect((offline as FileSignatureError).reason).toBe('content_changed');
  });
});
