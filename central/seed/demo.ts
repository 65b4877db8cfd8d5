/**
 * Demo data that looks like a real registrar's, as canonical records (shared/person-record.ts):
 * students with Chinese names (one with the rare character 䶮 and one with 𠮷), colleges and majors,
 * 40 to 90 graded courses over several terms (physical education graded in words, 优秀 to 及格), a
 * suspended, a withdrawn and a graduated student, two teachers, and the maintenance staff (a card and
 * a PIN, their own kind of record). Deterministic: the same seed gives the same campus, so tests can rely on it.
 * Every built-in kind can be printed by some demo card (DEMO_PRINTS, docs/data.md "The demo campus").
 */
import type { Role } from '../../shared/domain.js';
import { PersonRecord, type PersonRecordInput, type StudentRecord } from '../../shared/person-record.js';
import { totalsOf } from '../people/grades.js';
import { cetResults, degreeCertificateNo, graduationCertificateNo, tuitionLines } from './document-facts.js';

/** A maintenance staff member of the demo: never imported, enrolled at central with a PIN. */
export interface DemoStaff {
  id: string;
  card: string;
  name: string;
  nameLatin: string;
  pin: string;
}

/**
 * One demo card as the demo's banner, its on-screen card buttons and the tests name it: derived from
 * the canonical records and the staff list, never kept by hand.
 */
export interface SeedPerson {
  id: string;
  card: string;
  name: string;
  nameLatin: string;
  role: Role;
  major?: { zh: string; en: string } | undefined;
  /** Staff, and a teacher who is also maintenance staff: the PIN for maintenance mode. */
  pin?: string;
  /** Students and teachers: the canonical record central stores. */
  record?: PersonRecord;
}

/** A small deterministic PRNG (mulberry32): the demo data is the same on every machine; tests use it too. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STUDENTS: [string, string, 'M' | 'F'][] = [
  ['李明轩', 'LI Mingxuan', 'M'],
  ['王雨桐', 'WANG Yutong', 'F'],
  ['张浩然', 'ZHANG Haoran', 'M'],
  ['刘䶮', 'LIU Yan', 'M'],
  ['陈思远', 'CHEN Siyuan', 'M'],
  ['杨欣怡', 'YANG Xinyi', 'F'],
  ['赵子涵', 'ZHAO Zihan', 'F'],
  ['黄俊杰', 'HUANG Junjie', 'M'],
  ['周梓萱', 'ZHOU Zixuan', 'F'],
  ['吴喆', 'WU Zhe', 'M'],
  ['徐堃', 'XU Kun', 'M'],
  ['孙语嫣', 'SUN Yuyan', 'F'],
  ['𠮷田花子', 'YOSHIDA Hanako', 'F'],
  ['欧阳文博', 'OUYANG Wenbo', 'M'],
];

const STAFF: [string, string, 'M' | 'F', string][] = [
  ['马建国', 'MA Jianguo', 'M', '246810'],
  ['林晓芳', 'LIN Xiaofang', 'F', '135790'],
];

const PROGRAMS: { college: [string, string]; majors: [string, string][] }[] = [
  {
    college: ['计算机科学与技术学院', 'School of Computer Science and Technology'],
    majors: [
      ['软件工程', 'Software Engineering'],
      ['计算机科学与技术', 'Computer Science and Technology'],
    ],
  },
  {
    college: ['经济管理学院', 'School of Economics and Management'],
    majors: [
      ['会计学', 'Accounting'],
      ['金融学', 'Finance'],
    ],
  },
  {
    college: ['外国语学院', 'School of Foreign Languages'],
    majors: [
      ['英语', 'English'],
      ['翻译', 'Translation and Interpreting'],
    ],
  },
  {
    college: ['机械工程学院', 'School of Mechanical Engineering'],
    majors: [['机械设计制造及其自动化', 'Mechanical Design, Manufacturing and Automation']],
  },
];

const COURSES: [string, string, number, boolean][] = [
  ['高等数学A(上)', 'Advanced Mathematics A (I)', 5, true],
  ['高等数学A(下)', 'Advanced Mathematics A (II)', 5, true],
  ['线性代数', 'Linear Algebra', 3, true],
  ['概率论与数理统计', 'Probability and Mathematical Statistics', 3, true],
  ['大学英语(一)', 'College English (I)', 2, true],
  ['大学英语(二)', 'College English (II)', 2, true],
  ['大学英语(三)', 'College English (III)', 2, true],
  ['大学英语(四)', 'College English (IV)', 2, true],
  ['大学物理(上)', 'College Physics (I)', 4, true],
  ['大学物理(下)', 'College Physics (II)', 4, true],
  ['思想道德与法治', 'Ethics and Rule of Law', 3, true],
  ['中国近现代史纲要', 'Outline of Modern Chinese History', 3, true],
  ['马克思主义基本原理', 'Basic Principles of Marxism', 3, true],
  ['形势与政策', 'Current Affairs and Policy', 1, true],
  ['体育(一)', 'Physical Education (I)', 1, true],
  ['体育(二)', 'Physical Education (II)', 1, true],
  ['体育(三)', 'Physical Education (III)', 1, true],
  ['体育(四)', 'Physical Education (IV)', 1, true],
  ['军事理论', 'Military Theory', 2, true],
  ['程序设计基础', 'Fundamentals of Programming', 4, true],
  ['数据结构', 'Data Structures', 4, true],
  ['离散数学', 'Discrete Mathematics', 3, true],
  ['计算机组成原理', 'Computer Organization', 4, true],
  ['操作系统', 'Operating Systems', 4, true],
  ['计算机网络', 'Computer Networks', 3, true],
  ['数据库系统原理', 'Principles of Database Systems', 3, true],
  ['软件工程导论', 'Introduction to Software Engineering', 3, true],
  ['编译原理', 'Compiler Principles', 3, true],
  ['算法设计与分析', 'Design and Analysis of Algorithms', 3, true],
  ['面向对象程序设计', 'Object-Oriented Programming', 3, true],
  ['微观经济学', 'Microeconomics', 3, true],
  ['宏观经济学', 'Macroeconomics', 3, true],
  ['管理学原理', 'Principles of Management', 2, true],
  ['会计学原理', 'Principles of Accounting', 3, true],
  ['工程制图', 'Engineering Drawing', 3, true],
  ['理论力学', 'Theoretical Mechanics', 4, true],
  ['材料力学', 'Mechanics of Materials', 4, true],
  ['电工电子技术', 'Electrical and Electronic Technology', 3, true],
  ['人工智能导论', 'Introduction to Artificial Intelligence', 2, false],
  ['机器学习', 'Machine Learning', 3, false],
  ['Web应用开发', 'Web Application Development', 2, false],
  ['移动应用开发', 'Mobile Application Development', 2, false],
  ['信息安全基础', 'Fundamentals of Information Security', 2, false],
  ['云计算技术', 'Cloud Computing', 2, false],
  ['中国传统文化概论', 'Introduction to Traditional Chinese Culture', 2, false],
  ['大学生心理健康', 'Mental Health for College Students', 1, false],
  ['创新创业基础', 'Fundamentals of Innovation and Entrepreneurship', 2, false],
  ['职业生涯规划', 'Career Planning', 1, false],
  ['音乐鉴赏', 'Music Appreciation', 1, false],
  ['美术鉴赏', 'Art Appreciation', 1, false],
  ['影视鉴赏', 'Film Appreciation', 1, false],
  ['书法艺术', 'The Art of Calligraphy', 1, false],
  ['日语入门', 'Introductory Japanese', 2, false],
  ['法语入门', 'Introductory French', 2, false],
  ['德语入门', 'Introductory German', 2, false],
  ['学术写作', 'Academic Writing', 2, false],
  ['科技文献检索', 'Scientific Literature Retrieval', 1, false],
  ['数学建模', 'Mathematical Modeling', 2, false],
  ['数值分析', 'Numerical Analysis', 3, false],
  ['运筹学', 'Operations Research', 3, false],
  ['统计软件应用', 'Applied Statistical Software', 2, false],
  ['商务英语', 'Business English', 2, false],
  ['跨文化交际', 'Intercultural Communication', 2, false],
  ['英美文学选读', 'Selected Readings in British and American Literature', 2, false],
  ['计算机图形学', 'Computer Graphics', 3, false],
  ['分布式系统', 'Distributed Systems', 3, false],
  ['嵌入式系统', 'Embedded Systems', 3, false],
  ['数字图像处理', 'Digital Image Processing', 3, false],
  ['自然语言处理', 'Natural Language Processing', 3, false],
  ['软件测试', 'Software Testing', 2, false],
  ['项目管理', 'Project Management', 2, false],
  ['人机交互', 'Human-Computer Interaction', 2, false],
  ['物联网技术', 'Internet of Things', 2, false],
  ['区块链原理', 'Principles of Blockchain', 2, false],
  ['生产实习', 'Production Internship', 4, true],
  ['毕业设计', 'Graduation Project', 8, true],
  ['劳动教育', 'Labour Education', 1, true],
  ['公益服务', 'Community Service', 1, false],
  ['大学语文', 'College Chinese', 2, false],
  ['逻辑学', 'Logic', 2, false],
  ['哲学导论', 'Introduction to Philosophy', 2, false],
  ['社会学概论', 'Introduction to Sociology', 2, false],
  ['心理学导论', 'Introduction to Psychology', 2, false],
  ['环境科学概论', 'Introduction to Environmental Science', 2, false],
  ['生命科学导论', 'Introduction to Life Sciences', 2, false],
  ['天文学概论', 'Introduction to Astronomy', 1, false],
  ['创业管理', 'Entrepreneurial Management', 2, false],
  ['市场营销', 'Marketing', 2, false],
  ['财务管理', 'Financial Management', 3, false],
  ['国际贸易', 'International Trade', 2, false],
  ['知识产权法', 'Intellectual Property Law', 2, false],
  ['演讲与口才', 'Public Speaking', 1, false],
];

/** The grade word physical education is recorded in (many universities grade it so). */
function peWord(score: number): string {
  if (score >= 90) return '优秀';
  if (score >= 80) return '良好';
  if (score >= 70) return '中等';
  if (score >= 60) return '及格';
  return '不及格';
}

const DEGREES: [string, string][] = [
  ['工学学士', 'Bachelor of Engineering'],
  ['经济学学士', 'Bachelor of Economics'],
  ['文学学士', 'Bachelor of Arts'],
  ['工学学士', 'Bachelor of Engineering'],
];

/** Students added after the first fourteen (so their cards, drawn later, leave the others' unchanged). */
const MORE_STUDENTS: [string, string, 'M' | 'F', StudentRecord['status'], number][] = [
  ['赵婧怡', 'ZHAO Jingyi', 'F', 'suspended', 2023],
  ['钱昊天', 'QIAN Haotian', 'M', 'withdrawn', 2024],
  ['郑雅琪', 'ZHENG Yaqi', 'F', 'graduated', 2021],
];

const department = (program: number) => {
  const [zh, en] = PROGRAMS[program]!.college;
  return { zh, en };
};
const TEACHERS: Extract<PersonRecordInput, { role: 'teacher' }>[] = [
  {
    id: '20080031',
    cards: ['8000000001'],
    role: 'teacher',
    name: { zh: '周建华', en: 'ZHOU Jianhua' },
    gender: 'male',
    status: 'active',
    department: department(0),
    title: { zh: '教授', en: 'Professor' },
    hireDate: '2008-07-01',
    income: [
      { year: 2024, grossCents: 33_612_480 },
      { year: 2025, grossCents: 34_856_300 },
    ],
    titleHistory: [
      { title: { zh: '讲师', en: 'Lecturer' }, date: '2008-07-01', certificateNo: 'ZC200801127' },
      { title: { zh: '副教授', en: 'Associate Professor' }, date: '2013-12-01', certificateNo: 'ZC201304519' },
      { title: { zh: '教授', en: 'Professor' }, date: '2019-12-01', certificateNo: 'ZC201902086' },
    ],
  },
  {
    id: '19900012',
    cards: ['8000000002'],
    role: 'teacher',
    name: { zh: '何丽娟', en: 'HE Lijuan' },
    gender: 'female',
    status: 'retired',
    department: department(2),
    title: { zh: '副教授', en: 'Associate Professor' },
    hireDate: '1990-09-01',
    // Retired: no income any more (the income certificate is for teachers in service), her titles stay.
    titleHistory: [
      { title: { zh: '助教', en: 'Teaching Assistant' }, date: '1990-09-01' },
      { title: { zh: '讲师', en: 'Lecturer' }, date: '1995-12-01', certificateNo: 'ZC199500318' },
      { title: { zh: '副教授', en: 'Associate Professor' }, date: '2003-12-01', certificateNo: 'ZC200301766' },
    ],
  },
];

function student(
  r: () => number,
  i: number,
  [name, nameLatin, gender]: [string, string, 'M' | 'F'],
  status: StudentRecord['status'],
  year: number,
): PersonRecordInput {
  const program = PROGRAMS[i % PROGRAMS.length]!;
  const major = program.majors[i % program.majors.length]!;
  // 4..9 terms done by the autumn of 2026; a graduate did all 8 of a four-year programme.
  const terms = status === 'graduated' ? 8 : (2026 - year) * 2 + (i % 2);
  const count = 40 + Math.floor(r() * 51); // 40..90 courses
  const pool = [...COURSES].sort(() => r() - 0.5).slice(0, count);
  const courses = pool.map((c, k) => {
    const t = k % Math.max(1, terms);
    const termYear = year + Math.floor(t / 2);
    const score = Math.min(100, 58 + Math.floor(r() * 43));
    return {
      term: `${termYear}-${termYear + 1}-${(t % 2) + 1}`,
      code: `DU${1001 + COURSES.indexOf(c)}`,
      name: { zh: c[0], en: c[1] },
      credits: c[2],
      type: c[3] ? ('required' as const) : ('elective' as const),
      score: c[0].startsWith('体育') ? peWord(score) : score,
    };
  });
  courses.sort((a, b) => a.term.localeCompare(b.term));
  const graduated = status === 'graduated' ? `${year + 4}-06-30` : undefined;
  return {
    id: `S${year}${String(i + 1).padStart(6, '0')}`,
    cards: [String(10_000_000 + i * 7919 + Math.floor(r() * 1000)).padStart(10, '0')],
    role: 'student',
    name: { zh: name, en: nameLatin },
    gender: gender === 'M' ? 'male' : 'female',
    status,
    college: { zh: program.college[0], en: program.college[1] },
    major: { zh: major[0], en: major[1] },
    level: 'undergraduate',
    programYears: 4,
    entryDate: `${year}-09-01`,
    expectedGraduation: `${year + 4}-06-30`,
    ...(graduated
      ? {
          graduationDate: graduated,
          degree: { zh: DEGREES[i % DEGREES.length]![0], en: DEGREES[i % DEGREES.length]![1] },
        }
      : {}),
    courses,
  };
}

/** How many students of each major a demo cohort has (the demo shows a few of them): what ranks are out of. */
const COHORT_SIZE = [126, 88, 64, 152];

/**
 * The facts the newer certificates print, from the student's own random source (drawing them from
 * the main one would change every card drawn after): CET results, fees up to 2026-2027 (the student
 * at index 2 has not paid this year's), a graduate's certificates, and a rank by GPA in a cohort of
 * COHORT_SIZE (the registrar's, which the demo does not hold whole).
 */
function withDocumentFacts(s: StudentRecord, i: number, seed: number): StudentRecord {
  const own = rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const entry = Number(s.entryDate.slice(0, 4));
  const gpa = totalsOf(s.courses).gpa;
  const out: StudentRecord = { ...s };
  if (s.status === 'graduated') {
    out.graduationCertificateNo = graduationCertificateNo(entry + 4, 100 + i);
    out.degreeDate = s.graduationDate!;
    out.degreeCertificateNo = degreeCertificateNo(entry + 4, 100 + i);
  }
  const cet = cetResults(own, entry, '2026-09-01', Math.min(1, Math.max(0, (gpa - 1.5) / 2.5)));
  if (cet.length) out.languageTests = cet;
  const lastYear = s.status === 'graduated' ? entry + 3 : s.status === 'withdrawn' ? entry + 1 : 2026;
  out.tuition = tuitionLines(own, entry, lastYear, 5000 + (i % 4) * 500, i === 2);
  if (s.status !== 'withdrawn') {
    const of = COHORT_SIZE[i % PROGRAMS.length]!;
    const major = s.major ?? s.college;
    const last = s.courses.reduce((t, c) => (c.term > t ? c.term : t), s.courses[0]!.term);
    out.ranking = {
      rank: Math.min(of, Math.max(1, Math.round(((4 - gpa) / 2.5) * of))),
      of,
      scope: { zh: `${major.zh}专业${entry}级`, en: `${major.en}, class of ${entry}` },
      asOf: last,
    };
  }
  return out;
}

/** The demo's students and teachers as canonical records (validated: the demo is a valid import). */
export function demoRecords(seed = 20260901): PersonRecord[] {
  const r = rng(seed);
  const inputs: PersonRecordInput[] = STUDENTS.map((s, i) => student(r, i, s, 'enrolled', 2022 + (i % 3)));
  MORE_STUDENTS.forEach(([name, latin, gender, status, year], k) =>
    inputs.push(student(r, STUDENTS.length + k, [name, latin, gender], status, year)),
  );
  inputs.push(...TEACHERS);
  return inputs.map((p, i) => {
    const record = PersonRecord.parse(p);
    return record.role === 'student' ? PersonRecord.parse(withDocumentFacts(record, i, seed)) : record;
  });
}

/**
 * Teachers who are also maintenance staff (a permission, not a role: a college's lab teacher looks
 * after its station), by id, with their PIN: their own card opens maintenance mode after their documents.
 */
const MAINTAINING_TEACHERS: Record<string, string> = { '20080031': '975310' };

export function demoStaff(): DemoStaff[] {
  return STAFF.map(([name, nameLatin, , pin], i) => ({
    id: `T${String(i + 1).padStart(5, '0')}`,
    card: `90000${String(i + 1).padStart(5, '0')}`,
    name,
    nameLatin,
    pin,
  }));
}

/** Every demo card: the students' and teachers' (from their records), then the staff's. */
export function demoPeople(seed = 20260901): SeedPerson[] {
  return [
    ...demoRecords(seed).map((record) => ({
      id: record.id,
      card: record.cards[0]!,
      name: record.name.zh,
      nameLatin: record.name.en,
      role: record.role,
      major: record.role === 'student' ? record.major : undefined,
      ...(MAINTAINING_TEACHERS[record.id] ? { pin: MAINTAINING_TEACHERS[record.id] } : {}),
      record,
    })),
    ...demoStaff().map((s) => ({ ...s, role: 'staff' as const })),
  ];
}
