/**
 * The built-in templates render what they are given: text extracted back from the PDF, pages
 * compared with committed reference images, and the fonts actually embedded.
 */
import { describe, expect, it } from 'vitest';
import { builtinTemplateDir, loadTemplateBundle, renderCertificate } from '../../../templates/engine/index.js';
import { diffToReference, pdfPages, pdfToPngs, squash } from './pdf-tools.js';

const IDS = [
  'enrollment-zh',
  'enrollment-en',
  'student-status-zh',
  'student-status-en',
  'transcript-zh',
  'transcript-en',
];
const FIXED = { creationDate: new Date('2026-11-28T09:30:00Z') };
/**
 * Rendering is deterministic (same fonts, same poppler), so a page must match its reference to a
 * few pixels of anti-aliasing: one character changed in the name differs by 13-22 pixels at 40 dpi
 * (measured), and the test below proves that such a change is caught.
 */
const TOLERANCE = 6 / (331 * 468);

describe.each(IDS)('built-in template %s', (id) => {
  const template = loadTemplateBundle(builtinTemplateDir(id));

  it('renders its sample with every bound value extractable as text', async () => {
    const { pdf, pages } = await renderCertificate(template, template.sample, FIXED);
    const text = pdfPages(pdf);
    expect(text).toHaveLength(pages);
    const all = squash(text.join(''));
    const s = template.sample as {
      student: { name: string; studentNumber: string };
      university: { name: string };
      document: { serial: string; verificationCode: string };
    };
    for (const value of [
      s.student.name,
      s.student.studentNumber,
      s.document.serial,
      s.document.verificationCode,
      s.university.name,
    ])
      expect(all).toContain(squash(value));
    text.forEach((page, i) => {
      expect(squash(page)).toContain(
        template.manifest.language === 'zh' ? `第${i + 1}页共${pages}页` : `Page${i + 1}of${pages}`,
      );
      // serial and verification code on every page
      expect(squash(page)).toContain(s.document.serial);
    });
  });

  it('looks like its committed reference images', async () => {
    const { pdf } = await renderCertificate(template, template.sample, FIXED);
    const pngs = pdfToPngs(pdf, 40);
    pngs.forEach((png, i) =>
      expect(diffToReference(png, `${id}-${i + 1}.png`), `page ${i + 1}`).toBeLessThanOrEqual(TOLERANCE),
    );
  });

  it('differs visibly from its reference when one character of the name changes', async () => {
    const sample = structuredClone(template.sample) as { student: { name: string } };
    sample.student.name = sample.student.name.replace(/^./u, (c) => (c === '张' ? '王' : '张'));
    const [first] = pdfToPngs((await renderCertificate(template, sample, FIXED)).pdf, 40);
    expect(diffToReference(first!, `${id}-1.png`)).toBeGreaterThan(TOLERANCE);
  });
});

describe('transcript content', () => {
  it('prints the totals and GPA and a two-page sample', async () => {
    const template = loadTemplateBundle(builtinTemplateDir('transcript-zh'));
    const { pdf, pages } = await renderCertificate(template, template.sample, FIXED);
    expect(pages).toBe(2);
    const last = squash(pdfPages(pdf).at(-1)!);
    const totals = (template.sample as { totals: { courses: number; gpa: number } }).totals;
    expect(last).toContain(`共修读课程${totals.courses}门`);
    expect(last).toContain(`（GPA）${totals.gpa.toFixed(2)}`);
    expect(last).toContain('2026年11月28日');
  });
});
