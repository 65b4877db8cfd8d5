/**
 * Engine behaviour on real PDFs: glyph fallback for rare name characters, missing glyphs, data
 * validation, overlong values, control characters and markup, transcript pagination, bundle safety.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePath } from '../../../templates/engine/bundle.js';
import {
  builtinTemplateDir,
  loadTemplateBundle,
  MissingGlyphsError,
  renderCertificate,
  TemplateDataError,
  TemplateError,
} from '../../../templates/engine/index.js';
import {
  diffToReference,
  FIXTURES,
  inkPixels,
  pdfFonts,
  pdfPages,
  pdfToPngs,
  squash,
  tmp,
  wordBoxes,
} from './pdf-tools.js';

const FIXED = { creationDate: new Date('2026-11-28T09:30:00Z') };
const enrollment = loadTemplateBundle(builtinTemplateDir('enrollment-zh'));
const transcript = loadTemplateBundle(builtinTemplateDir('transcript-zh'));
const withStudent = (
  b: typeof enrollment,
  student: Record<string, unknown>,
  document: Record<string, unknown> = {},
) => {
  const s = b.sample as { student: Record<string, unknown>; document: Record<string, unknown> };
  return { ...b.sample, student: { ...s.student, ...student }, document: { ...s.document, ...document } };
};

describe('rare name characters', () => {
  const glyphs = loadTemplateBundle(join(FIXTURES, 'glyphs'));

  it('draws 𠮷 with the Extension B fallback font and 䶮 喆 堃 with Noto, matching the reference image', async () => {
    const { pdf } = await renderCertificate(glyphs, glyphs.sample, FIXED);
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/HanaMinB/);
    expect(fonts).toMatch(/NotoSerifSC/);
    expect(fonts).toMatch(/NotoSansSC/);
    const [png] = pdfToPngs(pdf, 72);
    expect(diffToReference(png!, 'glyphs-1.png')).toBeLessThan(0.0005);
    // every character comes back out as text, in order
    expect(squash(pdfPages(pdf).join(''))).toBe(
      squash(`${glyphs.sample.names}${glyphs.sample.names}${glyphs.sample.latin}`),
    );
  });

  it('puts ink where 𠮷 is: the fallback glyph is drawn, not a blank or a box', async () => {
    const only = (names: string) =>
      renderCertificate(glyphs, { names, latin: '-' }, FIXED).then((r) => inkPixels(pdfToPngs(r.pdf, 72)[0]!));
    const dash = await only('-');
    const yoshi = await only('𠮷');
    // a 40 pt ideograph twice (serif and sans lines) is hundreds of dark pixels more than a dash
    expect(yoshi - dash).toBeGreaterThan(300);
  });

  it('renders the demo students with rare characters in real templates', async () => {
    for (const name of ['𠮷田花子', '刘䶮', '吴喆', '徐堃']) {
      const { pdf } = await renderCertificate(enrollment, withStudent(enrollment, { name }), FIXED);
      expect(squash(pdfPages(pdf).join(''))).toContain(name);
    }
  });

  it('refuses characters no font has, listing them', async () => {
    const err = await renderCertificate(
      enrollment,
      withStudent(enrollment, { name: '李\uE000明\u{1F600}' }),
      FIXED,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingGlyphsError);
    expect((err as MissingGlyphsError).characters.sort()).toEqual(['\uE000', '\u{1F600}'].sort());
    expect((err as Error).message).toContain('U+E000');
  });
});

describe('data', () => {
  it('is validated before rendering, with one entry per field', async () => {
    const s = enrollment.sample as { student: Record<string, unknown> };
    const bad = {
      ...enrollment.sample,
      student: { ...s.student, name: '', enrollmentDate: 'last year', studentNumber: 42 },
    };
    const err = await renderCertificate(enrollment, bad, FIXED).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateDataError);
    expect((err as TemplateDataError).fields.map((f) => f.path).sort()).toEqual([
      'student.enrollmentDate',
      'student.name',
      'student.studentNumber',
    ]);
  });

  it('draws markup as plain text and drops control characters', async () => {
    const data = withStudent(enrollment, { name: '李\u0000明\u202E轩' }, { purpose: '<b>签证</b>&amp;' });
    const text = squash(pdfPages((await renderCertificate(enrollment, data, FIXED)).pdf).join(''));
    expect(text).toContain('李明轩');
    expect(text).toContain('<b>签证</b>&amp;');
  });

  it('wraps or shrinks overlong values inside the page', async () => {
    const college = '计算机科学与技术及人工智能交叉创新研究与应用高等研究院'.repeat(4);
    const purpose = 'Application for a long-stay study visa at the consulate general '.repeat(3);
    for (const id of ['student-status-zh', 'enrollment-zh', 'transcript-zh']) {
      const b = loadTemplateBundle(builtinTemplateDir(id));
      const s = b.sample as { student: Record<string, unknown>; university: Record<string, unknown> };
      const data = {
        ...withStudent(b, { college: { zh: college, en: college } }, { purpose }),
        university: { ...s.university, name: '示范大学'.repeat(8) },
      };
      const { pdf } = await renderCertificate(b, data, FIXED);
      for (const w of wordBoxes(pdf)) {
        expect(w.xMax, `${id}: "${w.word}" runs off the page`).toBeLessThanOrEqual(w.width);
        expect(w.yMax, `${id}: "${w.word}" runs off the page`).toBeLessThanOrEqual(w.height);
      }
      expect(squash(pdfPages(pdf).join(''))).toContain(squash(college).slice(0, 20));
    }
  });
});

describe('the new kinds with overlong values', () => {
  const long = '计算机科学与技术及人工智能交叉创新研究与应用高等研究院'.repeat(4);
  const ids = [
    'graduation-certificate',
    'degree-certificate',
    'gpa-ranking',
    'cet-report',
    'tuition-payment',
    'expected-graduation',
    'employment-certificate',
    'income-certificate',
    'title-certificate',
  ].flatMap((k) => [`${k}-zh`, `${k}-en`]);

  it.each(ids)('%s keeps every word on the page', async (id) => {
    const b = loadTemplateBundle(builtinTemplateDir(id));
    const s = b.sample as Record<string, Record<string, unknown>>;
    const data = {
      ...s,
      university: { ...s.university, name: '示范大学'.repeat(8), nameEn: 'Demo University of Science '.repeat(4) },
      document: { ...s.document, purpose: long, purposeEn: long },
      ...(s.student
        ? { student: { ...s.student, college: { zh: long, en: long }, major: { zh: long, en: long } } }
        : {}),
      ...(s.teacher
        ? { teacher: { ...s.teacher, department: { zh: long, en: long }, title: { zh: long, en: long } } }
        : {}),
    };
    const { pdf } = await renderCertificate(b, data, FIXED);
    for (const w of wordBoxes(pdf)) {
      expect(w.xMax, `${id}: "${w.word}" runs off the page`).toBeLessThanOrEqual(w.width);
      expect(w.yMax, `${id}: "${w.word}" runs off the page`).toBeLessThanOrEqual(w.height);
    }
  });
});

describe('transcript pagination', () => {
  const courses = Array.from({ length: 90 }, (_, i) => ({
    term: `${2022 + Math.floor(i / 24)}-${2023 + Math.floor(i / 24)}-${(Math.floor(i / 12) % 2) + 1}`,
    nameZh: `课程${String(i + 1).padStart(3, '0')}号`,
    nameEn: `Course ${i + 1}`,
    credits: 2,
    typeZh: '必修',
    typeEn: 'Required',
    score: 80,
    gradePoints: 3,
  }));
  const data = { ...transcript.sample, courses, totals: { courses: 90, credits: 180, creditsEarned: 180, gpa: 3 } };

  it('spreads 90 courses over several pages with the header row on each and whole rows only', async () => {
    const { pdf, pages } = await renderCertificate(transcript, data, FIXED);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = pdfPages(pdf).map(squash);
    text.forEach((page, i) => {
      expect(page).toContain('课程名称');
      expect(page).toContain(`第${i + 1}页共${pages}页`);
    });
    // each course row appears exactly once, and in order page after page
    const seen = text.flatMap((page) => [...page.matchAll(/课程(\d{3})号/g)].map((m) => Number(m[1])));
    expect(seen).toEqual(courses.map((_, i) => i + 1));
    // a page that starts inside a term names the term again at its top
    for (const page of text.slice(1)) expect(page.slice(page.indexOf('绩点') + 2)).toMatch(/^\d{4}-\d{4}学年第\d学期/);
    // the totals, the date and the seal's page is the last one
    expect(text.at(-1)).toContain('共修读课程90门');
    expect(text.slice(0, -1).join('')).not.toContain('成绩专用章');
    expect(text.at(-1)).toContain('成绩专用章');
  });
});

describe('bundles', () => {
  const write = (dir: string, layout: unknown, manifest: Record<string, unknown> = {}) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        id: 'x',
        version: '1.0.0',
        kind: 'enrollment',
        language: 'zh',
        title: 'x',
        schema: {},
        fonts: { body: 'serif-regular' },
        ...manifest,
      }),
    );
    writeFileSync(join(dir, 'layout.json'), JSON.stringify(layout));
    writeFileSync(join(dir, 'sample.json'), '{}');
  };

  it('never resolves a file outside the bundle', () => {
    expect(() => bundlePath('/tmp/bundle', '../etc/passwd')).toThrow(TemplateError);
    expect(() => bundlePath('/tmp/bundle', '/etc/passwd')).toThrow(TemplateError);
  });

  it('rejects elements that are not part of the layout language, unknown fonts and undeclared font roles', () => {
    const dir = tmp();
    write(join(dir, 'a'), { page: {}, elements: [{ type: 'script', code: 'process.exit()' }] });
    expect(() => loadTemplateBundle(join(dir, 'a'))).toThrow(TemplateError);
    write(join(dir, 'b'), { page: {}, elements: [{ type: 'text', text: 'x', font: 'fancy' }] });
    expect(() => loadTemplateBundle(join(dir, 'b'))).toThrow(/"fancy" is not a font role/);
    write(
      join(dir, 'c'),
      { page: {}, elements: [{ type: 'text', text: 'x' }] },
      { fonts: { body: '/usr/share/fonts/x.ttf' } },
    );
    expect(() => loadTemplateBundle(join(dir, 'c'))).toThrow(/is not a known font/);
  });

  it('rejects bindings to data the schema does not declare', () => {
    const dir = tmp();
    write(
      join(dir, 'd'),
      { page: {}, elements: [{ type: 'text', text: '{{student.name}} {{student.idCard}}' }] },
      { schema: { 'student.name': 'string' } },
    );
    expect(() => loadTemplateBundle(join(dir, 'd'))).toThrow(/\{\{student\.idCard\}\} is not in the manifest's schema/);
    write(
      join(dir, 'e'),
      {
        page: {},
        elements: [
          { type: 'table', rows: 'courses', columns: [{ header: 'x', value: '{{nameZh}} {{secret}}', width: 1 }] },
        ],
      },
      { schema: { courses: { list: { nameZh: 'string' } } } },
    );
    expect(() => loadTemplateBundle(join(dir, 'e'))).toThrow(/\{\{secret\}\}/);
  });

  it('rejects a condition on data the schema does not declare', () => {
    const dir = tmp();
    write(
      join(dir, 'f'),
      { page: {}, elements: [{ type: 'text', text: '{{teacher.name}}', when: 'teacher.salary' }] },
      { schema: { 'teacher.name': 'string' } },
    );
    expect(() => loadTemplateBundle(join(dir, 'f'))).toThrow(
      /the condition "teacher\.salary" is not in the manifest's schema/,
    );
    write(
      join(dir, 'g'),
      { page: {}, elements: [{ type: 'text', text: '{{teacher.name}}', unless: 'teacher.title.zh' }] },
      { schema: { 'teacher.name': 'string', 'teacher.title.zh': 'optional' } },
    );
    expect(loadTemplateBundle(join(dir, 'g')).layout.elements[0]).toMatchObject({ unless: 'teacher.title.zh' });
  });
});
