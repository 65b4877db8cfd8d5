/**
 * What a person picks and who they are reach the paper: a student picks a purpose (用途) that the
 * preview shows and the document prints, central records it, and a purpose the kind does not offer is
 * refused; a teacher taps their card, sees teacher documents, and prints an employment certificate
 * with its validity date; an income certificate's figures are masked in the preview only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => kiosk?.close());

const base = mkdtempSync(join(tmpdir(), 'estation-purpose-'));
const pdfText = (b64: string, name: string) => {
  const file = join(base, `${name}.pdf`);
  writeFileSync(file, Buffer.from(b64, 'base64'));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
};
const printedText = (jobId: string) =>
  execFileSync('pdftotext', [join(base, 'prints', `${jobId}.pdf`), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe('purpose, teachers and masked figures', () => {
  it('prints the purpose picked, and refuses one the kind does not offer', async () => {
    kiosk = await createHostedKiosk(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } }),
      { log: silentLogger(), renderInWorker: false },
    );
    const k = kiosk;
    await k.core.start();
    const reader = findSimulatedReader(k.readers)!;
    const student = k.central!.people.find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
    reader.swipe(student.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the student session');
    const session = k.core.getSession();
    const enrollment = session.state === 'active' ? session.catalog.find((c) => c.kind === 'enrollment') : undefined;
    expect(enrollment?.purposes?.map((p) => p.id)).toContain('study-abroad');

    const preview = await k.core.previewDocument({ kind: 'enrollment', language: 'zh', purpose: 'study-abroad' });
    expect(pdfText(preview.pdfBase64, 'preview')).toContain('出国留学');
    await expect(
      k.core.requestPrint({
        requestId: crypto.randomUUID(),
        items: [{ kind: 'enrollment', language: 'zh', copies: 1, purpose: 'moon-landing' }],
      }),
    ).rejects.toMatchObject({ code: 'item_unavailable' });

    const { jobs } = await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'enrollment', language: 'zh', copies: 1, purpose: 'study-abroad' }],
    });
    const id = jobs[0]!.jobId;
    await waitFor(() => k.jobs.get(id).status === 'confirmed', 'the enrollment certificate printed', 60_000);
    expect(printedText(id)).toContain('用途：出国留学');
    expect(JSON.parse(k.jobs.get(id).purpose!)).toMatchObject({ id: 'study-abroad', zh: '出国留学' });
    const row = k.central!.store.db.prepare('SELECT purpose FROM documents WHERE job_id = ?').get(id);
    expect(row).toEqual({ purpose: 'study-abroad' });
    k.core.endSession();
  }, 90_000);

  it('a teacher sees teacher documents and prints an employment certificate valid until a date', async () => {
    const k = kiosk!;
    const teacher = k.central!.people.find((p) => p.record?.role === 'teacher' && p.record.status === 'active')!;
    findSimulatedReader(k.readers)!.swipe(teacher.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the teacher session');
    const session = k.core.getSession();
    const kinds = session.state === 'active' ? session.catalog.filter((c) => c.available).map((c) => c.kind) : [];
    expect(kinds).toEqual(expect.arrayContaining(['employment-certificate', 'income-certificate']));
    expect(kinds).not.toContain('transcript');

    // The income certificate's figures are hidden on screen.
    const income = await k.core.previewDocument({ kind: 'income-certificate', language: 'zh' });
    expect(income.masked).toBe(true);
    expect(pdfText(income.pdfBase64, 'income')).toContain('＊＊＊＊');

    const { jobs } = await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'employment-certificate', language: 'zh', copies: 1 }],
    });
    const id = jobs[0]!.jobId;
    await waitFor(() => k.jobs.get(id).status === 'confirmed', 'the employment certificate printed', 60_000);
    const text = printedText(id);
    expect(text).toContain(teacher.name);
    expect(k.jobs.get(id).valid_days).toBeGreaterThan(0);
    expect(text).toMatch(/有效期至\d{4}年\d{1,2}月\d{1,2}日/);
  }, 90_000);
});
