// The teacher kinds (#14): employment, income and professional-title certificates, issued and sealed
// by the personnel office (the kind's office; central sends it as `university.office`).
import { figures, heading, note, para, signoffEn, signoffZh, table } from './parts.mjs';

const who = {
  zh: '{{teacher.name}}同志（工号：{{teacher.staffNumber}}）',
  en: '{{teacher.nameLatin}} ({{teacher.name}}), staff number {{teacher.staffNumber}},',
};
/**
 * "Works here since …, holds the title …, is on the permanent staff": twice, with and without the title,
 * since a teacher may have none (`teacher.title` is then empty).
 */
const employed = (lang, more = {}) =>
  lang === 'zh'
    ? [
        para(
          'zh',
          `兹证明${who.zh}自{{teacher.hireDate|date}}起在我校{{teacher.department.zh}}工作，现任{{teacher.title.zh}}职称，系我校在职在编教职工。`,
          { when: 'teacher.title.zh', ...more },
        ),
        para(
          'zh',
          `兹证明${who.zh}自{{teacher.hireDate|date}}起在我校{{teacher.department.zh}}工作，系我校在职在编教职工。`,
          {
            unless: 'teacher.title.zh',
            ...more,
          },
        ),
      ]
    : [
        para(
          'en',
          `This is to certify that ${who.en} has been employed by {{university.nameEn}} since {{teacher.hireDate|date}}, working in the {{teacher.department.en}}, and currently holds the professional title of {{teacher.title.en}}. The above-named is a full-time, permanent member of staff of the University.`,
          { when: 'teacher.title.en', ...more },
        ),
        para(
          'en',
          `This is to certify that ${who.en} has been employed by {{university.nameEn}} since {{teacher.hireDate|date}}, working in the {{teacher.department.en}}. The above-named is a full-time, permanent member of staff of the University.`,
          { unless: 'teacher.title.en', ...more },
        ),
      ];
const concern = { type: 'text', text: 'To whom it may concern:', size: 12.5, lineHeight: 1.9, spaceAfter: 6 };
const close = (lang) => ({ type: 'group', elements: lang === 'zh' ? signoffZh : signoffEn('Authorized signatory') });
const purposeLine = (lang, more = {}) =>
  lang === 'zh'
    ? para('zh', '用途：{{document.purpose}}', { maxLines: 2, align: 'left', ...more })
    : para(
        'en',
        'This certificate is issued at the request of the above-named for the following purpose: {{document.purposeEn}}.',
        { maxLines: 3, align: 'left', ...more },
      );
/** The income certificate says more than the others: its English paragraphs are a little tighter to stay on one page. */
const compact = { size: 12, lineHeight: 1.75, spaceAfter: 4 };

export const teacherKinds = {
  'employment-certificate': {
    title: { zh: '在职证明', en: 'Certificate of Employment' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '在职证明', 34),
            ...employed('zh'),
            para('zh', '特此证明。'),
            purposeLine('zh'),
            note(
              'zh',
              '本证明仅用于证明该同志在我校工作，不作为我校对该同志任何形式的担保文件。本证明有效期至{{document.validUntil|date}}。',
              { indent: 28 },
            ),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF EMPLOYMENT', 30),
            concern,
            ...employed('en'),
            purposeLine('en'),
            note(
              'en',
              'This certificate only confirms the employment stated above and does not constitute a guarantee of any kind by the University. It is valid until {{document.validUntil|date}}.',
            ),
            close('en'),
          ],
  },
  'income-certificate': {
    title: { zh: '收入证明', en: 'Certificate of Income' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '收入证明', 26),
            ...employed('zh', { spaceAfter: 2 }),
            para('zh', '该同志{{income.year}}年度在我校取得的税前收入如下：'),
            figures('zh', [
              { label: '收入年度', value: '{{income.year}}年' },
              { label: '计发月数', value: '{{income.months}}个月' },
              {
                label: '年度税前收入',
                value: '人民币 {{income.annualGross}} 元（大写：{{income.annualGross|rmbUpper}}）',
                span: 2,
              },
              {
                label: '月均税前收入',
                value: '人民币 {{income.monthlyAverage}} 元（大写：{{income.monthlyAverage|rmbUpper}}）',
                span: 2,
              },
            ]),
            note(
              'zh',
              '说明：收入包括基本工资、绩效工资及各类津贴补贴，为代扣个人所得税及个人缴纳的社会保险费、住房公积金之前的数额。',
            ),
            para('zh', '以上情况属实，特此证明。', { spaceAfter: 2 }),
            purposeLine('zh'),
            note(
              'zh',
              '本证明仅用于证明该同志的收入情况，不作为我校对该同志任何形式的担保文件。本证明有效期至{{document.validUntil|date}}。',
              { indent: 28 },
            ),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF INCOME', 18),
            ...employed('en', compact),
            para(
              'en',
              'The pre-tax income paid by the University to the above-named in {{income.year}} was as follows:',
              compact,
            ),
            figures('en', [
              { label: 'Year', value: '{{income.year}}' },
              { label: 'Months paid', value: '{{income.months}}' },
              { label: 'Annual gross income', value: 'RMB {{income.annualGross}}', span: 2 },
              { label: 'Monthly average', value: 'RMB {{income.monthlyAverage}}', span: 2 },
            ]),
            note(
              'en',
              "Income includes basic salary, performance pay and allowances, before individual income tax and the employee's social insurance and housing fund contributions.",
            ),
            para('en', 'We hereby certify that the above information is true and correct.', compact),
            purposeLine('en', compact),
            note(
              'en',
              'This certificate only confirms the income stated above and does not constitute a guarantee of any kind by the University. It is valid until {{document.validUntil|date}}.',
            ),
            close('en'),
          ],
  },
  'title-certificate': {
    title: { zh: '职称证明', en: 'Certificate of Professional Title' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '职称证明'),
            para(
              'zh',
              `兹证明${who.zh}于{{teacher.hireDate|date}}入职我校，所在单位为{{teacher.department.zh}}，人事状态为“{{teacher.statusLabel.zh}}”。该同志专业技术职务任职资格情况如下：`,
            ),
            table(
              'titles',
              [
                { header: '序号', value: '{{$index}}', width: 0.7, align: 'center' },
                { header: '专业技术职务', value: '{{titleZh}}', width: 2.4, align: 'center' },
                { header: '取得资格时间', value: '{{date|date}}', width: 2.1, align: 'center' },
                { header: '证书编号', value: '{{certificateNumber}}', width: 2.2, align: 'center' },
              ],
              { size: 11 },
            ),
            note('zh', '以上信息与我校人事档案记载一致。'),
            para('zh', '特此证明。'),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF PROFESSIONAL TITLE', 24),
            concern,
            para(
              'en',
              `This is to certify that ${who.en} joined {{university.nameEn}} on {{teacher.hireDate|date}} and belongs to the {{teacher.department.en}} (employment status: {{teacher.statusLabel.en}}). The professional titles held are as follows:`,
            ),
            table(
              'titles',
              [
                { header: 'No.', value: '{{$index}}', width: 0.6, align: 'center' },
                { header: 'Professional title', value: '{{titleEn}}', width: 2.6, align: 'center' },
                { header: 'Date conferred', value: '{{date|date}}', width: 2.1, align: 'center' },
                { header: 'Certificate No.', value: '{{certificateNumber}}', width: 2.1, align: 'center' },
              ],
              { size: 10.5 },
            ),
            note('en', 'The above agrees with the personnel records of the University.'),
            close('en'),
          ],
  },
};
