// The parts every built-in bundle shares: page, fonts, guilloche, letterhead, footer (QR, serial,
// verification code, page numbers), seal and the sign-off (office, date under the seal, signatures).
export const fonts = { body: 'serif-regular', title: 'serif-bold', sans: 'sans-regular', label: 'sans-bold' };
export const page = { size: 'A4', margins: [46, 56, 132, 56] };
export const background = () => ({ pattern: 'guilloche', color: '#cfdcea' });
export const letterhead = (lang) => ({
  type: 'letterhead',
  title: lang === 'zh' ? '{{university.name}}' : '{{university.nameEn}}',
  subtitle: lang === 'zh' ? '{{university.nameEn|upper}}' : '{{university.name}}',
  emblemRim: '{{university.nameEn|upper}}',
  emblemCenter: '{{university.name|first}}',
  font: 'title',
  subtitleFont: lang === 'zh' ? 'body' : 'title',
  color: '#7a1f1f',
  spaceAfter: 10,
});
export const footer = (lang) => [
  { type: 'line', x1: 56, y1: 720, x2: 539.28, y2: 720, thickness: 0.6, color: '#7a1f1f' },
  { type: 'qr', x: 56, y: 728, size: 84 },
  {
    type: 'text',
    x: 146,
    y: 734,
    width: 270,
    size: 8.5,
    font: 'sans',
    color: '#222222',
    text: lang === 'zh' ? '证明编号：{{document.serial}}' : 'Serial No.: {{document.serial}}',
  },
  {
    type: 'text',
    x: 146,
    y: 749,
    width: 270,
    size: 8.5,
    font: 'sans',
    color: '#222222',
    text:
      lang === 'zh' ? '验 证 码：{{document.verificationCode}}' : 'Verification code: {{document.verificationCode}}',
  },
  {
    type: 'text',
    x: 146,
    y: 766,
    width: 300,
    size: 7.5,
    minSize: 7.5,
    font: 'sans',
    color: '#444444',
    lineHeight: 1.45,
    text:
      lang === 'zh'
        ? '扫描左侧二维码，或登录学校文件验证平台输入验证码，即可核验本文件真伪。\n本文件经电子签名，涂改、复印无效。'
        : "Scan the QR code, or enter the verification code on the university's document verification site, to check that this document is genuine. Digitally signed; void if altered or photocopied.",
  },
  {
    type: 'text',
    x: 400,
    y: 734,
    width: 139.28,
    size: 8.5,
    font: 'sans',
    color: '#222222',
    align: 'right',
    text: lang === 'zh' ? '第 {{page}} 页  共 {{pages}} 页' : 'Page {{page}} of {{pages}}',
  },
];
export const seal = (center = '') => ({
  type: 'seal',
  anchor: 'date',
  dx: -18,
  dy: 8,
  diameter: 118,
  rim: '{{university.name}}{{university.office}}',
  center,
  // The issuing office's scanned seal from the institution profile, when it has one (docs/data.md).
  imageData: 'university.seal',
  font: 'title',
  color: '#d8141d',
  rotate: -6,
});
export const signoffZh = [
  { type: 'spacer', height: 34 },
  {
    type: 'text',
    text: '{{university.name}}{{university.office}}',
    size: 14,
    align: 'right',
    lineHeight: 2,
    spaceAfter: 2,
  },
  {
    type: 'text',
    text: '{{document.issuedAt|date}}',
    size: 14,
    align: 'right',
    lineHeight: 2,
    anchor: 'date',
    spaceAfter: 26,
  },
  {
    type: 'text',
    text: '经办人（签字）：____________        {{university.office}}负责人（签字）：____________',
    size: 10.5,
    font: 'body',
    align: 'left',
  },
];
/** The English sign-off; `signatory` is who signs for the office (the registrar for student documents). */
export const signoffEn = (signatory = 'Registrar') => [
  { type: 'spacer', height: 30 },
  { type: 'text', text: '{{university.officeEn}}', size: 12, font: 'title', align: 'right', lineHeight: 1.6 },
  { type: 'text', text: '{{university.nameEn}}', size: 12, align: 'right', lineHeight: 1.6, maxLines: 1, minSize: 8 },
  {
    type: 'text',
    text: '{{document.issuedAt|date}}',
    size: 12,
    align: 'right',
    lineHeight: 1.8,
    anchor: 'date',
    spaceAfter: 26,
  },
  {
    type: 'text',
    text: `${signatory} (signature): ______________________     Prepared by: ______________`,
    size: 10,
    align: 'left',
  },
];

/** A certificate's title line: spaced characters in Chinese, capitals in English. */
export const heading = (lang, text, spaceAfter = lang === 'zh' ? 30 : 26) =>
  lang === 'zh'
    ? {
        type: 'text',
        text,
        font: 'title',
        size: 26,
        align: 'center',
        letterSpacing: text.length > 4 ? 8 : 18,
        spaceAfter,
      }
    : {
        type: 'text',
        text,
        font: 'title',
        size: 20,
        align: 'center',
        letterSpacing: 3,
        spaceAfter,
        maxLines: 1,
        minSize: 14,
      };

/** A paragraph of a certificate's letter, in the house style of the enrollment certificate. */
export const para = (lang, text, more = {}) =>
  lang === 'zh'
    ? { type: 'text', text, size: 14, lineHeight: 2.1, indent: 28, align: 'justify', spaceAfter: 6, ...more }
    : { type: 'text', text, size: 12.5, lineHeight: 1.9, align: 'justify', spaceAfter: 8, ...more };

/** A smaller paragraph for notes under a table or a grid of figures. */
export const note = (lang, text, more = {}) =>
  lang === 'zh'
    ? { type: 'text', text, size: 10.5, lineHeight: 1.8, color: '#333333', spaceAfter: 4, ...more }
    : { type: 'text', text, size: 10, lineHeight: 1.7, color: '#333333', spaceAfter: 4, ...more };

/** A label/value grid for figures (GPA and rank, income), boxed like the student status certificate's. */
export const figures = (lang, items, more = {}) => ({
  type: 'fields',
  columns: 2,
  labelWidth: lang === 'zh' ? 84 : 118,
  size: lang === 'zh' ? 12 : 11,
  lineHeight: 1.8,
  font: 'body',
  labelFont: 'label',
  border: true,
  spaceAfter: 14,
  items,
  ...more,
});

/** A table of a certificate (CET scores, payments, titles): smaller than the letter, in the transcript's style. */
export const table = (rows, columns, more = {}) => ({
  type: 'table',
  rows,
  font: 'body',
  headerFont: 'label',
  size: 10,
  lineHeight: 1.35,
  padding: 4,
  spaceAfter: 10,
  columns,
  ...more,
});
