/**
 * A kind of document (成绩单, 在读证明, 在职证明...) as data: central keeps these records
 * (`estation central kinds set FILE`), stations learn them from central, template bundles name one
 * by id. Code knows the shape of a kind, never the list: no product code compares a kind id.
 * Runtime-neutral (zod only): the kiosk core, the renderer, central and the template engine use it.
 */
import { z } from 'zod';
import { DocumentKind, PersonStatus, Purpose } from './domain.js';
import { localDate } from './local-date.js';

/** A kind's id: lower-case words joined by "-" (`transcript`, `graduation-certificate`). */
export const KindId = DocumentKind;
export type KindId = z.infer<typeof KindId>;
export { Purpose };

/** Who a kind is for: people of these roles see it in their catalog. */
export const AUDIENCES = ['student', 'teacher'] as const;
export const Audience = z.enum(AUDIENCES);
export type Audience = z.infer<typeof Audience>;

/**
 * The blocks of a document's data that central makes from a person's canonical record
 * (central/people/document-data.ts has one builder per block; docs/data.md "Document data" lists
 * their fields). A kind names the blocks it needs (`fields`); central sends only those, plus
 * `university`; the station adds `document`. A block a person's record lacks is absent, and the
 * kind is then unavailable to them ("no record").
 */
export const DATA_BLOCKS = [
  'student',
  'courses',
  'totals',
  'graduation',
  'degree',
  'ranking',
  'cet',
  'payments',
  'teacher',
  'income',
  'titles',
] as const;
export const DataBlock = z.enum(DATA_BLOCKS);
export type DataBlock = z.infer<typeof DataBlock>;

/** Blocks every document gets without asking: the issuer (from central) and the document itself (from the station). */
export const ALWAYS_BLOCKS = ['university', 'document'] as const;

const Title = z.object({ zh: z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(80) }).strict();

export const KindDefinition = z
  .object({
    id: KindId,
    title: Title,
    audience: z.array(Audience).min(1),
    /** The statuses that may print it; a person of another status sees why not. */
    statuses: z.array(PersonStatus).min(1),
    /** The data blocks it needs (see DATA_BLOCKS). */
    fields: z.array(DataBlock).min(1),
    languages: z.array(z.enum(['zh', 'en'])).min(1),
    /** Fee per copy in fen (1/100 yuan) once the free copies of the term are used. */
    feeCents: z.number().int().min(0).max(100_000),
    freePerTerm: z.number().int().min(0).max(100),
    maxCopies: z.number().int().min(1).max(20),
    /** How long the document vouches for its holder (its verification code expires then). */
    validityDays: z.number().int().min(1).max(3650),
    /** The first letters of its verification codes, telling a checker what kind of document it is. */
    codePrefix: z.string().regex(/^[A-Z]{1,3}$/, 'a code prefix is 1 to 3 capital letters'),
    /** 用途 offered on the kiosk; none: the document prints no purpose. */
    purposes: z.array(Purpose).max(12).default([]),
    /** Data paths shown masked in the on-screen preview (an income certificate's figures); the paper shows them. */
    sensitive: z
      .array(z.string().regex(/^[A-Za-z_][\w.]*$/))
      .max(20)
      .default([]),
    /** The office (institution profile `offices[].id`) that issues and seals it; default: the first office. */
    office: z.string().optional(),
  })
  .strict()
  .superRefine((k, ctx) => {
    const dup = (list: readonly string[]) => list.find((v, i) => list.indexOf(v) !== i);
    for (const key of ['audience', 'statuses', 'fields', 'languages'] as const) {
      const d = dup(k[key]);
      if (d) ctx.addIssue({ code: 'custom', path: [key], message: `"${d}" is listed twice` });
    }
    const d = dup(k.purposes.map((p) => p.id));
    if (d) ctx.addIssue({ code: 'custom', path: ['purposes'], message: `purpose "${d}" is listed twice` });
  });
export type KindDefinition = z.infer<typeof KindDefinition>;
export type KindDefinitionInput = z.input<typeof KindDefinition>;

/**
 * The last day a document vouches for its holder (`document.validUntil`, the verification page's
 * "valid until"): the local date of its issue in the institution's timezone plus the kind's validity.
 */
export function validUntil(issuedAt: Date | string, validityDays: number, timeZone: string): string {
  const day = Date.parse(`${localDate(issuedAt, timeZone)}T00:00:00Z`);
  return new Date(day + validityDays * 86_400_000).toISOString().slice(0, 10);
}
