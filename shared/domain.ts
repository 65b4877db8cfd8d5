/**
 * Domain vocabulary shared by every runtime (kiosk core, renderer, central).
 * Runtime-neutral: no Node, DOM or Electron imports here, only zod schemas and their types.
 */
import { z } from 'zod';

export const Language = z.enum(['zh', 'en']);
export type Language = z.infer<typeof Language>;

/**
 * A kind of document's id (`transcript`, `degree-certificate`). Kinds are data (shared/document-kind.ts,
 * `estation central kinds`): code knows the shape of an id, never the list.
 */
export const DocumentKind = z
  .string()
  .max(40)
  .regex(
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    'a kind id is lower-case letters and digits joined by "-", e.g. "degree-certificate"',
  );
export type DocumentKind = z.infer<typeof DocumentKind>;

/** One purpose (用途) a person may pick for a document; it prints on the document. */
export const Purpose = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
    zh: z.string().trim().min(1).max(30),
    en: z.string().trim().min(1).max(60),
  })
  .strict();
export type Purpose = z.infer<typeof Purpose>;

/**
 * `student` and `teacher` come from the university's records (docs/data.md); `staff` is a station
 * maintainer (a card with a maintenance PIN), enrolled at central, never imported.
 */
export const Role = z.enum(['student', 'teacher', 'staff']);
export type Role = z.infer<typeof Role>;

export const LocalizedText = z.object({ zh: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A student's registration status (学籍状态), as the academic-affairs system records it. */
export const STUDENT_STATUSES = ['enrolled', 'suspended', 'withdrawn', 'graduated', 'completed'] as const;
/** A teacher's employment status. */
export const TEACHER_STATUSES = ['active', 'retired', 'left'] as const;
export const PersonStatus = z.enum([...STUDENT_STATUSES, ...TEACHER_STATUSES]);
export type PersonStatus = z.infer<typeof PersonStatus>;

/** The words a student, a teacher and staff read for each status, in both languages. */
export const STATUS_LABELS: Record<PersonStatus, LocalizedText> = {
  enrolled: { zh: '在读', en: 'enrolled' },
  suspended: { zh: '休学', en: 'suspended' },
  withdrawn: { zh: '退学', en: 'withdrawn' },
  graduated: { zh: '毕业', en: 'graduated' },
  completed: { zh: '结业', en: 'completed without graduating' },
  active: { zh: '在职', en: 'in service' },
  retired: { zh: '退休', en: 'retired' },
  left: { zh: '离职', en: 'left the university' },
};

export const Person = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  /** Latin spelling for English documents (pinyin for most students). */
  nameLatin: z.string().max(100),
  role: Role,
  /** A student's or teacher's status (staff have none). */
  status: PersonStatus.optional(),
  studentNumber: z.string().max(32).optional(),
  college: LocalizedText.optional(),
  major: LocalizedText.optional(),
});
export type Person = z.infer<typeof Person>;

/** `no_record`: the person's records lack what the document certifies (no CET score for a CET report). */
export const UnavailableReason = z.enum(['quota_used_up', 'not_eligible', 'template_missing', 'no_record']);
export type UnavailableReason = z.infer<typeof UnavailableReason>;

/** One printable item in a person's catalog, as central decides it. */
export const CatalogItem = z.object({
  kind: DocumentKind,
  title: LocalizedText,
  languages: z.array(Language).min(1),
  /** Fee per copy in fen (1/100 yuan) once the free quota is used. */
  feeCents: z.number().int().min(0),
  /** Free copies left this term; null when the item has no quota. */
  freeRemaining: z.number().int().min(0).nullable(),
  maxCopies: z.number().int().min(1).max(20),
  available: z.boolean(),
  unavailableReason: UnavailableReason.optional(),
  /** Why, in the person's own terms, when central can say more than the reason ("学籍状态为休学，不能打印在读证明"). */
  unavailableNote: LocalizedText.optional(),
  /** 用途 to pick from; absent or empty: the document prints none. */
  purposes: z.array(Purpose).optional(),
  /** Data paths masked in the on-screen preview (the paper shows them). */
  sensitive: z.array(z.string()).optional(),
  /** How many days the document vouches for its holder from its issue date (`document.validUntil`, the QR code's expiry). */
  validityDays: z.number().int().min(1).optional(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;
