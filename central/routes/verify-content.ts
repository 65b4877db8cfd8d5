/**
 * The certified content of a document as the verification page shows it: the snapshot central kept at
 * authorize, rendered block by block (shared/document-kind.ts DATA_BLOCKS; one renderer per block, so a
 * kind no code knows renders from its blocks, never from its id), in the document's language, with the
 * layout cues of the paper (a transcript's course table with totals and GPA, a certificate's statements).
 *
 * What a block shows is decided here, for the checker who holds the paper and needs to compare it line by
 * line, and nothing more of the person:
 * - never an id number (student or staff number), a gender, or an exam ticket number: a checker compares
 *   what the document certifies, and these identify the person beyond the paper's purpose;
 * - the holder's name only masked (the page's header), as everywhere on the page;
 * - figures the document certifies are shown in full (scores, fees, an income): the holder handed the
 *   paper and its code to the checker precisely so they could be checked, and a masked figure cannot be
 *   compared (docs/central.md "Verification").
 */
import { DATA_BLOCKS, type DataBlock } from '../../shared/document-kind.js';
import type { Language } from '../../shared/domain.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Block = Record<string, unknown>;

/** A value of the snapshot as text in `lang`: a `{ zh, en }` pair picks its language, a number is written out. */
function text(v: unknown, lang: Language): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && 'zh' in v && 'en' in v) {
    const l = v as { zh: unknown; en: unknown };
    return String((lang === 'en' ? l.en || l.zh : l.zh) ?? '');
  }
  return '';
}

/** The field picked by language (`nameZh`/`nameEn`, `testZh`/`testEn`). */
const pick = (b: Block, base: string, lang: Language) => text(b[`${base}${lang === 'zh' ? 'Zh' : 'En'}`], lang);

/** A statement list: label and value, the way a certificate states its facts. */
function statements(title: string, rows: [string, string][]): string {
  const shown = rows.filter(([, v]) => v !== '');
  if (!shown.length) return '';
  return `<section class="block"><h3>${esc(title)}</h3><dl>${shown
    .map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`)
    .join('')}</dl></section>`;
}

/** A table as on the paper; wide tables scroll sideways on a phone instead of breaking the page (focusable, so a keyboard can scroll it too). */
function table(title: string, head: string[], rows: string[][], foot?: string[], numeric: number[] = []): string {
  const cell = (tag: 'td' | 'th', v: string, i: number) =>
    `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${esc(v)}</${tag}>`;
  return `<section class="block"><h3>${esc(title)}</h3><div class="scroll" tabindex="0" role="region" aria-label="${esc(title)}"><table>
<thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`).join('')}</tbody>
${foot ? `<tfoot><tr>${foot.map((v, i) => cell('th', v, i)).join('')}</tr></tfoot>` : ''}</table></div></section>`;
}

const L = (lang: Language, zh: string, en: string) => (lang === 'zh' ? zh : en);
const list = (v: unknown): Block[] => (Array.isArray(v) ? (v as Block[]) : []);

/** A GPA as the paper prints it: two decimals; nothing when the snapshot has no number. */
const gpa = (b: Block) => (typeof b.gpa === 'number' ? b.gpa.toFixed(2) : '');

/**
 * One line of a statement block: its label in both languages and what it shows: a field of the block
 * (written out by `text`), or, where the paper combines or formats fields, how to write it.
 */
type Statement = [zh: string, en: string, show: string | ((b: Block, lang: Language) => string)];

/**
 * The blocks a certificate states as label and value, each with its title and its lines in the paper's
 * order. What is left out of a block is left out here (see the header): the only place to look.
 */
const STATEMENTS = {
  // The statements of a student certificate; not the student number or gender.
  student: {
    title: ['学籍信息', 'Student'],
    lines: [
      ['学院', 'College', 'college'],
      ['专业', 'Major', 'major'],
      ['培养层次', 'Level', 'degreeLevel'],
      ['入学日期', 'Enrolled', 'enrollmentDate'],
      ['学制', 'Programme length', 'programLength'],
      ['预计毕业', 'Expected graduation', 'expectedGraduation'],
      ['学籍状态', 'Status', 'statusLabel'],
    ],
  },
  totals: {
    title: ['合计', 'Totals'],
    lines: [
      ['课程门数', 'Courses', 'courses'],
      ['总学分', 'Credits taken', 'credits'],
      ['获得学分', 'Credits earned', 'creditsEarned'],
      ['平均学分绩点', 'GPA', gpa],
    ],
  },
  graduation: {
    title: ['毕业', 'Graduation'],
    lines: [
      ['毕业日期', 'Graduated', 'date'],
      ['毕业证书编号', 'Certificate number', 'certificateNumber'],
    ],
  },
  degree: {
    title: ['学位', 'Degree'],
    lines: [
      ['学位', 'Degree', 'name'],
      ['授予日期', 'Conferred', 'date'],
      ['学位证书编号', 'Certificate number', 'certificateNumber'],
    ],
  },
  ranking: {
    title: ['绩点及排名', 'GPA and rank'],
    lines: [
      ['排名范围', 'Ranked among', 'scope'],
      ['名次', 'Rank', (b, lang) => `${text(b.rank, lang)} / ${text(b.of, lang)}`],
      ['位次', 'Top', (b, lang) => `${text(b.percent, lang)}%`],
      ['平均学分绩点', 'GPA', gpa],
      ['统计日期', 'As of', 'asOf'],
    ],
  },
  // The statements of a teacher certificate; not the staff number or gender.
  teacher: {
    title: ['任职信息', 'Employment'],
    lines: [
      ['部门', 'Department', 'department'],
      ['职称', 'Title', 'title'],
      ['入职日期', 'Employed since', 'hireDate'],
      ['状态', 'Status', 'statusLabel'],
    ],
  },
  income: {
    title: ['收入（元）', 'Income (CNY)'],
    lines: [
      ['年度', 'Year', 'year'],
      ['年收入（税前）', 'Annual gross', 'annualGross'],
      ['月平均', 'Monthly average', 'monthlyAverage'],
      ['发放月数', 'Months paid', 'months'],
    ],
  },
} satisfies Partial<Record<DataBlock, { title: [zh: string, en: string]; lines: Statement[] }>>;

/** A statement block rendered from its table in `lang`. */
const statementBlock =
  (kind: keyof typeof STATEMENTS) =>
  (v: unknown, lang: Language): string => {
    const b = v as Block;
    const { title, lines } = STATEMENTS[kind];
    return statements(
      L(lang, ...title),
      lines.map(([zh, en, show]) => [L(lang, zh, en), typeof show === 'string' ? text(b[show], lang) : show(b, lang)]),
    );
  };

/**
 * One renderer per data block. Exhaustive: a block added to DATA_BLOCKS does not compile until the page
 * knows how to show it (or decides, in its renderer, to show nothing of it).
 */
const RENDERERS: Record<DataBlock, (b: unknown, lang: Language) => string> = {
  student: statementBlock('student'),
  courses: (v, lang) =>
    table(
      L(lang, '课程成绩', 'Courses'),
      [L(lang, '学期', 'Term'), L(lang, '课程', 'Course'), L(lang, '学分', 'Credits'), L(lang, '成绩', 'Score')],
      list(v).map((c) => [text(c.term, lang), pick(c, 'name', lang), text(c.credits, lang), text(c.score, lang)]),
      undefined,
      [2, 3],
    ),
  totals: statementBlock('totals'),
  graduation: statementBlock('graduation'),
  degree: statementBlock('degree'),
  ranking: statementBlock('ranking'),
  // Every sitting with its scores; not the exam ticket number (it identifies the sitting, not the result).
  cet: (v, lang) =>
    table(
      L(lang, '英语四六级成绩', 'CET results'),
      [
        L(lang, '考试', 'Test'),
        L(lang, '日期', 'Date'),
        L(lang, '总分', 'Total'),
        L(lang, '听力', 'Listening'),
        L(lang, '阅读', 'Reading'),
        L(lang, '写作翻译', 'Writing'),
      ],
      list(v).map((t) => [
        pick(t, 'test', lang),
        text(t.date, lang),
        text(t.total, lang),
        text(t.listening, lang),
        text(t.reading, lang),
        text(t.writing, lang),
      ]),
      undefined,
      [2, 3, 4, 5],
    ),
  payments: (v, lang) => {
    const b = v as Block;
    return table(
      L(lang, '缴费明细（元）', 'Payments (CNY)'),
      [
        L(lang, '学年', 'Year'),
        L(lang, '项目', 'Item'),
        L(lang, '应缴', 'Due'),
        L(lang, '实缴', 'Paid'),
        L(lang, '缴费日期', 'Paid on'),
      ],
      list(b.items).map((i) => [
        text(i.year, lang),
        pick(i, 'item', lang),
        text(i.due, lang),
        text(i.paid, lang),
        text(i.paidDate, lang),
      ]),
      [L(lang, '合计', 'Total'), '', text(b.due, lang), text(b.paid, lang), ''],
      [2, 3],
    );
  },
  teacher: statementBlock('teacher'),
  income: statementBlock('income'),
  titles: (v, lang) =>
    table(
      L(lang, '职称', 'Titles'),
      [L(lang, '职称', 'Title'), L(lang, '取得日期', 'Granted'), L(lang, '证书编号', 'Certificate')],
      list(v).map((t) => [pick(t, 'title', lang), text(t.date, lang), text(t.certificateNumber, lang)]),
    ),
};

/** The snapshot's blocks in DATA_BLOCKS order as HTML; empty when central kept no snapshot (issued before #15). */
export function certifiedContent(snapshot: Record<string, unknown> | null | undefined, lang: Language): string {
  if (!snapshot) return '';
  return DATA_BLOCKS.filter((b) => snapshot[b] !== undefined && snapshot[b] !== null)
    .map((b) => RENDERERS[b](snapshot[b], lang))
    .join('\n');
}
