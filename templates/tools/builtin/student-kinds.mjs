// The student kinds added with the open catalog (#14): graduation and degree certificates, GPA and
// class rank, CET-4/6 scores, tuition payments, expected graduation. Wording after the certificates
// Chinese registrars issue; the English in the register of official English certificates.
import { figures, heading, note, para, signoffEn, signoffZh, table } from './parts.mjs';

const who = {
  zh: '{{student.name}}（{{student.gender}}，学号：{{student.studentNumber}}）',
  en: '{{student.nameLatin}} ({{student.name}}), {{student.genderEn|lower}}, student number {{student.studentNumber}},',
};
/**
 * How documents that graduates, withdrawn students and current students all print introduce the
 * student: where and when they studied, and their status, never "is a student" (it may be untrue).
 */
const studied = {
  zh: `兹证明${who.zh}于{{student.enrollmentDate|date}}进入我校{{student.college.zh}}{{student.major.zh}}专业学习，培养层次为{{student.degreeLevel.zh}}，学籍状态为“{{student.statusLabel.zh}}”。`,
  en: `This is to certify that {{student.nameLatin}} ({{student.name}}), student number {{student.studentNumber}}, enrolled at {{university.nameEn}} on {{student.enrollmentDate|date}} in the {{student.college.en}}, majoring in {{student.major.en}} (level: {{student.degreeLevel.en}}; student status: {{student.statusLabel.en}}).`,
};
const concern = { type: 'text', text: 'To whom it may concern:', size: 12.5, lineHeight: 1.9, spaceAfter: 6 };
const certified = (lang) => (lang === 'zh' ? [para('zh', '特此证明。')] : []);
const close = (lang) => ({ type: 'group', elements: lang === 'zh' ? signoffZh : signoffEn() });
const purposeLine = (lang) =>
  lang === 'zh'
    ? para('zh', '用途：{{document.purpose}}', { maxLines: 2, align: 'left' })
    : para(
        'en',
        'This certificate is issued at the request of the student for the following purpose: {{document.purposeEn}}.',
        {
          maxLines: 3,
          align: 'left',
        },
      );

export const studentKinds = {
  'graduation-certificate': {
    title: { zh: '毕业证明', en: 'Certificate of Graduation' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '毕业证明', 34),
            para(
              'zh',
              `兹证明${who.zh}于{{student.enrollmentDate|date}}入学，在我校{{student.college.zh}}{{student.major.zh}}专业{{student.degreeLevel.zh}}学习，学制{{student.programLength.zh}}，修完教学计划规定的全部课程，成绩合格，准予毕业，毕业时间为{{graduation.date|date}}。`,
            ),
            para(
              'zh',
              '毕业证书编号：{{graduation.certificateNumber}}。该生学历已经教育部学历证书电子注册，可在中国高等教育学生信息网（学信网）查询。',
            ),
            ...certified('zh'),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF GRADUATION', 30),
            concern,
            para(
              'en',
              `This is to certify that ${who.en} was admitted to {{university.nameEn}} on {{student.enrollmentDate|date}} and studied {{student.major.en}} in the {{student.college.en}} as a full-time {{student.degreeLevel.en|lower}} student, in a programme of {{student.programLength.en|lower}}. Having completed all the courses required by the teaching plan with satisfactory results, the student was permitted to graduate on {{graduation.date|date}}.`,
            ),
            para(
              'en',
              'Graduation certificate number: {{graduation.certificateNumber}}. The qualification is registered with the Ministry of Education of China and can be verified on the China Higher Education Student Information website (CHSI).',
            ),
            close('en'),
          ],
  },
  'degree-certificate': {
    title: { zh: '学位证明', en: 'Certificate of Degree' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '学位证明', 34),
            para(
              'zh',
              `兹证明${who.zh}于{{student.enrollmentDate|date}}入学，在我校{{student.college.zh}}{{student.major.zh}}专业{{student.degreeLevel.zh}}学习，完成了培养方案规定的全部学习任务，经{{university.name}}学位评定委员会审议通过，于{{degree.date|date}}被授予{{degree.name.zh}}学位。`,
            ),
            para(
              'zh',
              '学位证书编号：{{degree.certificateNumber}}。该学位信息可在中国高等教育学生信息网（学信网）查询。',
            ),
            ...certified('zh'),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF DEGREE', 30),
            concern,
            para(
              'en',
              `This is to certify that ${who.en} was admitted to {{university.nameEn}} on {{student.enrollmentDate|date}} and studied {{student.major.en}} in the {{student.college.en}} as a full-time {{student.degreeLevel.en|lower}} student. Having fulfilled all the requirements of the programme, and upon the approval of the Academic Degrees Evaluation Committee of {{university.nameEn}}, the student was awarded the degree of {{degree.name.en}} on {{degree.date|date}}.`,
            ),
            para(
              'en',
              'Degree certificate number: {{degree.certificateNumber}}. The degree can be verified on the China Higher Education Student Information website (CHSI).',
            ),
            close('en'),
          ],
  },
  'gpa-ranking': {
    title: { zh: '绩点及排名证明', en: 'Certificate of GPA and Class Rank' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '绩点及排名证明'),
            para('zh', `${studied.zh}该生学业成绩及排名情况如下：`),
            figures('zh', [
              { label: '已修课程', value: '{{totals.courses}} 门' },
              { label: '已获学分', value: '{{totals.creditsEarned|fixed1}}' },
              { label: '平均学分绩点', value: '{{ranking.gpa|fixed2}} / 4.00' },
              { label: '排名百分比', value: '前 {{ranking.percent}}%' },
              {
                label: '专业排名',
                value: '第 {{ranking.rank}} 名 / 共 {{ranking.of}} 人（{{ranking.scope.zh}}）',
                span: 2,
              },
              { label: '统计截至', value: '{{ranking.asOf|term}}', span: 2 },
            ]),
            note(
              'zh',
              '说明：绩点按四分制计算，平均学分绩点（GPA）＝Σ（课程绩点×学分）÷Σ学分；排名依据截至上述学期的全部课程成绩，在{{ranking.scope.zh}}全体学生中计算。',
            ),
            ...certified('zh'),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF GPA AND CLASS RANK', 24),
            para('en', `${studied.en} The student's academic record is as follows:`),
            figures('en', [
              { label: 'Courses taken', value: '{{totals.courses}}' },
              { label: 'Credits earned', value: '{{totals.creditsEarned|fixed1}}' },
              { label: 'Cumulative GPA', value: '{{ranking.gpa|fixed2}} / 4.00' },
              { label: 'Percentile', value: 'Top {{ranking.percent}}%' },
              { label: 'Class rank', value: '{{ranking.rank}} of {{ranking.of}} ({{ranking.scope.en}})', span: 2 },
              { label: 'As of', value: '{{ranking.asOf|term}}', span: 2 },
            ]),
            note(
              'en',
              'Notes: grade points are on a 4.0 scale; GPA = Σ(grade points × credits) ÷ Σ credits. The rank is based on all course results up to the semester above, among all students of {{ranking.scope.en}}.',
            ),
            close('en'),
          ],
  },
  'cet-report': {
    title: { zh: '四六级成绩证明', en: 'CET-4/6 Score Report' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '四六级成绩证明'),
            para('zh', `${studied.zh}该生参加四、六级考试（CET）的成绩如下：`),
            table('cet', [
              { header: '考试名称', value: '{{testZh}}', width: 3.1, align: 'left' },
              { header: '考试日期', value: '{{date|date}}', width: 2.1, align: 'center' },
              { header: '准考证号', value: '{{ticketNo}}', width: 2.3, align: 'center' },
              { header: '听力', value: '{{listening}}', width: 0.9, align: 'center' },
              { header: '阅读', value: '{{reading}}', width: 0.9, align: 'center' },
              { header: '写作和翻译', value: '{{writing}}', width: 1.65, align: 'center' },
              { header: '总分', value: '{{total}}', width: 0.9, align: 'center' },
            ]),
            note(
              'zh',
              '说明：四、六级考试（CET）由教育部教育考试院主办，满分均为710分，由听力、阅读、写作和翻译三部分组成。以上成绩与考试成绩报告单一致，可在中国教育考试网（cet.neea.edu.cn）查询核实。',
            ),
            ...certified('zh'),
            close('zh'),
          ]
        : [
            heading('en', 'CET-4/6 SCORE REPORT', 26),
            para('en', `${studied.en} The student's scores in the College English Test (CET) are as follows:`),
            table(
              'cet',
              [
                { header: 'Test', value: '{{testEn}}', width: 2.7, align: 'left' },
                { header: 'Date', value: '{{date|date}}', width: 2.8, align: 'center' },
                { header: 'Ticket No.', value: '{{ticketNo}}', width: 2.4, align: 'center' },
                { header: 'Listening', value: '{{listening}}', width: 1.45, align: 'center' },
                { header: 'Reading', value: '{{reading}}', width: 1.3, align: 'center' },
                { header: 'Writing & Translation', value: '{{writing}}', width: 1.7, align: 'center' },
                { header: 'Total', value: '{{total}}', width: 1, align: 'center' },
              ],
              { size: 9, padding: 3 },
            ),
            note(
              'en',
              'Notes: the College English Test is administered by the National Education Examinations Authority of the Ministry of Education of China. Each band is scored out of 710, made up of listening, reading, and writing and translation. The scores above agree with the official score reports and can be verified at cet.neea.edu.cn.',
            ),
            close('en'),
          ],
  },
  'tuition-payment': {
    title: { zh: '缴费证明', en: 'Certificate of Tuition Payment' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '缴费证明', 20),
            para('zh', `${studied.zh}该生在校期间缴纳学费、住宿费等费用情况如下：`),
            table(
              'payments.items',
              [
                { header: '学年', value: '{{year}}', width: 1.5, align: 'center' },
                { header: '收费项目', value: '{{itemZh}}', width: 1.6, align: 'center' },
                { header: '应缴金额（元）', value: '{{due}}', width: 1.8, align: 'right' },
                { header: '实缴金额（元）', value: '{{paid}}', width: 1.8, align: 'right' },
                { header: '缴费日期', value: '{{paidDate|date}}', width: 1.9, align: 'center' },
              ],
              { size: 9.5, padding: 2.5 },
            ),
            para(
              'zh',
              '合计应缴人民币{{payments.due}}元（大写：{{payments.due|rmbUpper}}），实缴人民币{{payments.paid}}元（大写：{{payments.paid|rmbUpper}}）。',
              {
                font: 'label',
                size: 12,
                indent: 0,
              },
            ),
            para('zh', '以上情况属实，特此证明。'),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF TUITION PAYMENT', 18),
            para('en', `${studied.en} The tuition and other fees paid by the student are as follows:`),
            table(
              'payments.items',
              [
                { header: 'Academic year', value: '{{year}}', width: 1.5, align: 'center' },
                { header: 'Item', value: '{{itemEn}}', width: 1.7, align: 'center' },
                { header: 'Amount due (RMB)', value: '{{due}}', width: 1.8, align: 'right' },
                { header: 'Amount paid (RMB)', value: '{{paid}}', width: 1.8, align: 'right' },
                { header: 'Date paid', value: '{{paidDate|date}}', width: 2, align: 'center' },
              ],
              { size: 9.5, padding: 2.5 },
            ),
            para('en', 'Total due: RMB {{payments.due}}. Total paid: RMB {{payments.paid}}.', {
              font: 'label',
              size: 11,
            }),
            para('en', 'We hereby certify that the above information is true and correct.'),
            close('en'),
          ],
  },
  'expected-graduation': {
    title: { zh: '预毕业证明', en: 'Certificate of Expected Graduation' },
    elements: (lang) =>
      lang === 'zh'
        ? [
            heading('zh', '预毕业证明'),
            para(
              'zh',
              `兹证明${who.zh}于{{student.enrollmentDate|date}}入学，现为我校{{student.college.zh}}{{student.major.zh}}专业{{student.degreeLevel.zh}}在读学生，学制{{student.programLength.zh}}，预计毕业时间为{{student.expectedGraduation|date}}。`,
            ),
            para(
              'zh',
              '该生如能在毕业前修完教学计划规定的全部课程且成绩合格，符合毕业条件，将准予毕业并颁发毕业证书；符合学位授予条件者，授予相应学位。',
            ),
            ...certified('zh'),
            purposeLine('zh'),
            note('zh', '本证明有效期至{{document.validUntil|date}}。', { indent: 28 }),
            close('zh'),
          ]
        : [
            heading('en', 'CERTIFICATE OF EXPECTED GRADUATION', 24),
            concern,
            para(
              'en',
              `This is to certify that ${who.en} enrolled at {{university.nameEn}} on {{student.enrollmentDate|date}} and is currently registered as a full-time {{student.degreeLevel.en|lower}} student majoring in {{student.major.en}} in the {{student.college.en}}. The length of the programme is {{student.programLength.en|lower}}, and the student is expected to graduate on {{student.expectedGraduation|date}}.`,
            ),
            para(
              'en',
              'Provided that the student completes all the courses required by the teaching plan with satisfactory results, the student will graduate and be awarded the graduation certificate, and, on meeting the requirements for a degree, the corresponding degree.',
            ),
            purposeLine('en'),
            note('en', 'This certificate is valid until {{document.validUntil|date}}.'),
            close('en'),
          ],
  },
};
