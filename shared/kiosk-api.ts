/**
 * The one API contract between the kiosk UI (renderer) and the kiosk core.
 *
 * Both transports carry exactly these methods and events: Electron IPC through the preload
 * (channel `estation:<method>`), and the loopback WebSocket of web mode. The core validates every
 * input against these schemas; the renderer derives its types from them.
 */
import { z } from 'zod';
import { CatalogItem, DocumentKind, Language, LocalizedText, Person, Purpose } from './domain.js';
import { JobStatus } from './jobs.js';
import type { KioskEventNameList, KioskMethodNameList } from './kiosk-channels.js';
import { KIOSK_ERROR_CODES, SESSION_REJECTIONS } from './kiosk-errors.js';
import { CardBalance } from './central-api.js';

export const DeviceState = z.enum(['connected', 'disconnected', 'error']);

export const KioskStatus = z.object({
  terminalId: z.string(),
  terminalName: z.string(),
  branding: z.object({
    campusName: LocalizedText,
    primaryColor: z.string(),
    logoDataUrl: z.string().optional(),
  }),
  defaultLanguage: Language,
  demo: z.boolean(),
  central: z.enum(['online', 'offline', 'unknown']),
  /** The central address in use, when the station has several (central.url as a list; failover). */
  centralUrl: z.string().optional(),
  reader: z.object({ state: DeviceState, message: z.string().optional() }),
  printer: z.object({
    state: z.enum(['ready', 'busy', 'stopped', 'unknown']),
    message: LocalizedText.optional(),
    /** Paper and toner levels as the printer reports them (percent, null when unknown). */
    supplies: z.array(z.object({ name: z.string(), percent: z.number().nullable() })).optional(),
    /** A warning that does not stop printing yet (e.g. paper low). */
    warning: LocalizedText.optional(),
  }),
  queue: z.object({ backlog: z.number().int(), oldestAgeS: z.number().nullable() }),
  /** True when students cannot be served; `reasons` says why, in both languages. */
  outOfService: z.boolean(),
  reasons: z.array(LocalizedText),
  idleTimeoutS: z.number().int(),
  /** Seconds the done screen counts down before it signs the student out. */
  doneCountdownS: z.number().int().optional(),
  /** Seconds the "Still there?" prompt counts down before the session ends. */
  stillTherePromptS: z.number().int().optional(),
  /** The station prints a receipt with the serials after each request (the done screen says so). */
  receipt: z.boolean().optional(),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

export const SessionRejection = z.enum(SESSION_REJECTIONS);
export type SessionRejection = z.infer<typeof SessionRejection>;

/**
 * What the student's screen shows of the person central sent: a view of the shared `Person` schema,
 * so a field added there is one word here (and never a hand-kept copy that silently drops it).
 */
export const SessionPerson = Person.pick({ name: true, nameLatin: true, role: true, studentNumber: true });
export type SessionPerson = z.infer<typeof SessionPerson>;

export const SessionView = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  z.object({
    state: z.literal('active'),
    sessionId: z.string(),
    person: SessionPerson,
    catalog: z.array(CatalogItem),
    /** Page count per `kind/language`, filled in once the core has prepared the preview. */
    pages: z.record(z.string(), z.number().int()).optional(),
    /** The person is also maintenance staff: the screen offers maintenance mode (their PIN next). */
    canMaintain: z.boolean().optional(),
    /** The campus-card money when fees apply (issue #17): the documents screen shows it. */
    balance: CardBalance.optional(),
  }),
  z.object({
    state: z.literal('rejected'),
    reason: SessionRejection,
    sessionId: z.string(),
    /** With `staff_locked`: seconds until PIN entry is allowed again. */
    retryInS: z.number().int().optional(),
  }),
  /** A staff card was tapped: the PIN keypad is shown. The card number stays in the core. */
  z.object({ state: z.literal('staff_pin'), sessionId: z.string(), attemptsLeft: z.number().int() }),
  /** Maintenance mode: a staff member entered the right PIN. */
  z.object({ state: z.literal('maintenance'), sessionId: z.string(), staffName: z.string() }),
]);
export type SessionView = z.infer<typeof SessionView>;

export const JobView = z.object({
  jobId: z.string(),
  kind: DocumentKind,
  language: Language,
  copies: z.number().int(),
  status: JobStatus,
  serial: z.string().nullable(),
  error: LocalizedText.nullable(),
  /** Why the job failed, when the student's screen has a notice for it (`records_changed`). */
  errorCode: z.enum(KIOSK_ERROR_CODES).optional(),
  /**
   * What the job costs the student, in fen (issue #17): central's charge once it printed, 0 when it ended
   * without printing (nothing is charged), null while that is not known yet.
   */
  chargedCents: z.number().int().min(0).nullable().optional(),
});
export type JobView = z.infer<typeof JobView>;

export const PrintItem = z.object({
  kind: DocumentKind,
  language: Language,
  copies: z.number().int().min(1).max(20),
  /** The id of the purpose (用途) picked among the catalog item's `purposes`; none: the general one. */
  purpose: Purpose.shape.id.optional(),
});
export type PrintItem = z.infer<typeof PrintItem>;

const Empty = z.object({}).strict();

const Ok = z.object({ ok: z.literal(true) });

/** A preview of exactly the PDF that will print, except for the serial and verification code (see docs/ui.md). */
export const PreviewView = z.object({
  kind: DocumentKind,
  language: Language,
  pages: z.number().int(),
  /** The PDF, base64. */
  pdfBase64: z.string(),
  /** The serial and verification code are placeholders: central assigns them when the student commits. */
  placeholders: z.object({ serial: z.string(), verificationCode: z.string() }),
  /** True when figures the kind marks sensitive (an income) are hidden on screen; the paper shows them. */
  masked: z.boolean().optional(),
});
export type PreviewView = z.infer<typeof PreviewView>;

/** A job staff must look at: it waits for a decision (`needs_attention`), or central contradicted it (`flag`). */
export const AttentionJob = z.object({
  jobId: z.string(),
  status: JobStatus,
  /** What central contradicted, in the kiosk's words; null when the job only waits for a decision. */
  flag: z.string().nullable(),
  kind: DocumentKind,
  /** What the document is called (its template's title), for staff. */
  title: z.string(),
  language: Language,
  copies: z.number().int(),
  serial: z.string().nullable(),
  createdAt: z.string(),
  lastEvent: z.string().nullable(),
  events: z.array(
    z.object({ at: z.string(), from: JobStatus.nullable(), to: JobStatus, detail: z.string().nullable() }),
  ),
});
export type AttentionJob = z.infer<typeof AttentionJob>;

export const MaintenanceView = z.object({
  staffName: z.string(),
  printer: z.object({
    id: z.string(),
    state: z.string(),
    acceptingJobs: z.boolean(),
    conditions: z.array(z.object({ keyword: z.string(), severity: z.string(), message: LocalizedText })),
    supplies: z.array(z.object({ name: z.string(), percent: z.number().nullable() })),
  }),
  readers: z.array(z.object({ readerId: z.string(), state: DeviceState, message: z.string().optional() })),
  central: z.enum(['online', 'offline', 'unknown']),
  /** The central address in use, when the station has several (central.url as a list; failover). */
  centralUrl: z.string().optional(),
  queue: z.object({ backlog: z.number().int(), oldestAgeS: z.number().nullable(), open: z.number().int() }),
  attention: z.array(AttentionJob),
  templates: z.array(z.object({ id: z.string(), version: z.string(), kind: DocumentKind, language: Language })),
  /** Templates and settings published at central: whether this station takes them, what it applied, what it refused. */
  publishing: z.object({
    enabled: z.boolean(),
    /** 0: no settings from central, the configuration file only. */
    settingsVersion: z.number().int(),
    lastSyncAt: z.string().nullable(),
    refused: z.array(z.string()),
  }),
  log: z.array(z.string()),
  /** The institution's IANA timezone: every time on the maintenance screen is shown in it. */
  timeZone: z.string(),
});
export type MaintenanceView = z.infer<typeof MaintenanceView>;

/** Reasons staff pick on the keypad screen (no free text on a kiosk); stored in the job's audit trail. */
export const ResolveReason = z.enum([
  'not_printed',
  'printed_badly',
  'paper_jam',
  'student_left',
  'duplicate',
  'other',
]);
export type ResolveReason = z.infer<typeof ResolveReason>;

export const ReadTest = z.object({ readerId: z.string(), cardMasked: z.string(), at: z.string() });
export type ReadTest = z.infer<typeof ReadTest>;

export const DemoFaults = z.object({
  printer: z.enum(['ok', 'media-empty', 'media-jam', 'media-low', 'job-lost', 'hold']),
  central: z.enum(['up', 'down']),
});
export type DemoFaults = z.infer<typeof DemoFaults>;

/** Every method the renderer may call. Inputs are validated by the core before use. */
export const kioskMethods = {
  getStatus: { input: Empty, output: KioskStatus },
  getSession: { input: Empty, output: SessionView },
  endSession: { input: Empty, output: z.object({ ok: z.literal(true) }) },
  /**
   * One print request. `requestId` is generated by the renderer once per confirmation tap and is the
   * idempotency key: repeating the call (double tap, retried IPC) returns the same jobs and prints nothing twice.
   */
  requestPrint: {
    input: z.object({ requestId: z.uuid(), items: z.array(PrintItem).min(1).max(10) }).strict(),
    output: z.object({ jobs: z.array(JobView) }),
  },
  listSessionJobs: { input: Empty, output: z.object({ jobs: z.array(JobView) }) },
  /** Demo mode only: the cards that the demo card buttons tap on the simulated reader. */
  listDemoCards: {
    input: Empty,
    output: z.object({ cards: z.array(z.object({ card: z.string(), label: z.string() })) }),
  },
  /** Demo mode only: tap a card on the simulated reader. */
  simulateSwipe: {
    input: z.object({ card: z.string().min(1).max(64) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /** The student is still active (a tap anywhere): postpones the core's safety-net expiry. */
  touchSession: { input: Empty, output: Ok },
  /**
   * Renders the document for the signed-in student, exactly as it will print but with placeholder serial
   * and verification code. Reserves nothing: no quota, no serial.
   */
  previewDocument: {
    input: z.object({ kind: DocumentKind, language: Language, purpose: Purpose.shape.id.optional() }).strict(),
    output: PreviewView,
  },
  /** A person who is also maintenance staff leaves their documents for the PIN keypad (with the card they tapped). */
  startMaintenance: { input: Empty, output: Ok },
  /** PIN for the staff card that was just tapped (keypad digits only). */
  submitStaffPin: {
    input: z.object({ pin: z.string().regex(/^\d{4,12}$/) }).strict(),
    output: z.object({ ok: z.boolean(), attemptsLeft: z.number().int(), lockedForS: z.number().int().optional() }),
  },
  getMaintenance: { input: Empty, output: MaintenanceView },
  cancelJob: { input: z.object({ jobId: z.string().min(1).max(64), reason: ResolveReason }).strict(), output: Ok },
  reprintJob: {
    input: z.object({ jobId: z.string().min(1).max(64), reason: ResolveReason }).strict(),
    output: z.object({ ok: z.literal(true), newJobId: z.string() }),
  },
  markJobPrinted: { input: z.object({ jobId: z.string().min(1).max(64), reason: ResolveReason }).strict(), output: Ok },
  acknowledgeFlag: {
    input: z.object({ jobId: z.string().min(1).max(64), reason: ResolveReason }).strict(),
    output: Ok,
  },
  testPrint: { input: Empty, output: z.object({ ok: z.literal(true), printerJobId: z.string() }) },
  syncNow: { input: Empty, output: z.object({ ok: z.literal(true), settled: z.number().int() }) },
  /** Demo mode only: make the simulated printer or central misbehave (refused without a simulated reader). */
  simulateFaults: { input: DemoFaults.partial().strict(), output: DemoFaults },
} as const;

export type KioskMethods = typeof kioskMethods;
// Compile-time check: the schema table and the plain name list (used by the preload) agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _methodsMatch: Same<keyof KioskMethods, KioskMethodNameList> = true;
void _methodsMatch;
export type KioskMethodName = keyof KioskMethods;
export type MethodInput<M extends KioskMethodName> = z.input<KioskMethods[M]['input']>;
export type MethodOutput<M extends KioskMethodName> = z.infer<KioskMethods[M]['output']>;

/**
 * The kiosk core as both hosts see it: one method per entry of `kioskMethods`, taking the validated
 * input and answering the output. `KioskCore` declares `implements KioskApi`, so dispatch() can call
 * any method by name without a cast, and a method added to the table must be added to the core.
 */
export type KioskApi = {
  [M in KioskMethodName]: (input: z.output<KioskMethods[M]['input']>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

/** Events the core pushes to the renderer. */
export const kioskEvents = {
  status: KioskStatus,
  session: SessionView,
  job: JobView,
  /** In maintenance mode: a card was read (live read test). The number is masked. */
  readTest: ReadTest,
} as const;
export type KioskEvents = typeof kioskEvents;
const _eventsMatch: Same<keyof KioskEvents, KioskEventNameList> = true;
void _eventsMatch;
export type KioskEventName = keyof KioskEvents;
export type EventPayload<E extends KioskEventName> = z.infer<KioskEvents[E]>;

export { IPC_PREFIX } from './kiosk-channels.js';

/** Every error code the kiosk core (and the hosts in front of it) can answer a method call with. */
export const KioskErrorCode = z.enum(KIOSK_ERROR_CODES);
export type KioskErrorCode = z.infer<typeof KioskErrorCode>;
export { NOTICE_CODES, noticeFor, type NoticeCode } from './kiosk-errors.js';

/** Errors the core returns to the renderer; `code` is stable, `message` is for logs. */
export const ApiError = z.object({ code: KioskErrorCode, message: z.string() });
export type ApiError = z.infer<typeof ApiError>;
