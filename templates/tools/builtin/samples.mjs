// Sample data of the built-in bundles: believable people in the shape central sends (docs/data.md
// "Document data"), used by `estation render --sample`, the tests and the pictures in docs/documents.
export const registrar = {
  name: '示范大学',
  nameEn: 'Demo University',
  office: '教务处',
  officeEn: 'Office of Academic Affairs',
};
// Teacher documents are issued and sealed by the personnel office.
export const personnel = { ...registrar, office: '人事处', officeEn: 'Human Resources Office' };

const ISSUED = '2026-11-28T09:30:00.000Z';
/** 90 days after ISSUED: what a kind with `validityDays: 90` prints as valid until. */
const VALID_UNTIL = '2027-02-26';
export const PURPOSES = {
  'study-abroad': { purpose: '出国留学', purposeEn: 'Study abroad' },
  job: { purpose: '求职', purposeEn: 'Job application' },
  'further-study': { purpose: '升学', purposeEn: 'Further study' },
  visa: { purpose: '签证', purposeEn: 'Visa application' },
};
/** The station's `document` block; `purpose` only for kinds that offer purposes. */
export const documentBlock = (serial, verificationCode, purpose) => ({
  serial,
  verificationCode,
  issuedAt: ISSUED,
  validUntil: VALID_UNTIL,
  ...(purpose ? PURPOSES[purpose] : {}),
});

const programme = (years) => ({
  zh: `${'零一二三四五六七八'[years]}年`,
  en: `${['', 'One', 'Two', 'Three', 'Four', 'Five'][years]} years`,
});
const LEVEL = { zh: '本科', en: 'Undergraduate' };
const STATUS = {
  enrolled: { zh: '在读', en: 'enrolled' },
  graduated: { zh: '毕业', en: 'graduated' },
  active: { zh: '在职', en: 'in service' },
  retired: { zh: '退休', en: 'retired' },
};
const MATHS = { zh: '数学与统计学院', en: 'School of Mathematics and Statistics' };

/** A `student` block as central's studentBlock makes it. */
function student(s) {
  const entry = Number(s.enrollmentDate.slice(0, 4));
  return {
    name: s.name,
    nameLatin: s.nameLatin,
    gender: s.female ? '女' : '男',
    genderEn: s.female ? 'Female' : 'Male',
    studentNumber: s.studentNumber,
    college: s.college,
    major: s.major,
    degreeLevel: LEVEL,
    enrollmentDate: s.enrollmentDate,
    expectedGraduation: `${entry + 4}-06-30`,
    level: 'undergraduate',
    programYears: 4,
    programLength: programme(4),
    status: s.status,
    statusLabel: STATUS[s.status],
    graduationDate: s.status === 'graduated' ? `${entry + 4}-06-30` : null,
    degree: s.degree ?? null,
  };
}

/** A `teacher` block. */
function teacher(t) {
  return {
    name: t.name,
    nameLatin: t.nameLatin,
    gender: t.female ? '女' : '男',
    genderEn: t.female ? 'Female' : 'Male',
    staffNumber: t.staffNumber,
    department: t.department,
    title: t.title ?? { zh: '', en: '' },
    hireDate: t.hireDate,
    status: t.status,
    statusLabel: STATUS[t.status],
  };
}

export const samples = {
  'graduation-certificate': {
    university: registrar,
    student: student({
      name: '王思涵',
      nameLatin: 'WANG Sihan',
      female: true,
      studentNumber: '2020013579',
      college: MATHS,
      major: { zh: '统计学', en: 'Statistics' },
      enrollmentDate: '2020-09-01',
      status: 'graduated',
      degree: { zh: '理学学士', en: 'Bachelor of Science' },
    }),
    graduation: { date: '2024-06-30', certificateNumber: '105871202405002517' },
  },
  'degree-certificate': {
    university: registrar,
    // 䶮 (U+4DAE, CJK Extension A) is in a few real given names; Noto Serif SC has it.
    student: student({
      name: '欧阳䶮',
      nameLatin: 'OUYANG Yan',
      studentNumber: '2020011208',
      college: MATHS,
      major: { zh: '数学与应用数学', en: 'Mathematics and Applied Mathematics' },
      enrollmentDate: '2020-09-01',
      status: 'graduated',
      degree: { zh: '理学学士', en: 'Bachelor of Science' },
    }),
    degree: {
      name: { zh: '理学学士', en: 'Bachelor of Science' },
      date: '2024-06-30',
      certificateNumber: '1058742024003186',
    },
  },
  'gpa-ranking': {
    university: registrar,
    student: student({
      name: '陈喆',
      nameLatin: 'CHEN Zhe',
      female: true,
      studentNumber: '2023015021',
      college: MATHS,
      major: { zh: '统计学', en: 'Statistics' },
      enrollmentDate: '2023-09-01',
      status: 'enrolled',
    }),
    totals: { courses: 46, credits: 132.5, creditsEarned: 132.5, gpa: 3.78 },
    ranking: {
      rank: 5,
      of: 128,
      scope: { zh: '统计学专业2023级', en: 'Statistics, class of 2023' },
      asOf: '2025-2026-2',
      gpa: 3.78,
      percent: 4,
    },
  },
  'cet-report': {
    university: registrar,
    student: student({
      name: '刘堃',
      nameLatin: 'LIU Kun',
      studentNumber: '2022014417',
      college: { zh: '计算机科学与技术学院', en: 'School of Computer Science and Technology' },
      major: { zh: '软件工程', en: 'Software Engineering' },
      enrollmentDate: '2022-09-01',
      status: 'enrolled',
    }),
    cet: [
      ['CET4', '2022-12-10', 562, 196, 201, 165, '370102222101203'],
      ['CET6', '2023-06-17', 498, 170, 176, 152, '370102231202118'],
      ['CET6', '2023-12-16', 531, 181, 189, 161, '370102232203027'],
    ].map(([test, date, total, listening, reading, writing, ticketNo]) => ({
      test,
      testZh: test === 'CET4' ? '全国大学英语四级考试' : '全国大学英语六级考试',
      testEn: test === 'CET4' ? 'College English Test Band 4' : 'College English Test Band 6',
      date,
      total,
      listening,
      reading,
      writing,
      ticketNo,
    })),
  },
  'tuition-payment': {
    university: registrar,
    student: student({
      name: '赵雨桐',
      nameLatin: 'ZHAO Yutong',
      female: true,
      studentNumber: '2023016630',
      college: { zh: '经济管理学院', en: 'School of Economics and Management' },
      major: { zh: '会计学', en: 'Accounting' },
      enrollmentDate: '2023-09-01',
      status: 'enrolled',
    }),
    payments: {
      items: [
        ['2023-2024', '2023-09-02', '2023-09-02'],
        ['2024-2025', '2024-08-28', '2024-08-28'],
        ['2025-2026', '2025-08-30', '2025-08-30'],
        ['2026-2027', '2026-09-01', ''],
      ].flatMap(([year, tuitionPaid, roomPaid]) => [
        { year, itemZh: '学费', itemEn: 'Tuition', due: '5,460.00', paid: '5,460.00', paidDate: tuitionPaid },
        {
          year,
          itemZh: '住宿费',
          itemEn: 'Accommodation',
          due: '1,200.00',
          paid: roomPaid ? '1,200.00' : '0.00',
          paidDate: roomPaid,
        },
      ]),
      due: '26,640.00',
      paid: '25,440.00',
    },
  },
  'expected-graduation': {
    university: registrar,
    student: student({
      name: '黄子涵',
      nameLatin: 'HUANG Zihan',
      studentNumber: '2023012288',
      college: { zh: '计算机科学与技术学院', en: 'School of Computer Science and Technology' },
      major: { zh: '人工智能', en: 'Artificial Intelligence' },
      enrollmentDate: '2023-09-01',
      status: 'enrolled',
    }),
  },
  'employment-certificate': {
    university: personnel,
    teacher: teacher({
      name: '何静怡',
      nameLatin: 'HE Jingyi',
      female: true,
      staffNumber: '2009031',
      department: { zh: '外国语学院', en: 'School of Foreign Languages' },
      title: { zh: '副教授', en: 'Associate Professor' },
      hireDate: '2009-07-15',
      status: 'active',
    }),
  },
  'income-certificate': {
    university: personnel,
    // 𠮷 (U+20BB7, CJK Extension B) comes from the HanaMinB fallback font: Noto SC lacks it.
    teacher: teacher({
      name: '周𠮷安',
      nameLatin: "ZHOU Ji'an",
      staffNumber: '2012047',
      department: { zh: '机械工程学院', en: 'School of Mechanical Engineering' },
      title: { zh: '教授', en: 'Professor' },
      hireDate: '2012-08-20',
      status: 'active',
    }),
    income: { year: 2025, annualGross: '286,400.00', monthlyAverage: '23,866.67', months: 12 },
  },
  'title-certificate': {
    university: personnel,
    teacher: teacher({
      name: '孙立群',
      nameLatin: 'SUN Liqun',
      staffNumber: '1996008',
      department: { zh: '化学与化工学院', en: 'School of Chemistry and Chemical Engineering' },
      title: { zh: '教授', en: 'Professor' },
      hireDate: '1996-07-01',
      status: 'retired',
    }),
    titles: [
      // Early appointments carried no certificate number.
      { titleZh: '助教', titleEn: 'Teaching Assistant', date: '1997-09-01', certificateNumber: '' },
      { titleZh: '讲师', titleEn: 'Lecturer', date: '2000-12-20', certificateNumber: 'JS-2000-0318' },
      { titleZh: '副教授', titleEn: 'Associate Professor', date: '2005-12-28', certificateNumber: 'GJ-2005-1127' },
      { titleZh: '教授', titleEn: 'Professor', date: '2011-12-26', certificateNumber: 'GJ-2011-0452' },
    ],
  },
};
