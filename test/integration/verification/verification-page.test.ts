/**
 * Verification that proves content (issue #15, #12 finding 10), over real HTTP against central on a real
 * SQLite file: central keeps the data it certified at authorize and refuses a station whose data is not
 * that (`records_changed`); the page says "genuine" only for a printed document in force, shows the
 * certified content (a transcript's course table, totals and GPA), and checks an uploaded PDF byte for byte.
 */
import { staffReprint } from '../../helpers/staff-grant.js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataDigest } from '../../../lib/canonical-json.js';
import { maskName } from '../../../lib/verification.js';
import type { StudentRecord } from '../../../shared/person-record.js';
import { useCentral } from '../central/central-fixture.js';

// Many page views from one address and many cards at one terminal: the limits have their own tests
// (test/integration/security/guess-verification-codes.test.ts, card-lookup-flood.test.ts).
const central = useCentral({
  verifyRateLimit: { max: 10_000, timeWindowMs: 60_000 },
  lookupLimits: { lookup: { burst: 1000, perMinute: 1000 }, miss: { burst: 1000, perMinute: 1000 } },
});
let jobs = 0;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/** A student with courses (a transcript's data), looked up at kiosk-a as the kiosk does before a job. */
async function studentAtKiosk(n = 0) {
  const s = central.students.filter((p) => (p.record as StudentRecord).courses.length > 3)[n]!;
  expect((await central.post('/v1/cards/lookup', { card: s.card })).status).toBe(200);
  return s;
}

async function issue(
  personId: string,
  opts: { kind?: string; language?: 'zh' | 'en'; print?: boolean; file?: Buffer; digest?: string } = {},
) {
  const kind = opts.kind ?? 'transcript';
  const language = opts.language ?? 'zh';
  const data = await central.post('/v1/documents/data', { personId, kind, language });
  expect(data.status).toBe(200);
  const jobId = `job-verify-${++jobs}`;
  const auth = await central.post('/v1/jobs/authorize', {
    jobId,
    personId,
    kind,
    language,
    copies: 1,
    dataDigest: opts.digest ?? dataDigest(data.json.data),
  });
  expect(auth.status).toBe(200);
  const serial = auth.json.serial as string;
  const code = auth.json.verificationCode as string;
  if (opts.print !== false) {
    const report = await central.post('/v1/jobs/report', {
      reports: [
        {
          jobId,
          serial,
          outcome: 'printed',
          pages: 1,
          copies: 1,
          finishedAt: new Date().toISOString(),
          fileSha256: sha(opts.file ?? PDF),
          contentDigest: 'ab'.repeat(32),
        },
      ],
    });
    expect(report.json.results).toEqual([{ jobId, result: 'confirmed' }]);
  }
  return { jobId, serial, code, data: data.json.data as Record<string, unknown> };
}

async function page(code: string, query = '') {
  const res = await fetch(`${central.url}/verify/${code}${query}`);
  const html = await res.text();
  return { status: res.status, html, state: /data-state="(\w+)"/.exec(html)?.[1] };
}

describe('the snapshot central keeps at authorize', () => {
  it('refuses a station whose data digest is not that of the records now (records_changed), issuing nothing', async () => {
    const s = await studentAtKiosk();
    const before = central.store.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number };
    const refused = await central.post('/v1/jobs/authorize', {
      jobId: 'job-stale-preview',
      personId: s.id,
      kind: 'transcript',
      language: 'zh',
      copies: 1,
      dataDigest: 'ff'.repeat(32),
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toBe('records_changed');
    expect(refused.json.message).toMatch(/records changed since this document was previewed/);
    expect(central.store.db.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual(before);
  });

  it('gives the same data for unchanged records, so the digest the station computed matches', async () => {
    const s = await studentAtKiosk();
    const a = await central.post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
    const b = await central.post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
    expect(dataDigest(a.json.data)).toBe(dataDigest(b.json.data));
  });
});

describe('the verification page', () => {
  it('shows a printed transcript as genuine with its certified courses, totals and GPA, and no student number', async () => {
    const s = await studentAtKiosk();
    const doc = await issue(s.id);
    const p = await page(doc.code);
    expect(p.status).toBe(200);
    expect(p.state).toBe('genuine');
    expect(p.html).toContain('<html lang="zh-CN"');
    expect(p.html).toContain(doc.serial);
    expect(p.html).toContain(maskName(s.name));
    expect(p.html).not.toContain(s.name);
    expect(p.html).not.toContain(s.id);
    const courses = doc.data.courses as { nameZh: string; score: number | string }[];
    for (const c of courses) expect(p.html).toContain(`<td>${c.nameZh}</td>`);
    const totals = doc.data.totals as { gpa: number; creditsEarned: number };
    expect(p.html).toContain(`<dd>${totals.gpa.toFixed(2)}</dd>`);
    expect(p.html).toContain('平均学分绩点');
    // The issuing office of the kind, from the snapshot.
    expect(p.html).toContain((doc.data.university as { office: string }).office);
    // The switch renders the same document in English.
    const en = await page(doc.code, '?lang=en');
    expect(en.html).toContain('<html lang="en"');
    expect(en.html).toContain('GPA');
    expect(en.html).toContain((courses[0] as unknown as { nameEn: string }).nameEn);
  });

  it('keeps showing the snapshot after the records change (a painted-over grade does not match it)', async () => {
    const s = await studentAtKiosk(1);
    const doc = await issue(s.id);
    const record = structuredClone(s.record) as StudentRecord;
    const first = record.courses[0]!;
    const original = doc.data.courses as { code: string; score: unknown }[];
    first.score = typeof first.score === 'number' && first.score === 100 ? 99 : 100;
    await central.store.upsertPeople([record]);
    const p = await page(doc.code);
    expect(p.state).toBe('genuine');
    const before = original.find((c) => c.code === first.code)!.score;
    expect(p.html).toContain(`<td class="num">${String(before)}</td>`);
    // The new records give other data: a station that previewed the old one is refused.
    const stale = await central.post('/v1/jobs/authorize', {
      jobId: 'job-after-change',
      personId: s.id,
      kind: 'transcript',
      language: 'zh',
      copies: 1,
      dataDigest: dataDigest(doc.data),
    });
    expect(stale.json.error).toBe('records_changed');
  });

  it('says "not issued" for a document authorized but never printed, and for a cancelled one (finding 10)', async () => {
    const s = await studentAtKiosk();
    const never = await issue(s.id, { kind: 'enrollment', print: false });
    const p = await page(never.code);
    expect(p.state).toBe('not_issued');
    expect(p.html).toContain('该文件未签发');
    expect(p.html).not.toContain('真实有效');
    const cancelled = await issue(s.id, { kind: 'enrollment', print: false });
    await central.post('/v1/jobs/report', {
      reports: [
        {
          jobId: cancelled.jobId,
          serial: cancelled.serial,
          outcome: 'cancelled',
          pages: 0,
          copies: 1,
          finishedAt: new Date().toISOString(),
        },
      ],
    });
    expect((await page(cancelled.code)).state).toBe('not_issued');
  });

  it('says a document replaced by a printed reprint is superseded, with the new serial', async () => {
    const s = await studentAtKiosk();
    const original = await issue(s.id, { kind: 'enrollment', print: false });
    const reprint = await central.post('/v1/jobs/authorize', {
      jobId: `${original.jobId}-reprint`,
      personId: s.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
      reprintOf: original.jobId,
      ...(await staffReprint(central.store, 'kiosk-a')),
    });
    expect(reprint.status).toBe(200);
    // Before the reprint is printed, the original is simply not issued.
    expect((await page(original.code)).state).toBe('not_issued');
    await central.post('/v1/jobs/report', {
      reports: [
        {
          jobId: `${original.jobId}-reprint`,
          serial: reprint.json.serial,
          outcome: 'printed',
          pages: 1,
          copies: 1,
          finishedAt: new Date().toISOString(),
        },
      ],
    });
    const p = await page(original.code, '?lang=en');
    expect(p.state).toBe('superseded');
    expect(p.html).toContain(`The valid document is the reprint ${reprint.json.serial as string}`);
    expect((await page(reprint.json.verificationCode as string)).state).toBe('genuine');
  });

  it('says a document past its validity expired', async () => {
    const s = await studentAtKiosk();
    const doc = await issue(s.id, { kind: 'enrollment' });
    // The page checks against today: a document issued (central's clock) two years ago has expired.
    central.store.db
      .prepare("UPDATE documents SET issued_at = '2024-01-05T01:00:00.000Z' WHERE job_id = ?")
      .run(doc.jobId);
    const p = await page(doc.code);
    expect(p.state).toBe('expired');
    expect(p.html).toContain('该文件已超过有效期');
  });

  it('counts every view on the document', async () => {
    const s = await studentAtKiosk();
    const doc = await issue(s.id, { kind: 'enrollment' });
    await page(doc.code);
    await page(doc.code, '?lang=en');
    const row = central.store.db
      .prepare('SELECT view_count, last_viewed_at FROM documents WHERE job_id = ?')
      .get(doc.jobId) as { view_count: number; last_viewed_at: string | null };
    expect(row.view_count).toBe(2);
    expect(row.last_viewed_at).not.toBeNull();
  });
});

describe('the upload check', () => {
  const upload = async (code: string, body: Buffer, lang = 'en') => {
    const res = await fetch(`${central.url}/verify/${code}/check?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(body),
    });
    return { status: res.status, json: (await res.json()) as { result: string; message: string } };
  };

  it('says the genuine PDF is byte for byte what central issued, and a changed one differs', async () => {
    const s = await studentAtKiosk();
    const doc = await issue(s.id, { file: PDF });
    const same = await upload(doc.code, PDF);
    expect(same.status).toBe(200);
    expect(same.json.result).toBe('same');
    expect(same.json.message).toContain(`byte for byte the document ${doc.serial}`);
    const painted = Buffer.from(PDF);
    painted[PDF.length - 10] = 0x39;
    const changed = await upload(doc.code, painted);
    expect(changed.json.result).toBe('differs');
    expect(changed.json.message).toMatch(/changed, saved again, or is another document/);
    expect((await upload(doc.code, PDF, 'zh')).json.message).toContain('逐字节相同');
  });

  it('cannot answer for a document printed without a file digest, and says what to do instead', async () => {
    const s = await studentAtKiosk();
    const doc = await issue(s.id, { kind: 'enrollment', print: false });
    const r = await upload(doc.code, PDF);
    expect(r.json.result).toBe('unknown');
    expect(r.json.message).toMatch(/compare the content on this page/);
  });

  it('reads application/pdf on this route only', async () => {
    const res = await fetch(`${central.url}/v1/jobs/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${central.tokens['kiosk-a']}` },
      body: new Uint8Array(PDF),
    });
    expect(res.status).toBe(415);
    // And the check route reads nothing else, saying what to send.
    const s = await studentAtKiosk(2);
    const doc = await issue(s.id, { kind: 'enrollment' });
    const text = await fetch(`${central.url}/verify/${doc.code}/check`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'not a pdf',
    });
    expect(text.status).toBe(400);
    expect(((await text.json()) as { message: string }).message).toContain('Content-Type: application/pdf');
    const empty = await fetch(`${central.url}/verify/${doc.code}/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(0),
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { message: string }).message).toContain('Send the PDF file');
  });
});
