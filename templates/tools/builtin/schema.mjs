// The data a built-in bundle reads, as the manifest's `schema`: derived from the bundle's layout (every
// binding, condition and table column), so a manifest declares exactly what its layouts print. The
// types are those of the document data central sends (docs/data.md "Document data"; the #14 blocks).

/** Every path a built-in layout may read, with its type. The order here is the order in a manifest. */
export const TYPES = {
  'university.name': 'string',
  'university.nameEn': 'string',
  'university.office': 'string',
  'university.officeEn': 'string',
  'student.name': 'string',
  'student.nameLatin': 'string',
  'student.gender': 'string',
  'student.genderEn': 'string',
  'student.studentNumber': 'string',
  'student.college.zh': 'string',
  'student.college.en': 'string',
  'student.major.zh': 'string',
  'student.major.en': 'string',
  'student.degreeLevel.zh': 'string',
  'student.degreeLevel.en': 'string',
  'student.enrollmentDate': 'date',
  'student.expectedGraduation': 'date',
  'student.programLength.zh': 'string',
  'student.programLength.en': 'string',
  'student.statusLabel.zh': 'string',
  'student.statusLabel.en': 'string',
  'totals.courses': 'number',
  'totals.credits': 'number',
  'totals.creditsEarned': 'number',
  'totals.gpa': 'number',
  'graduation.date': 'date',
  'graduation.certificateNumber': 'string',
  'degree.name.zh': 'string',
  'degree.name.en': 'string',
  'degree.date': 'date',
  'degree.certificateNumber': 'string',
  'ranking.rank': 'number',
  'ranking.of': 'number',
  'ranking.scope.zh': 'string',
  'ranking.scope.en': 'string',
  'ranking.asOf': 'string',
  'ranking.gpa': 'number',
  'ranking.percent': 'number',
  'payments.due': 'string',
  'payments.paid': 'string',
  'teacher.name': 'string',
  'teacher.nameLatin': 'string',
  'teacher.gender': 'string',
  'teacher.genderEn': 'string',
  'teacher.staffNumber': 'string',
  'teacher.department.zh': 'string',
  'teacher.department.en': 'string',
  // Empty strings for a teacher without a professional title.
  'teacher.title.zh': 'optional',
  'teacher.title.en': 'optional',
  'teacher.hireDate': 'date',
  'teacher.statusLabel.zh': 'string',
  'teacher.statusLabel.en': 'string',
  'income.year': 'number',
  'income.annualGross': 'string',
  'income.monthlyAverage': 'string',
  'income.months': 'number',
  'document.serial': 'string',
  'document.verificationCode': 'string',
  'document.issuedAt': 'date',
  'document.validUntil': 'date',
  'document.purpose': 'string',
  'document.purposeEn': 'string',
};

/** The lists a table may read: their items' fields and how many entries a record can have. */
export const LISTS = {
  courses: {
    item: {
      term: 'string',
      nameZh: 'string',
      nameEn: 'string',
      credits: 'number',
      typeZh: 'string',
      typeEn: 'string',
      score: 'text',
      // A number, or "—" for a pass/fail course (合格), which has no grade points.
      gradePoints: 'text',
    },
    min: 1,
    // The canonical record's maximum (shared/person-record.ts).
    max: 400,
  },
  cet: {
    item: {
      test: 'string',
      testZh: 'string',
      testEn: 'string',
      date: 'date',
      ticketNo: 'string',
      listening: 'number',
      reading: 'number',
      writing: 'number',
      total: 'number',
    },
    min: 1,
    max: 30,
  },
  'payments.items': {
    item: {
      year: 'string',
      itemZh: 'string',
      itemEn: 'string',
      due: 'string',
      paid: 'string',
      // "" while unpaid.
      paidDate: 'optional',
    },
    min: 1,
    max: 60,
  },
  titles: {
    item: { titleZh: 'string', titleEn: 'string', date: 'date', certificateNumber: 'optional' },
    min: 1,
    max: 20,
  },
};

const BINDING = /\{\{\s*([A-Za-z_$][\w.$]*)\s*(?:\|\s*([a-zA-Z0-9]+))?\s*\}\}/g;
/** Bindings of fixed texts that are not data: the page numbers (a row's $index and group are handled per table). */
const NOT_DATA = new Set(['page', 'pages']);

/** The data paths and list fields a layout reads. */
export function readsOf(layout) {
  const paths = new Set();
  const lists = new Map();
  const strings = (v, found) => {
    if (typeof v === 'string') for (const m of v.matchAll(BINDING)) found(m[1]);
    else if (Array.isArray(v)) v.forEach((x) => strings(x, found));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        // The scanned seal is read when present, never required (docs/templates.md).
        if (k === 'imageData' || k === 'rows') continue;
        if (k === 'when' || k === 'unless') found(x);
        else strings(x, found);
      }
  };
  const top = (p) => NOT_DATA.has(p) || paths.add(p);
  const walk = (elements) =>
    elements.forEach((e) => {
      if (e.type === 'group') return walk(e.elements);
      if (e.type !== 'table') return strings(e, top);
      const list = LISTS[e.rows];
      if (!list) throw new Error(`a table reads "${e.rows}", which is not a list in LISTS`);
      const used = lists.get(e.rows) ?? new Set();
      lists.set(e.rows, used);
      strings([e.columns, e.groupHeading, e.groupBy ? `{{${e.groupBy}}}` : ''], (p) =>
        p === '$index' || p === 'group' ? null : p in list.item ? used.add(p) : top(p),
      );
    });
  walk(layout.elements);
  strings(layout.fixed, top);
  strings(layout.overlays, top);
  return { paths, lists };
}

/** The manifest schema of a kind: what any of its layouts (both languages) reads, typed from TYPES and LISTS. */
export function schemaOf(layouts) {
  const paths = new Set();
  const lists = new Map();
  for (const layout of layouts) {
    const r = readsOf(layout);
    r.paths.forEach((p) => paths.add(p));
    for (const [list, fields] of r.lists) lists.set(list, new Set([...(lists.get(list) ?? []), ...fields]));
  }
  const unknown = [...paths].filter((p) => !(p in TYPES));
  if (unknown.length) throw new Error(`layouts read paths with no type in TYPES: ${unknown.join(', ')}`);
  const schema = {};
  for (const [path, type] of Object.entries(TYPES)) if (paths.has(path)) schema[path] = type;
  for (const [list, { item, min, max }] of Object.entries(LISTS))
    if (lists.has(list))
      schema[list] = {
        list: Object.fromEntries(Object.entries(item).filter(([f]) => lists.get(list).has(f))),
        min,
        max,
      };
  return schema;
}
