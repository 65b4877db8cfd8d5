// Generates the built-in bundles under templates/builtin (their JSON is committed; edit here or in
// ./builtin/, then run `node templates/tools/generate-builtin.mjs`). Each manifest's `schema` is derived
// from what the kind's layouts read (./builtin/schema.mjs), so it declares exactly that.
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import {
  background,
  fonts,
  footer,
  letterhead,
  page,
  seal,
  signoffEn as signoffEnFor,
  signoffZh,
} from './builtin/parts.mjs';
import { documentBlock, samples } from './builtin/samples.mjs';
import { schemaOf } from './builtin/schema.mjs';
import { studentKinds } from './builtin/student-kinds.mjs';
import { teacherKinds } from './builtin/teacher-kinds.mjs';
const B = new URL('../builtin', import.meta.url).pathname;
const signoffEn = signoffEnFor();
/** Every bundle, collected first: a kind's schema is known once both its languages are laid out. */
const bundles = [];
function write(id, kind, lang, title, elements, sample, extra = {}, version = '2.2.0') {
  const fixed =
    kind === 'transcript'
      ? [
          ...footer(lang),
          {
            type: 'text',
            on: 'notFirst',
            x: 56,
            y: 22,
            width: 483.28,
            size: 8.5,
            font: 'sans',
            color: '#7a1f1f',
            text:
              lang === 'zh'
                ? '{{university.name}} 学生成绩单（续）    姓名：{{student.name}}    学号：{{student.studentNumber}}'
                : '{{university.nameEn}} · Academic Transcript (continued) · {{student.nameLatin}} · {{student.studentNumber}}',
          },
        ]
      : footer(lang);
  const layout = {
    page,
    background: background(),
    elements,
    fixed,
    overlays: [seal(kind === 'transcript' ? '成绩专用章' : '')],
  };
  bundles.push({ id, kind, manifest: { id, version, kind, language: lang, title, ...extra }, layout, sample });
}
const student = {
  name: '李明轩',
  nameLatin: 'LI Mingxuan',
  gender: '男',
  genderEn: 'Male',
  studentNumber: '2022012345',
  college: { zh: '计算机科学与技术学院', en: 'School of Computer Science and Technology' },
  major: { zh: '软件工程', en: 'Software Engineering' },
  degreeLevel: { zh: '本科', en: 'Undergraduate' },
  enrollmentDate: '2022-09-01',
  expectedGraduation: '2026-06-30',
  programLength: { zh: '四年', en: 'Four years' },
  statusLabel: { zh: '在读', en: 'enrolled' },
};
const university = {
  name: '示范大学',
  nameEn: 'Demo University',
  office: '教务处',
  officeEn: 'Office of Academic Affairs',
};
const doc = (serial, code) => ({
  serial,
  verificationCode: code,
  issuedAt: '2026-11-28T09:30:00.000Z',
  purpose: '办理签证',
  purposeEn: 'Visa application',
});

// Enrollment
write(
  'enrollment-zh',
  'enrollment',
  'zh',
  '在读证明',
  [
    letterhead('zh'),
    { type: 'spacer', height: 34 },
    { type: 'text', text: '在读证明', font: 'title', size: 26, align: 'center', letterSpacing: 18, spaceAfter: 34 },
    {
      type: 'text',
      text: '兹证明{{student.name}}（{{student.gender}}，学号：{{student.studentNumber}}）于{{student.enrollmentDate|date}}入学，现为我校{{student.college.zh}}{{student.major.zh}}专业{{student.degreeLevel.zh}}在读学生，学制{{student.programLength.zh}}，预计毕业时间为{{student.expectedGraduation|date}}。该生在校期间遵守校规校纪，学籍状态正常。',
      size: 14,
      lineHeight: 2.1,
      indent: 28,
      align: 'justify',
      spaceAfter: 6,
    },
    { type: 'text', text: '特此证明。', size: 14, lineHeight: 2.1, indent: 28, spaceAfter: 6 },
    { type: 'text', text: '用途：{{document.purpose}}', size: 14, lineHeight: 2.1, indent: 28, maxLines: 2 },
    { type: 'group', elements: signoffZh },
  ],
  { university, student, document: doc('DU-2026-000123', '7KQ3-M9XD-2PLA') },
);
write(
  'enrollment-en',
  'enrollment',
  'en',
  'Certificate of Enrollment',
  [
    letterhead('en'),
    { type: 'spacer', height: 30 },
    {
      type: 'text',
      text: 'CERTIFICATE OF ENROLLMENT',
      font: 'title',
      size: 20,
      align: 'center',
      letterSpacing: 3,
      spaceAfter: 30,
    },
    { type: 'text', text: 'To whom it may concern:', size: 12.5, lineHeight: 1.9, spaceAfter: 6 },
    {
      type: 'text',
      text: "This is to certify that {{student.nameLatin}} ({{student.name}}), {{student.genderEn|lower}}, student number {{student.studentNumber}}, enrolled at {{university.nameEn}} on {{student.enrollmentDate|date}} and is currently registered as a full-time {{student.degreeLevel.en|lower}} student majoring in {{student.major.en}} in the {{student.college.en}}. The length of the programme is {{student.programLength.en|lower}}, and the student is expected to graduate on {{student.expectedGraduation|date}}. The student's status is in good standing.",
      size: 12.5,
      lineHeight: 1.9,
      align: 'justify',
      spaceAfter: 8,
    },
    {
      type: 'text',
      text: 'This certificate is issued at the request of the student for the following purpose: {{document.purposeEn}}.',
      size: 12.5,
      lineHeight: 1.9,
      align: 'left',
      maxLines: 3,
    },
    { type: 'group', elements: signoffEn },
  ],
  { university, student, document: doc('DU-2026-000124', '4HT8-QW2N-XK7B') },
);

// Student status
const statusFields = (lang) => ({
  type: 'fields',
  columns: 2,
  labelWidth: lang === 'zh' ? 72 : 108,
  size: 11,
  lineHeight: 1.7,
  font: 'body',
  labelFont: 'label',
  border: true,
  spaceAfter: 14,
  items:
    lang === 'zh'
      ? [
          { label: '姓　　名', value: '{{student.name}}' },
          { label: '性　　别', value: '{{student.gender}}' },
          { label: '学　　号', value: '{{student.studentNumber}}' },
          { label: '培养层次', value: '{{student.degreeLevel.zh}}' },
          { label: '学　　院', value: '{{student.college.zh}}', span: 2 },
          { label: '专　　业', value: '{{student.major.zh}}', span: 2 },
          { label: '学习形式', value: '普通全日制' },
          { label: '学　　制', value: '{{student.programLength.zh}}' },
          { label: '入学日期', value: '{{student.enrollmentDate|date}}' },
          { label: '预计毕业', value: '{{student.expectedGraduation|date}}' },
          { label: '学籍状态', value: '{{student.statusLabel.zh}}' },
          { label: '出具日期', value: '{{document.issuedAt|date}}' },
        ]
      : [
          { label: 'Name', value: '{{student.nameLatin}} ({{student.name}})', span: 2 },
          { label: 'Gender', value: '{{student.genderEn}}' },
          { label: 'Student number', value: '{{student.studentNumber}}' },
          { label: 'School', value: '{{student.college.en}}', span: 2 },
          { label: 'Major', value: '{{student.major.en}}', span: 2 },
          { label: 'Degree level', value: '{{student.degreeLevel.en}}' },
          { label: 'Mode of study', value: 'Full-time' },
          { label: 'Date of entry', value: '{{student.enrollmentDate|date}}' },
          { label: 'Expected graduation', value: '{{student.expectedGraduation|date}}' },
          { label: 'Length of programme', value: '{{student.programLength.en}}' },
          { label: 'Status', value: '{{student.statusLabel.en}}' },
        ],
});
write(
  'student-status-zh',
  'student-status',
  'zh',
  '学籍证明',
  [
    letterhead('zh'),
    { type: 'spacer', height: 28 },
    { type: 'text', text: '学籍证明', font: 'title', size: 26, align: 'center', letterSpacing: 18, spaceAfter: 26 },
    {
      type: 'text',
      text: '经核查学校学籍管理系统，{{student.name}}同学的学籍信息如下：',
      size: 13,
      lineHeight: 2,
      indent: 26,
      spaceAfter: 8,
    },
    statusFields('zh'),
    {
      type: 'text',
      text: '以上信息与我校学籍管理系统及全国高等教育学生信息系统中的注册记录一致。该生学籍经教育部学籍电子注册，注册状态正常。',
      size: 13,
      lineHeight: 2,
      indent: 26,
      align: 'justify',
      spaceAfter: 4,
    },
    { type: 'text', text: '用途：{{document.purpose}}', size: 13, lineHeight: 2, indent: 26, maxLines: 2 },
    { type: 'group', elements: signoffZh },
  ],
  { university, student, document: doc('DU-2026-000125', 'P2M6-7RZC-9DQE') },
  { description: '学籍证明：证明学生在学籍管理系统中的注册学籍信息（出国、升学、考试报名、转学等常用）' },
);
write(
  'student-status-en',
  'student-status',
  'en',
  'Certificate of Student Status',
  [
    letterhead('en'),
    { type: 'spacer', height: 26 },
    {
      type: 'text',
      text: 'CERTIFICATE OF STUDENT STATUS',
      font: 'title',
      size: 20,
      align: 'center',
      letterSpacing: 3,
      spaceAfter: 24,
    },
    {
      type: 'text',
      text: 'This is to certify that, according to the student records of {{university.nameEn}}, the student named below holds the following registered student status:',
      size: 12,
      lineHeight: 1.8,
      align: 'justify',
      spaceAfter: 8,
    },
    statusFields('en'),
    {
      type: 'text',
      text: "The above information agrees with the registration record in the university's student status system and in the national higher-education student information system of China.",
      size: 12,
      lineHeight: 1.8,
      align: 'justify',
      spaceAfter: 4,
    },
    { type: 'text', text: 'Purpose: {{document.purposeEn}}', size: 12, lineHeight: 1.8, maxLines: 2 },
    { type: 'group', elements: signoffEn },
  ],
  { university, student, document: doc('DU-2026-000126', 'H9VA-3KX2-M8PT') },
  {
    description:
      'Certificate of student status: the registered status record (used for study abroad, admission, exams, transfers)',
  },
);

// Transcript
function courses(n, seed = 7) {
  const pool = [
    ['高等数学A(上)', 'Advanced Mathematics A (I)', 5, 1],
    ['大学英语(一)', 'College English (I)', 2, 1],
    ['程序设计基础', 'Fundamentals of Programming', 4, 1],
    ['思想道德与法治', 'Ethics and Rule of Law', 3, 1],
    ['体育(一)', 'Physical Education (I)', 1, 1],
    ['军事理论', 'Military Theory', 2, 1],
    ['高等数学A(下)', 'Advanced Mathematics A (II)', 5, 1],
    ['线性代数', 'Linear Algebra', 3, 1],
    ['大学英语(二)', 'College English (II)', 2, 1],
    ['离散数学', 'Discrete Mathematics', 3, 1],
    ['大学物理(上)', 'College Physics (I)', 4, 1],
    ['中国近现代史纲要', 'Outline of Modern Chinese History', 3, 1],
    ['数据结构', 'Data Structures', 4, 1],
    ['概率论与数理统计', 'Probability and Mathematical Statistics', 3, 1],
    ['大学物理(下)', 'College Physics (II)', 4, 1],
    ['面向对象程序设计', 'Object-Oriented Programming', 3, 1],
    ['马克思主义基本原理', 'Basic Principles of Marxism', 3, 1],
    ['音乐鉴赏', 'Music Appreciation', 1, 0],
    ['计算机组成原理', 'Computer Organization', 4, 1],
    ['操作系统', 'Operating Systems', 4, 1],
    ['数据库系统原理', 'Principles of Database Systems', 3, 1],
    ['算法设计与分析', 'Design and Analysis of Algorithms', 3, 1],
    ['日语入门', 'Introductory Japanese', 2, 0],
    ['大学英语(三)', 'College English (III)', 2, 1],
    ['计算机网络', 'Computer Networks', 3, 1],
    ['软件工程导论', 'Introduction to Software Engineering', 3, 1],
    ['编译原理', 'Compiler Principles', 3, 1],
    ['人工智能导论', 'Introduction to Artificial Intelligence', 2, 0],
    ['Web应用开发', 'Web Application Development', 2, 0],
    ['形势与政策', 'Current Affairs and Policy', 1, 1],
    ['机器学习', 'Machine Learning', 3, 0],
    ['软件测试', 'Software Testing', 2, 0],
    ['信息安全基础', 'Fundamentals of Information Security', 2, 0],
    ['大学英语(四)', 'College English (IV)', 2, 1],
    ['分布式系统', 'Distributed Systems', 3, 0],
    ['人机交互', 'Human-Computer Interaction', 2, 0],
    ['项目管理', 'Project Management', 2, 0],
    ['云计算技术', 'Cloud Computing', 2, 0],
    ['计算机图形学', 'Computer Graphics', 3, 0],
    ['数学建模', 'Mathematical Modeling', 2, 0],
    ['学术写作', 'Academic Writing', 2, 0],
    ['自然语言处理', 'Natural Language Processing', 3, 0],
    ['嵌入式系统', 'Embedded Systems', 3, 0],
    ['数字图像处理', 'Digital Image Processing', 3, 0],
    ['移动应用开发', 'Mobile Application Development', 2, 0],
    ['劳动教育', 'Labour Education', 1, 1],
    ['生产实习', 'Production Internship', 4, 1],
    ['创新创业基础', 'Fundamentals of Innovation and Entrepreneurship', 2, 0],
  ];
  let a = seed;
  const r = () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  const gp = (s) =>
    s >= 90
      ? 4
      : s >= 85
        ? 3.7
        : s >= 82
          ? 3.3
          : s >= 78
            ? 3
            : s >= 75
              ? 2.7
              : s >= 72
                ? 2.3
                : s >= 68
                  ? 2
                  : s >= 64
                    ? 1.5
                    : s >= 60
                      ? 1
                      : 0;
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = pool[i % pool.length];
    const t = Math.floor((i * 8) / n);
    const y = 2022 + Math.floor(t / 2);
    const score = Math.min(100, 62 + Math.floor(r() * 38));
    out.push({
      term: `${y}-${y + 1}-${(t % 2) + 1}`,
      nameZh: c[0],
      nameEn: c[1],
      credits: c[2],
      typeZh: c[3] ? '必修' : '选修',
      typeEn: c[3] ? 'Required' : 'Elective',
      score,
      gradePoints: gp(score),
    });
  }
  return out;
}
const cs = courses(48);
const credits = cs.reduce((s, c) => s + c.credits, 0);
const totals = {
  courses: cs.length,
  credits,
  creditsEarned: cs.filter((c) => c.score >= 60).reduce((s, c) => s + c.credits, 0),
  gpa: Math.round((cs.reduce((s, c) => s + c.gradePoints * c.credits, 0) / credits) * 100) / 100,
};
const tfields = (lang) => ({
  type: 'fields',
  columns: 3,
  labelWidth: lang === 'zh' ? 50 : 62,
  size: 9.5,
  lineHeight: 1.5,
  font: 'body',
  labelFont: 'label',
  spaceAfter: 8,
  items:
    lang === 'zh'
      ? [
          { label: '姓　　名', value: '{{student.name}}' },
          { label: '性　　别', value: '{{student.gender}}' },
          { label: '学　　号', value: '{{student.studentNumber}}' },
          { label: '学　　院', value: '{{student.college.zh}}' },
          { label: '专　　业', value: '{{student.major.zh}}' },
          { label: '培养层次', value: '{{student.degreeLevel.zh}}' },
          { label: '入学日期', value: '{{student.enrollmentDate|date}}' },
          { label: '预计毕业', value: '{{student.expectedGraduation|date}}' },
          { label: '学　　制', value: '{{student.programLength.zh}}' },
        ]
      : [
          { label: 'Name', value: '{{student.nameLatin}} ({{student.name}})', span: 2 },
          { label: 'Student No.', value: '{{student.studentNumber}}' },
          { label: 'School', value: '{{student.college.en}}', span: 2 },
          { label: 'Gender', value: '{{student.genderEn}}' },
          { label: 'Major', value: '{{student.major.en}}', span: 2 },
          { label: 'Level', value: '{{student.degreeLevel.en}}' },
          { label: 'Entry date', value: '{{student.enrollmentDate|date}}' },
          { label: 'Graduation', value: '{{student.expectedGraduation|date}}' },
          { label: 'Programme', value: '{{student.programLength.en}}, full-time' },
        ],
});
const table = (lang) => ({
  type: 'table',
  rows: 'courses',
  groupBy: 'term',
  groupHeading: '{{group|term}}',
  font: 'body',
  headerFont: 'label',
  size: 8.5,
  lineHeight: 1.25,
  padding: 2.2,
  spaceAfter: 8,
  columns:
    lang === 'zh'
      ? [
          { header: '序号', value: '{{$index}}', width: 0.7, align: 'center' },
          { header: '课程名称', value: '{{nameZh}}', width: 5, align: 'left' },
          { header: '课程性质', value: '{{typeZh}}', width: 1.3, align: 'center' },
          { header: '学分', value: '{{credits|fixed1}}', width: 1, align: 'center' },
          { header: '成绩', value: '{{score}}', width: 1, align: 'center' },
          { header: '绩点', value: '{{gradePoints|fixed1}}', width: 1, align: 'center' },
        ]
      : [
          { header: 'No.', value: '{{$index}}', width: 0.7, align: 'center' },
          { header: 'Course', value: '{{nameEn}}', width: 5.3, align: 'left' },
          { header: 'Type', value: '{{typeEn}}', width: 1.3, align: 'center' },
          { header: 'Credits', value: '{{credits|fixed1}}', width: 1, align: 'center' },
          { header: 'Score', value: '{{score}}', width: 1, align: 'center' },
          { header: 'Grade Pts', value: '{{gradePoints|fixed1}}', width: 1.1, align: 'center' },
        ],
});
write(
  'transcript-zh',
  'transcript',
  'zh',
  '成绩单',
  [
    letterhead('zh'),
    { type: 'text', text: '学生成绩单', font: 'title', size: 20, align: 'center', letterSpacing: 10, spaceAfter: 8 },
    tfields('zh'),
    table('zh'),
    // Totals, notes and the sign-off stay together, so the seal never lands on a page of its own.
    {
      type: 'group',
      elements: [
        {
          type: 'text',
          text: '共修读课程 {{totals.courses}} 门，总学分 {{totals.credits|fixed1}}，已获学分 {{totals.creditsEarned|fixed1}}，平均学分绩点（GPA）{{totals.gpa|fixed2}}。',
          font: 'label',
          size: 10,
          lineHeight: 1.6,
          spaceAfter: 2,
        },
        {
          type: 'text',
          text: '说明：成绩采用百分制，60分及以上为合格；绩点按四分制计算，GPA＝Σ（课程绩点×学分）÷Σ学分。本成绩单无{{university.office}}印章无效。',
          size: 8.5,
          lineHeight: 1.5,
          color: '#333333',
        },
        ...signoffZh.map((e) => (e.type === 'spacer' ? { ...e, height: 16 } : e)),
      ],
    },
  ],
  { university, student, courses: cs, totals, document: doc('DU-2026-000127', 'B6XN-2QF8-KR4M') },
);
write(
  'transcript-en',
  'transcript',
  'en',
  'Academic Transcript',
  [
    letterhead('en'),
    {
      type: 'text',
      text: 'ACADEMIC TRANSCRIPT',
      font: 'title',
      size: 18,
      align: 'center',
      letterSpacing: 3,
      spaceAfter: 8,
    },
    tfields('en'),
    table('en'),
    {
      type: 'group',
      elements: [
        {
          type: 'text',
          text: 'Courses taken: {{totals.courses}}    Total credits: {{totals.credits|fixed1}}    Credits earned: {{totals.creditsEarned|fixed1}}    GPA: {{totals.gpa|fixed2}} / 4.00',
          font: 'label',
          size: 9.5,
          lineHeight: 1.6,
          spaceAfter: 2,
        },
        {
          type: 'text',
          text: 'Notes: scores are on a 100-point scale, 60 and above is a pass. Grade points are on a 4.0 scale; GPA = Σ(grade points × credits) ÷ Σ credits. This transcript is not valid without the seal of the {{university.officeEn}}.',
          size: 8,
          lineHeight: 1.5,
          color: '#333333',
        },
        ...signoffEn.map((e) => (e.type === 'spacer' ? { ...e, height: 12 } : e)),
      ],
    },
  ],
  { university, student, courses: cs, totals, document: doc('DU-2026-000128', 'R3DK-8MV4-ZP6W') },
);

// The kinds of the open catalog (#14), each in both languages, with its sample person.
const SERIALS = {
  'graduation-certificate': ['DU-2026-000131', 'G4QM-7TZK-3WNC', 'DU-2026-000132', 'G9RB-2XHD-6LPE'],
  'degree-certificate': ['DU-2026-000133', 'D7KW-4NAQ-8ZTF', 'DU-2026-000134', 'D2HX-9MCP-5RVB'],
  'gpa-ranking': ['DU-2026-000135', 'R3VT-6QKN-2MXE', 'DU-2026-000136', 'R8PZ-4DWH-7KAC'],
  'cet-report': ['DU-2026-000137', 'C6NE-3ZRW-9HTQ', 'DU-2026-000138', 'C2KD-8VMB-4QXA'],
  'tuition-payment': ['DU-2026-000139', 'P5WA-2HQX-7NKD', 'DU-2026-000140', 'P9MT-6CRZ-3EVB'],
  'expected-graduation': ['DU-2026-000141', 'X4TB-8KNQ-2WRM', 'DU-2026-000142', 'X7HC-3PZD-9VAE'],
  'employment-certificate': ['DU-2026-000143', 'EM3Q-7XKV-2TNH', 'DU-2026-000144', 'EM8R-4WCA-6ZPD'],
  'income-certificate': ['DU-2026-000145', 'IN6D-2MHT-8QXK', 'DU-2026-000146', 'IN4V-9RAE-3KZW'],
  'title-certificate': ['DU-2026-000147', 'TI2K-5QNX-7HDM', 'DU-2026-000148', 'TI9W-3BTC-6RVA'],
};
/** The purpose a sample document was asked for, for the kinds that offer purposes (the others print none). */
const SAMPLE_PURPOSE = {
  'expected-graduation': 'further-study',
  'employment-certificate': 'visa',
  'income-certificate': 'visa',
};
for (const [kind, def] of Object.entries({ ...studentKinds, ...teacherKinds })) {
  const [zhSerial, zhCode, enSerial, enCode] = SERIALS[kind];
  for (const [lang, serial, code] of [
    ['zh', zhSerial, zhCode],
    ['en', enSerial, enCode],
  ])
    write(
      `${kind}-${lang}`,
      kind,
      lang,
      def.title[lang],
      [letterhead(lang), { type: 'spacer', height: lang === 'zh' ? 28 : 24 }, ...def.elements(lang)],
      { ...samples[kind], document: documentBlock(serial, code, SAMPLE_PURPOSE[kind]) },
      {},
      '1.0.0',
    );
}

for (const b of bundles) {
  const dir = `${B}/${b.id}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const schema = schemaOf(bundles.filter((k) => k.kind === b.kind).map((k) => k.layout));
  writeFileSync(`${dir}/manifest.json`, JSON.stringify({ ...b.manifest, schema, fonts }, null, 2) + '\n');
  writeFileSync(`${dir}/layout.json`, JSON.stringify(b.layout, null, 2) + '\n');
  writeFileSync(`${dir}/sample.json`, JSON.stringify(b.sample, null, 2) + '\n');
}
