/**
 * The institution profile (docs/data.md, "Institution"): who issues the documents. Its names, serial
 * prefix, timezone, issuing offices with their seals, contact line and verification address. Set at
 * central with `estation central institution set FILE.json`; every document, serial, verification page
 * and date takes them from here. Declared once: central validates files with it, the CLI shows it, the
 * docs describe it. Runtime-neutral (no Node): a seal is a path in the file and bytes once central read it.
 */
import { z } from 'zod';
import { DocumentKind } from './domain.js';
import { DEFAULT_TIMEZONE, isTimeZone } from './local-date.js';

/** The largest seal image accepted: a 600 dpi scan of a 42 mm seal as PNG is well under this. */
export const MAX_SEAL_BYTES = 1024 * 1024;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // Control characters would print as nothing (or break a line) on a sealed document.
    .refine((s) => !/\p{Cc}/u.test(s), 'must not hold control characters or line breaks');

/** A text in both languages of the documents. */
const Both = (max: number) => z.object({ zh: text(max), en: text(max) }).strict();

export const InstitutionOffice = z
  .object({
    /** Short id, e.g. `registrar` (student documents) or `personnel` (teacher documents). */
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lowercase letters, digits or "-", starting with a letter (registrar)'),
    /** The office as its seal names it: 教务处 / Office of Academic Affairs. */
    name: Both(40),
    /** The document kinds this office seals; a kind is sealed by one office at most. */
    kinds: z.array(DocumentKind).default([]),
    /** In the file: the PNG of the seal, as a path relative to the JSON file (transparent background). */
    seal: z.string().min(1, 'must name a PNG file').optional(),
  })
  .strict();
export type InstitutionOffice = z.infer<typeof InstitutionOffice>;

export const InstitutionProfile = z
  .object({
    /** 示范大学 / Demo University. */
    name: Both(60),
    /** 示大 / DemoU: where a full name does not fit. */
    shortName: Both(20),
    /** The first part of every serial: `SDU` gives SDU-2026-000001. */
    serialPrefix: z.string().regex(/^[A-Z]{2,8}$/, 'must be 2 to 8 capital letters A-Z (SDU)'),
    /** IANA timezone every date is written in (documents, kiosk, dashboard, verification page). */
    timezone: z
      .string()
      .default(DEFAULT_TIMEZONE)
      .refine(isTimeZone, 'must be an IANA timezone such as Asia/Shanghai (see the tz database list)'),
    offices: z.array(InstitutionOffice).min(1, 'needs at least one issuing office').max(20),
    /** A line for people with questions about a document: phone, address, office hours. */
    contact: Both(200),
    /** The public verification site printed on documents and receipts. */
    verificationUrl: z
      .string()
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    const sealedBy = new Map<string, string>();
    p.offices.forEach((o, i) => {
      if (ids.has(o.id))
        ctx.addIssue({ code: 'custom', path: ['offices', i, 'id'], message: `"${o.id}" is used by another office` });
      ids.add(o.id);
      o.kinds.forEach((k, j) => {
        const other = sealedBy.get(k);
        if (other !== undefined && other !== o.id)
          ctx.addIssue({
            code: 'custom',
            path: ['offices', i, 'kinds', j],
            message: `"${k}" is already sealed by office "${other}"; a document kind has one issuing office`,
          });
        sealedBy.set(k, o.id);
      });
    });
  });
/** The profile as written in the JSON file (seals as paths). */
export type InstitutionProfile = z.infer<typeof InstitutionProfile>;

/** An office as central keeps it: the seal's bytes instead of its path. */
export type StoredOffice = Omit<InstitutionOffice, 'seal'> & { seal?: Uint8Array };
/** The profile as central keeps it and uses it. */
export type Institution = Omit<InstitutionProfile, 'offices'> & { offices: StoredOffice[] };

/** Who a central without a profile is: the demo university, so the demo looks as it always did. */
export const DEMO_INSTITUTION: Institution = {
  name: { zh: '示范大学', en: 'Demo University' },
  shortName: { zh: '示大', en: 'DemoU' },
  serialPrefix: 'DU',
  timezone: DEFAULT_TIMEZONE,
  offices: [
    {
      id: 'registrar',
      name: { zh: '教务处', en: 'Office of Academic Affairs' },
      kinds: ['enrollment', 'transcript', 'student-status'],
    },
    {
      id: 'personnel',
      name: { zh: '人事处', en: 'Human Resources Office' },
      kinds: ['employment-certificate', 'income-certificate', 'title-certificate'],
    },
  ],
  contact: {
    zh: '示范大学教务处 电话 010-00000000',
    en: 'Office of Academic Affairs, Demo University, +86 10 0000 0000',
  },
  verificationUrl: 'https://verify.demo-university.example/verify',
};

/** The office that seals documents of this kind, or undefined. */
export function officeFor(institution: Institution, kind: DocumentKind): StoredOffice | undefined {
  return institution.offices.find((o) => o.kinds.includes(kind));
}

/** One line per problem, with its field path (`offices.0.id: must be ...`), for an admin to fix the file. */
export function profileProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(the file)'}: ${i.message}`);
}
