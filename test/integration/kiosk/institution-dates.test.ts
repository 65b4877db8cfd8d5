/**
 * Dates in the institution's timezone, and its name, prefix and seal on what prints (issue #13). A
 * student asks at 07:30 on 3 December in Beijing, which is 23:30 on 2 December in UTC: the kiosk's
 * print runner renders the real document from central's data, and the PDF, the serial and the public
 * verification page all say 3 December (and the serial's year is Beijing's year).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInstitutionFile } from '../../../central/institution-file.js';
import { FilePrinter } from '../../../drivers/printer/file-printer.js';
import { CentralClient } from '../../../main/core/central-client.js';
import { openDatabase } from '../../../main/core/db.js';
import { JobStore } from '../../../main/core/job-store.js';
import { createLogger } from '../../../main/core/log.js';
import { PrintRunner, type PrintRunnerOptions } from '../../../main/core/print-runner.js';
import { qrBase } from '../../../main/core/verify-address.js';
import { generateSigningKeyPair } from '../../../lib/verification.js';
import { renderPreview } from '../../../main/core/session/preview.js';
import { TemplateRegistry } from '../../../main/core/template-registry.js';
import type { DocumentKind, Language } from '../../../shared/domain.js';
import { useCentral } from '../central/central-fixture.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'central/examples/institution/profile.json');
/** 07:30 on 3 December 2026 in Beijing. */
const BEIJING_MORNING = '2026-12-02T23:30:00.000Z';
/** 00:30 on 1 January 2027 in Beijing, still 2026 in UTC. */
const NEW_YEAR_BEIJING = '2026-12-31T16:30:00.000Z';

const f = useCentral();
let dir = '';
let templates: TemplateRegistry;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-institution-dates-'));
  templates = TemplateRegistry.load();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const pdfImages = (file: string) =>
  execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);

let printed = 0;
/** One document through the kiosk's real print runner, with the kiosk's and central's clocks at `at`. */
async function printAt(
  at: string,
  kind: DocumentKind,
  language: Language,
  options: Pick<PrintRunnerOptions, 'signing' | 'qrBase'> = {},
) {
  // The fixture moves central's clock by a step; its store's clock says where it is now.
  f.advance(Date.parse(at) - f.store['now']().getTime());
  const kioskDir = join(dir, `kiosk-${++printed}`);
  mkdirSync(join(kioskDir, 'prints'), { recursive: true });
  const db = openDatabase(join(kioskDir, 'kiosk.sqlite'));
  const jobs = new JobStore(db, { now: () => new Date(at) });
  const runner = new PrintRunner({
    jobs,
    central: new CentralClient({ baseUrl: f.url, token: f.tokens['kiosk-a'], timeoutMs: 10_000 }),
    printer: new FilePrinter(join(kioskDir, 'prints')),
    templates,
    log: createLogger({ level: 'error', write: () => {} }),
    onJob: () => {},
    pollMs: 20,
    retryMs: 20,
    maxRetryMs: 100,
    ...options,
  });
  try {
    const student = f.students[printed % f.students.length]!;
    await f.store.recordCardLookup('kiosk-a', student.id);
    const { job } = jobs.create({
      idempotencyKey: `institution-${printed}:0`,
      terminalId: 'kiosk-a',
      personId: student.id,
      kind,
      language,
      copies: 1,
    });
    expect(job.created_at).toBe(at);
    for (let i = 0; i < 200 && jobs.get(job.id).status !== 'printed'; i++) {
      await runner.kick();
      if (jobs.get(job.id).status !== 'printed') await new Promise((r) => setTimeout(r, 25));
    }
    const done = jobs.get(job.id);
    expect(done.status, done.last_error ?? '').toBe('printed');
    return { job: done, pdf: join(kioskDir, 'prints', `${job.id}.pdf`) };
  } finally {
    await runner.stop();
    db.close();
  }
}

describe("dates in the institution's timezone", () => {
  it('the demo university (no profile): 07:30 on 3 December in Beijing prints 3 December, serial DU', async () => {
    const { job, pdf } = await printAt(BEIJING_MORNING, 'enrollment', 'zh');
    const text = pdfText(pdf);
    expect(text).toContain('2026年12月3日');
    expect(text).not.toContain('2026年12月2日');
    expect(text).toContain('示范大学');
    expect(job.serial).toMatch(/^DU-2026-\d{6}$/);
    expect(text).toContain(job.serial!);
    // The drawn seal: no image on the page.
    expect(pdfImages(pdf)).toEqual([]);
  });

  it("with a profile: its name, office, prefix and scanned seal, and the serial's year is Beijing's", async () => {
    await f.store.setInstitution(loadInstitutionFile(EXAMPLE), 'test');
    const { job, pdf } = await printAt(BEIJING_MORNING, 'transcript', 'zh');
    const text = pdfText(pdf);
    expect(text).toContain('2026年12月3日');
    expect(text).toContain('东湖理工大学教务处');
    expect(text).not.toContain('示范大学');
    expect(job.serial).toMatch(/^DHUT-2026-\d{6}$/);
    expect(text).toContain(job.serial!);
    // The registrar's scanned seal: an image with its transparency (soft mask), instead of the drawn seal.
    const images = pdfImages(pdf);
    expect(images.some((l) => /\bimage\b/.test(l))).toBe(true);
    expect(images.some((l) => /\bsmask\b/.test(l))).toBe(true);

    const english = await printAt(BEIJING_MORNING, 'enrollment', 'en');
    const en = pdfText(english.pdf);
    expect(en).toContain('December3,2026');
    expect(en).toContain('DonghuUniversityofTechnology');

    const newYear = await printAt(NEW_YEAR_BEIJING, 'enrollment', 'zh');
    expect(newYear.job.serial).toMatch(/^DHUT-2027-\d{6}$/);
    expect(pdfText(newYear.pdf)).toContain('2027年1月1日');
  });

  it('the verification page says when and by whom, in Beijing time', async () => {
    await f.store.setInstitution(loadInstitutionFile(EXAMPLE), 'test');
    const { job } = await printAt(BEIJING_MORNING, 'enrollment', 'zh');
    const page = await (await fetch(`${f.url}/verify/${job.verification_code}`)).text();
    expect(page).toContain('2026-12-03 07:30 (Asia/Shanghai)');
    expect(page).not.toContain('2026-12-02');
    // The page is in the document's language (zh here); its switch gives the English one.
    expect(page).toContain('东湖理工大学 · 文件真伪验证');
    expect(page).toContain(job.serial!);
  });

  it("the QR code sends to the institution's verification site", async () => {
    await f.store.setInstitution(loadInstitutionFile(EXAMPLE), 'test');
    const { privateKey } = generateSigningKeyPair();
    const { job, pdf } = await printAt(BEIJING_MORNING, 'enrollment', 'zh', {
      signing: { privateKey, terminalId: 'kiosk-a', baseUrl: f.url },
      qrBase: (data) => qrBase(undefined, f.url, data),
    });
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', pdf, join(dir, 'qr-page')]);
    const png = join(dir, 'qr-page-1.png');
    const qr = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim();
    expect(qr.startsWith(`https://verify.dhut.example.edu.cn/verify/${job.verification_code}?p=`)).toBe(true);
  });

  it('the preview at that moment shows 3 December too', async () => {
    await f.store.setInstitution(loadInstitutionFile(EXAMPLE), 'test');
    const person = f.students[0]!;
    const data = (await f.store.documentData(person.id, 'enrollment', 'zh'))!;
    const preview = (await renderPreview(templates, { kind: 'enrollment', language: 'zh' }, data, {
      today: new Date(BEIJING_MORNING),
    }))!;
    const file = join(dir, 'preview.pdf');
    writeFileSync(file, Buffer.from(preview.pdfBase64, 'base64'));
    const text = pdfText(file);
    expect(text).toContain('2026年12月3日');
    expect(text).toContain('东湖理工大学');
    // A university in another timezone: the same instant is still 2 December in New York.
    const ny = { ...data, university: { ...(data.university as object), timezone: 'America/New_York' } };
    const other = (await renderPreview(templates, { kind: 'enrollment', language: 'zh' }, ny, {
      today: new Date(BEIJING_MORNING),
    }))!;
    writeFileSync(file, Buffer.from(other.pdfBase64, 'base64'));
    expect(pdfText(file)).toContain('2026年12月2日');
  });
});
