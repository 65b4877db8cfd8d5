/**
 * Attacks on document verification (issue #15, #12 finding 10), each named after what the forger does,
 * against a real central on a real SQLite file.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataDigest } from '../../../lib/canonical-json.js';
import type { StudentRecord } from '../../../shared/person-record.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();
const PDF = Buffer.from('%PDF-1.7\n(Advanced Mathematics) Tj (78) Tj\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function transcript(jobId: string, printed: boolean) {
  const s = central.students.find((p) => (p.record as StudentRecord).courses.length > 3)!;
  await central.post('/v1/cards/lookup', { card: s.card });
  const data = await central.post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
  const auth = await central.post('/v1/jobs/authorize', {
    jobId,
    personId: s.id,
    kind: 'transcript',
    language: 'en',
    copies: 1,
    dataDigest: dataDigest(data.json.data),
  });
  if (printed)
    await central.post('/v1/jobs/report', {
      reports: [
        {
          jobId,
          serial: auth.json.serial,
          outcome: 'printed',
          pages: 2,
          copies: 1,
          finishedAt: new Date().toISOString(),
          fileSha256: sha(PDF),
        },
      ],
    });
  return {
    code: auth.json.verificationCode as string,
    data: data.json.data as { courses: { nameEn: string; score: unknown }[]; totals: { gpa: number } },
  };
}

const page = async (code: string) => (await fetch(`${central.url}/verify/${code}`)).text();

describe('forging verified documents', () => {
  it('a job killed before the printer (authorized, never printed) does not verify as genuine', async () => {
    const { code } = await transcript('attack-killed-job', false);
    const html = await page(code);
    expect(html).toContain('data-state="not_issued"');
    expect(html).not.toContain('Genuine');
  });

  it('a painted-over transcript (all courses 100, GPA 4.00, QR kept) is exposed by the page and by the upload check', async () => {
    const { code, data } = await transcript('attack-painted-over', true);
    const html = await page(code);
    // The page shows the grades central certified, which the painted paper does not match.
    expect(data.totals.gpa).not.toBe(4);
    expect(html).toContain(`<dd>${data.totals.gpa.toFixed(2)}</dd>`);
    expect(data.courses.some((c) => c.score !== 100)).toBe(true);
    const painted = Buffer.from(PDF.toString('latin1').replace('(78)', '(100)'), 'latin1');
    const res = await fetch(`${central.url}/verify/${code}/check?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(painted),
    });
    expect(((await res.json()) as { result: string }).result).toBe('differs');
  });

  it('a station that previewed stale records cannot get a document certifying them (records_changed)', async () => {
    const s = central.students.find((p) => (p.record as StudentRecord).courses.length > 3)!;
    await central.post('/v1/cards/lookup', { card: s.card });
    const data = await central.post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
    const forged = structuredClone(data.json.data) as { totals: { gpa: number } };
    forged.totals.gpa = 4;
    const res = await central.post('/v1/jobs/authorize', {
      jobId: 'attack-stale-data',
      personId: s.id,
      kind: 'transcript',
      language: 'en',
      copies: 1,
      dataDigest: dataDigest(forged),
    });
    expect(res.status).toBe(409);
    expect(res.json.error).toBe('records_changed');
  });
});
