/**
 * How the publish checks learn a document kind: an injected function, so that they do not depend on
 * where kinds are kept (the kinds store, `estation central kinds`). `standInKindLookup` answers from
 * the built-in catalog's ids and blocks (docs/templates.md "Publishing safely"): it is what this branch
 * wires into central/app.ts until the kinds store answers `store.kindDefinition(id)`.
 */
import { KindDefinition, type DataBlock } from '../../shared/document-kind.js';
import { STUDENT_STATUSES, type PersonStatus } from '../../shared/domain.js';

export interface KindLookupResult {
  definition: KindDefinition;
  disabled: boolean;
  version: number;
}
export type KindLookup = (id: string) => Promise<KindLookupResult | null>;

type Row = [
  id: string,
  zh: string,
  en: string,
  audience: 'student' | 'teacher',
  fields: DataBlock[],
  statuses: readonly PersonStatus[],
];

// Stand-in only: the kinds store holds the real records (titles, fees, purposes...).
const BUILT_IN: Row[] = [
  ['transcript', '成绩单', 'Academic Transcript', 'student', ['student', 'courses', 'totals'], STUDENT_STATUSES],
  ['enrollment', '在读证明', 'Certificate of Enrollment', 'student', ['student'], ['enrolled']],
  ['student-status', '学籍证明', 'Certificate of Student Status', 'student', ['student'], ['enrolled', 'suspended']],
  [
    'graduation-certificate',
    '毕业证明',
    'Certificate of Graduation',
    'student',
    ['student', 'graduation'],
    ['graduated'],
  ],
  ['degree-certificate', '学位证明', 'Certificate of Degree', 'student', ['student', 'degree'], ['graduated']],
  [
    'gpa-ranking',
    '绩点及排名证明',
    'Certificate of GPA and Class Rank',
    'student',
    ['student', 'totals', 'ranking'],
    ['enrolled', 'graduated', 'completed'],
  ],
  ['cet-report', '四六级成绩证明', 'CET-4/6 Score Report', 'student', ['student', 'cet'], STUDENT_STATUSES],
  [
    'tuition-payment',
    '缴费证明',
    'Certificate of Tuition Payment',
    'student',
    ['student', 'payments'],
    ['enrolled', 'suspended', 'graduated', 'completed'],
  ],
  ['expected-graduation', '预毕业证明', 'Certificate of Expected Graduation', 'student', ['student'], ['enrolled']],
  ['employment-certificate', '在职证明', 'Certificate of Employment', 'teacher', ['teacher'], ['active']],
  ['income-certificate', '收入证明', 'Certificate of Income', 'teacher', ['teacher', 'income'], ['active']],
  [
    'title-certificate',
    '职称证明',
    'Certificate of Professional Title',
    'teacher',
    ['teacher', 'titles'],
    ['active', 'retired'],
  ],
];

const definitions = new Map(
  BUILT_IN.map(([id, zh, en, audience, fields, statuses]) => [
    id,
    KindDefinition.parse({
      id,
      title: { zh, en },
      audience: [audience],
      statuses: [...statuses],
      fields,
      languages: ['zh', 'en'],
      feeCents: 0,
      freePerTerm: 0,
      maxCopies: 5,
      validityDays: 180,
      codePrefix: 'X',
    }),
  ]),
);

export const standInKindLookup: KindLookup = async (id) => {
  const definition = definitions.get(id);
  return definition ? { definition, disabled: false, version: 1 } : null;
};
