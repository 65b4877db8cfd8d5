/**
 * The built-in templates render what they are given: text extracted back from the PDF, pages
 * compared with committed reference images, and the fonts actually embedded.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DIR,
  builtinTemplateDir,
  loadTemplateBundle,
  renderCertificate,
} from '../../../templates/engine/index.js';
import { ALWAYS_BLOCKS, DATA_BLOCKS } from '../../../shared/document-kind.js';
import { bindingPaths } from '../../../templates/engine/bindings.js';
import { diffToReference, pdfPages, pdfToPngs, squash } from './pdf-tools.js';

/** Every bundle that ships, as the kiosk's registry finds them. */
const IDS = readdirSync(BUILTIN_DIR).sort();
interface Sample extends Record<string, unknown> {
  student?: { name: string; studentNumber: string };
  teacher?: { name: string; staffNumber: string };
  university: { name: string };
  document: { serial: string; verificationCode: string };
}
/** The person a document is about: a student or a teacher. */
const holder = (s: Sample) =>
  s.student
    ? { name: s.student.name, number: s.student.studentNumber }
    : { name: s.teacher!.name, number: s.teacher!.staffNumber };

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
    const s = template.sample as Sample;
    const person = holder(s);
    for (const value of [person.name, person.number, s.document.serial, s.document.verificationCode, s.university.name])
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
    const sample = structuredClone(template.sample) as Sample;
    const person = (sample.student ?? sample.teacher)!;
    person.name = person.name.replace(/^./u, (c) => (c === '张' ? '王' : '张'));
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

describe('a transcript of 400 courses (the most a record holds)', () => {
  it('paginates every course and ends with the last course, the totals and the seal', async () => {
    const template = loadTemplateBundle(builtinTemplateDir('transcript-zh'));
    const courses = Array.from({ length: 400 }, (_, i) => ({
      term: `${2016 + Math.floor(i / 50)}-${2017 + Math.floor(i / 50)}-${(Math.floor(i / 25) % 2) + 1}`,
      nameZh: i === 399 ? '毕业论文（设计）' : `课程${String(i + 1).padStart(3, '0')}号`,
      nameEn: `Course ${i + 1}`,
      credits: 1,
      typeZh: '必修',
      typeEn: 'Required',
      score: 85,
      gradePoints: 3.7,
    }));
    const totals = { courses: 400, credits: 400, creditsEarned: 400, gpa: 3.7 };
    const { pdf, pages } = await renderCertificate(template, { ...template.sample, courses, totals }, FIXED);
    const text = pdfPages(pdf).map(squash);
    expect(text).toHaveLength(pages);
    expect(pages).toBeGreaterThan(5);
    const seen = text.flatMap((page) => [...page.matchAll(/课程(\d{3})号/g)].map((m) => Number(m[1])));
    expect(seen).toEqual(courses.slice(0, 399).map((_, i) => i + 1));
    const last = text.at(-1)!;
    expect(last).toContain('毕业论文（设计）');
    expect(last).toContain('共修读课程400门，总学分400.0，已获学分400.0，平均学分绩点（GPA）3.70');
    expect(last).toContain(`第${pages}页共${pages}页`);
  });
});

describe('the built-in catalog', () => {
  const bundles = IDS.map((id) => loadTemplateBundle(builtinTemplateDir(id)));
  const kinds = [...new Set(bundles.map((b) => b.manifest.kind))];

  it('has every kind in Chinese and English, named <kind>-<language>', () => {
    expect(kinds).toHaveLength(12);
    for (const kind of kinds)
      expect(bundles.filter((b) => b.manifest.kind === kind).map((b) => b.manifest.id)).toEqual([
        `${kind}-en`,
        `${kind}-zh`,
      ]);
  });

  it("declares exactly what its kind's layouts read, from the data blocks central sends, the same in both languages", () => {
    const blocks = new Set<string>([...DATA_BLOCKS, ...ALWAYS_BLOCKS]);
    for (const kind of kinds) {
      const pair = bundles.filter((b) => b.manifest.kind === kind);
      expect(pair[0]!.manifest.schema, kind).toEqual(pair[1]!.manifest.schema);
      const read = new Set(pair.flatMap((b) => layoutReads(b.layout)));
      for (const [path, type] of Object.entries(pair[0]!.manifest.schema)) {
        expect(blocks.has(path.split('.')[0]!), `${kind}: ${path} is not in a data block`).toBe(true);
        expect(read.has(path), `${kind}: ${path} is declared but no layout reads it`).toBe(true);
        if (typeof type === 'object')
          for (const field of Object.keys(type.list))
            expect(read.has(field), `${kind}: ${path}.${field} is declared but no table reads it`).toBe(true);
      }
    }
  });
});

/** Every data path, condition, table list and row field a layout names (a superset of what it reads: enough to find a declared path nobody reads). */
function layoutReads(layout: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (['when', 'unless', 'rows', 'groupBy'].includes(key)) out.push(v);
      else out.push(...bindingPaths(v));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(layout);
  return out;
}

/** What each kind's sample must print, beyond the holder, serial and code every document prints. */
// Sample data is JSON read from the bundles; each entry reads the fields of its own kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const FACTS: Record<string, (s: Json, lang: 'zh' | 'en') => string[]> = {
  'graduation-certificate': (s) => [s.graduation.certificateNumber],
  'degree-certificate': (s, lang) => [s.degree.certificateNumber, s.degree.name[lang]],
  'gpa-ranking': (s, lang) => [
    s.ranking.gpa.toFixed(2),
    lang === 'zh' ? `第${s.ranking.rank}名/共${s.ranking.of}人` : `${s.ranking.rank}of${s.ranking.of}`,
    `${s.ranking.percent}%`,
    s.ranking.scope[lang],
  ],
  'cet-report': (s, lang) =>
    s.cet.flatMap((c: Json) => [
      c.ticketNo,
      `${c.listening}${c.reading}${c.writing}${c.total}`,
      lang === 'zh' ? c.testZh : c.testEn.replace(/ Band.*/, ''),
    ]),
  'tuition-payment': (s, lang) => [
    lang === 'zh' ? `应缴人民币${s.payments.due}元（大写：贰万陆仟陆佰肆拾元整）` : `RMB${s.payments.due}`,
    lang === 'zh' ? `实缴人民币${s.payments.paid}元` : `RMB${s.payments.paid}`,
    ...s.payments.items.map((i: Record<string, string>) => `${i.due}${i.paid}`),
  ],
  'expected-graduation': (s, lang) => [
    lang === 'zh' ? s.document.purpose : s.document.purposeEn,
    lang === 'zh' ? '有效期至2027年2月26日' : 'validuntilFebruary26,2027',
  ],
  'employment-certificate': (s, lang) => [
    lang === 'zh' ? `现任${s.teacher.title.zh}职称` : `title of ${s.teacher.title.en}`,
    lang === 'zh' ? s.document.purpose : s.document.purposeEn,
  ],
  'income-certificate': (s, lang) =>
    lang === 'zh'
      ? [
          `人民币${s.income.annualGross}元（大写：贰拾捌万陆仟肆佰元整）`,
          `人民币${s.income.monthlyAverage}元（大写：贰万叁仟捌佰陆拾陆元陆角柒分）`,
          '以上情况属实',
        ]
      : [`RMB${s.income.annualGross}`, `RMB${s.income.monthlyAverage}`],
  'title-certificate': (s, lang) =>
    s.titles.map((t: Record<string, string>) => `${lang === 'zh' ? t.titleZh : t.titleEn}`),
};

describe.each(IDS.filter((id) => FACTS[id.replace(/-(zh|en)$/, '')]))('the %s sample', (id) => {
  const template = loadTemplateBundle(builtinTemplateDir(id));
  const kind = template.manifest.kind;

  it('prints its key facts on one page', async () => {
    const { pdf, pages } = await renderCertificate(template, template.sample, FIXED);
    expect(pages).toBe(1);
    const text = squash(pdfPages(pdf).join(''));
    for (const fact of FACTS[kind]!(template.sample, template.manifest.language))
      expect(text, fact).toContain(squash(fact));
  });
});

describe('teacher documents', () => {
  it('say nothing of a title when the teacher has none', async () => {
    for (const id of ['employment-certificate-zh', 'employment-certificate-en', 'income-certificate-zh']) {
      const template = loadTemplateBundle(builtinTemplateDir(id));
      const s = template.sample as { teacher: Record<string, unknown> };
      const data = { ...template.sample, teacher: { ...s.teacher, title: { zh: '', en: '' } } };
      const text = squash(pdfPages((await renderCertificate(template, data, FIXED)).pdf).join(''));
      expect(text).not.toMatch(/职称|professionaltitle/);
      expect(text).toMatch(/工作，系我校在职在编教职工。|SchoolofForeignLanguages\.Theabove-named/);
    }
  });

  it('print an unpaid item with an empty date and a title without a certificate number', async () => {
    const tuition = loadTemplateBundle(builtinTemplateDir('tuition-payment-zh'));
    const items = (tuition.sample as { payments: { items: { paidDate: string }[] } }).payments.items;
    expect(items.at(-1)!.paidDate).toBe('');
    const text = squash(pdfPages((await renderCertificate(tuition, tuition.sample, FIXED)).pdf).join(''));
    expect(text).toContain('2026-2027住宿费1,200.000.00');
    const titles = loadTemplateBundle(builtinTemplateDir('title-certificate-zh'));
    const page = squash(pdfPages((await renderCertificate(titles, titles.sample, FIXED)).pdf).join(''));
    expect(page).toContain('1助教1997年9月1日2讲师2000年12月20日JS-2000-0318');
  });
});
