/**
 * HTTP contract of the central server (`/v1/...`), shared by the reference server in `central/`
 * (which validates requests with these schemas and publishes them as OpenAPI) and the kiosk's
 * central client (which validates every answer: a central server that lies is caught here).
 * Every request carries `Authorization: Bearer <terminal token>` (admin routes: an admin token).
 */
import { z } from 'zod';
import { CatalogItem, DocumentKind, Language, LocalizedText, Person, Purpose } from './domain.js';
import { HealthText, healthSizeRefinement } from './health-limits.js';
import { PersonRecord } from './person-record.js';
import { TemplateVersion } from './semver.js';
import {
  ActionResultRequest,
  ActionResultResponse,
  DeliveredAction,
  SCREENSHOT_BASE64_MAX,
} from './station-actions.js';

/** A SHA-256 digest as lower-case hex. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 digest in lower-case hex');

export const CardLookupRequest = z.object({ card: z.string().min(1).max(64) }).strict();
/**
 * The person's campus-card money when central charges through a provider (docs/payments.md; issue #17), in
 * fen: what a new print may take (`availableCents`: the balance less open holds) and the card's balance
 * (null when the provider does not say). Absent when nothing is charged or the provider did not answer.
 */
export const CardBalance = z.object({
  availableCents: z.number().int(),
  balanceCents: z.number().int().nullable(),
});
export type CardBalance = z.infer<typeof CardBalance>;

export const CardLookupResponse = z.object({
  person: Person,
  catalog: z.array(CatalogItem),
  balance: CardBalance.optional(),
});
export type CardLookupResponse = z.infer<typeof CardLookupResponse>;

export const DocumentDataRequest = z
  .object({
    personId: z.string().min(1).max(64),
    kind: DocumentKind,
    language: Language,
    /**
     * A staff reprint's data (issue #12, finding 7): the original's snapshot, for this terminal's original
     * only and with a live staff grant of this terminal (403 `staff_required` otherwise); no card lookup needed.
     */
    reprintOf: z.string().min(1).max(64).optional(),
    staffGrant: z.string().min(16).max(128).optional(),
  })
  .strict();
/** Everything a template needs; its shape is checked against the template's own schema. */
export const DocumentDataResponse = z.object({ data: z.record(z.string(), z.unknown()) });
export type DocumentDataResponse = z.infer<typeof DocumentDataResponse>;

export const AuthorizeRequest = z
  .object({
    jobId: z.string().min(1).max(64),
    personId: z.string().min(1).max(64),
    kind: DocumentKind,
    language: Language,
    copies: z.number().int().min(1).max(20),
    /**
     * Staff reprint of a job whose paper never came out: the new job takes over the original's free
     * copies and charges nothing, so the student does not pay twice. Central refuses it unless the original is
     * this terminal's, for the same person, document and copies, not printed, and not reprinted yet.
     */
    reprintOf: z.string().min(1).max(64).optional(),
    /**
     * With `reprintOf` (issue #12, finding 7): the staff grant /v1/staff/verify gave this terminal, and why
     * staff reprint. Central refuses a reprint without a live grant of this terminal (403 `staff_required`)
     * and records the staff member and reason on the reprint.
     */
    staffGrant: z.string().min(16).max(128).optional(),
    reason: z.string().min(1).max(200).optional(),
    /** The purpose (用途) the person picked, by id; it prints on the document and central records it. */
    purpose: Purpose.shape.id.optional(),
    /**
     * SHA-256 (lib/canonical-json.ts dataDigest) of the document data the station got from documentData and
     * will print. Central keeps the data its records give now as the document's snapshot (what the
     * verification page shows) and refuses with 409 `records_changed` when that is not the data the
     * station holds (the records changed since the preview). Absent (older stations): the snapshot is
     * taken unchecked.
     */
    dataDigest: Sha256Hex.optional(),
  })
  .strict();
export type AuthorizeRequest = z.infer<typeof AuthorizeRequest>;
/**
 * A document's serial as central issues it (central/store/sqlite.ts nextSerial): `<prefix>-<year>-<counter>`,
 * the prefix 1-16 capital letters and digits starting with a letter (`DU` by default), the counter at
 * least six digits (zero-padded), e.g. `DU-2026-000123`. Printed on the document and unique per document.
 */
export const DocumentSerial = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{0,15}-\d{4}-\d{6,12}$/, 'not a serial as central issues them (e.g. DU-2026-000123)');
/**
 * A verification code as central issues it (newVerificationCode): the document kind's code prefix (1-3
 * capital letters, shared/document-kind.ts `codePrefix`), then three groups of four Crockford base-32
 * characters. Codes issued before kinds were data have no prefix.
 */
export const VerificationCode = z
  .string()
  .regex(
    /^(?:[A-Z]{1,3}-)?[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
    'not a verification code as central issues them (e.g. T-7KQ2-M9XD-4HPT)',
  );
/** Checked strictly: the kiosk prints the serial and the verification code on an official document. */
export const AuthorizeResponse = z.object({
  jobId: z.string().min(1).max(64),
  serial: DocumentSerial,
  verificationCode: VerificationCode,
  issuedAt: z.string(),
  chargedCents: z.number().int().min(0),
  /** How many days the document vouches for its holder (its kind's `validityDays`); the QR code expires then. */
  validDays: z.number().int().min(1).max(3650).optional(),
});
export type AuthorizeResponse = z.infer<typeof AuthorizeResponse>;

export const JobReport = z
  .object({
    jobId: z.string().min(1).max(64),
    serial: z.string().min(1).max(64),
    outcome: z.enum(['printed', 'failed', 'cancelled']),
    pages: z.number().int().min(0).max(1000),
    copies: z.number().int().min(1).max(20),
    finishedAt: z.string().max(40),
    detail: z.string().max(500).optional(),
    /** Printed: SHA-256 of the PDF file as the station sent it to the printer (the verification page's upload check compares it byte for byte). */
    fileSha256: Sha256Hex.optional(),
    /** Printed: the render's content digest (template id@version and canonical data; its first 128 bits are in the signed QR payload). */
    contentDigest: Sha256Hex.optional(),
  })
  .strict();
export type JobReport = z.infer<typeof JobReport>;
export const ReportRequest = z.object({ reports: z.array(JobReport).min(1).max(100) }).strict();
export const ReportResult = z.object({
  jobId: z.string(),
  result: z.enum(['confirmed', 'rejected']),
  reason: z.string().optional(),
});
export type ReportResult = z.infer<typeof ReportResult>;
export const ReportResponse = z.object({ results: z.array(ReportResult) });

/** A template version a station gave up on (it failed to render) and the version it uses instead. */
export const TemplateFallback = z
  .object({
    kind: DocumentKind,
    language: Language,
    failed: z.object({ id: z.string().max(64), version: z.string().max(20) }).strict(),
    using: z.object({ id: z.string().max(64), version: z.string().max(20) }).strict(),
    error: z.string().max(300),
    at: z.string().max(40),
  })
  .strict();
export type TemplateFallback = z.infer<typeof TemplateFallback>;

/**
 * The kiosk browser in web mode: `running`, `restarting` after it exited or its page stopped answering,
 * or `given-up` after too many restarts in a row (the station is then out of service until its service
 * is restarted). `restarts` counts every restart since the kiosk started.
 */
export const ScreenHealth = z
  .object({
    state: z.enum(['running', 'restarting', 'given-up']),
    restarts: z.number().int().min(0),
    lastRestart: z
      .object({ at: z.string().max(40), reason: z.enum(['browser-exited', 'page-unresponsive']) })
      .strict()
      .optional(),
  })
  .strict();
export type ScreenHealth = z.infer<typeof ScreenHealth>;

/** What a terminal's devices say, sent with every heartbeat, for the staff dashboard and its alerts. */
export const TerminalHealth = z
  .object({
    printer: z
      .object({
        state: z.enum(['idle', 'processing', 'stopped', 'unknown']),
        acceptingJobs: z.boolean(),
        conditions: z
          .array(
            z
              .object({
                keyword: z.string().max(64),
                severity: z.enum(['report', 'warning', 'error']),
                message: HealthText,
              })
              .strict(),
          )
          .max(20),
        supplies: z
          .array(z.object({ name: z.string().max(64), percent: z.number().min(0).max(100).nullable() }).strict())
          .max(20),
      })
      .strict(),
    readers: z
      .array(
        z
          .object({
            id: z.string().max(64),
            state: z.enum(['connected', 'disconnected', 'error']),
            message: z.string().max(300).optional(),
          })
          .strict(),
      )
      .max(10),
    /** Why students cannot be served right now, in both languages (empty when in service). */
    reasons: z.array(HealthText).max(10),
    templates: z.array(z.object({ id: z.string().max(64), version: z.string().max(20) }).strict()).max(50),
    /**
     * Templates this station stopped using by itself because a newly activated version failed to render
     * (main/core/template-fallback.ts): central raises an alert for each (docs/templates.md, "Publishing safely").
     */
    templateFallbacks: z.array(TemplateFallback).max(50).optional(),
    /** Web mode: the kiosk browser as the host's watchdog keeps it (main/web/browser-watchdog.ts). */
    screen: ScreenHealth.optional(),
  })
  .strict()
  .superRefine(healthSizeRefinement);
export type TerminalHealth = z.infer<typeof TerminalHealth>;

export const HeartbeatRequest = z
  .object({
    terminalTime: z.string().max(40),
    outOfService: z.boolean(),
    /** Job reports waiting in the kiosk's outbox, and the age of the oldest in seconds. */
    backlog: z.number().int().min(0),
    backlogOldestS: z.number().int().min(0).nullable().optional(),
    /** Optional so that older terminals keep working; every terminal of this version sends it. */
    health: TerminalHealth.optional(),
    /** The kiosk software (package.json's version), shown on the station's page; optional for older terminals. */
    software: z
      .object({ version: z.string().min(1).max(40) })
      .strict()
      .optional(),
  })
  .strict();
export const HeartbeatResponse = z.object({
  serverTime: z.string(),
  terminalId: z.string(),
  /** The institution's IANA timezone: the station shows every time in it (maintenance screen, receipts). */
  timeZone: z.string().max(64).optional(),
  /** Remote actions staff asked of this station (shared/station-actions.ts), until it answers each by id. */
  actions: z.array(DeliveredAction).max(20).optional(),
});

export const StaffVerifyRequest = z
  .object({ card: z.string().min(1).max(64), pin: z.string().regex(/^\d{4,12}$/) })
  .strict();
/**
 * `ok: false` for a wrong PIN or a card that is not a staff card. Central limits tries per card and
 * terminal: `triesLeft` after a wrong PIN, or `retryAfterS` when the card is locked at this terminal
 * (`locked`) or slowed everywhere (`slowed`). Both optional: older centrals do not send them.
 */
export const StaffVerifyResponse = z.object({
  ok: z.boolean(),
  staff: z.object({ id: z.string(), name: z.string() }).optional(),
  triesLeft: z.number().int().min(0).optional(),
  /** `not_this_site`: the PIN is right, but this staff member may not maintain this station (issue #18). */
  refused: z.enum(['locked', 'slowed', 'not_this_site']).optional(),
  retryAfterS: z.number().int().min(1).optional(),
  /** With `ok: true`: a short-lived grant for staff actions central checks (reprints), bound to this terminal. */
  grant: z.object({ token: z.string().min(16).max(128), expiresAt: z.string() }).optional(),
});

/**
 * A template release as it travels from the admin who signed it, through central, to the kiosks:
 * `release` is the base64url of the release's JSON bytes (templates/engine/release.ts), `signature`
 * the Ed25519 signature of exactly those bytes, `keyId` the publisher key's id. Central stores and
 * serves it unchanged; only kiosks (which trust configured publisher keys) decide whether it is good.
 */
export const SignedRelease = z
  .object({
    release: z
      .string()
      .min(1)
      .max(6_000_000)
      .regex(/^[A-Za-z0-9_-]+$/),
    signature: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/),
    keyId: z.string().min(1).max(64),
  })
  .strict();
export type SignedRelease = z.infer<typeof SignedRelease>;
export const TemplateId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
export { TemplateVersion };
export const ReleaseInfo = z.object({
  id: TemplateId,
  version: TemplateVersion,
  kind: DocumentKind,
  language: Language,
  /** Hex SHA-256 of the release bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: z.string(),
  publishedAt: z.string(),
});
export type ReleaseInfo = z.infer<typeof ReleaseInfo>;
/**
 * A signed instruction to go back to an earlier version of one template (`estation template rollback`):
 * stations that trust the publisher key stop using versions above `to` up to `through` (the highest
 * published when the instruction was signed), although `to` is lower. A later, higher version is new again.
 */
export const TemplateRollback = z
  .object({
    format: z.literal('estation-rollback/1'),
    id: TemplateId,
    to: TemplateVersion,
    through: TemplateVersion,
    issuedAt: z.string().max(40),
  })
  .strict();
export type TemplateRollback = z.infer<typeof TemplateRollback>;
/**
 * The newest published release of every template id that the calling terminal may see (a pilot
 * release only by its group's terminals until promoted; a rolled-back id: its rollback target), and
 * the signed rollback instructions in force (optional: an older central sends none).
 */
export const ListTemplatesRequest = z.object({}).strict();
export const ListTemplatesResponse = z.object({
  releases: z.array(ReleaseInfo),
  rollbacks: z.array(SignedRelease).max(1000).optional(),
});
export const FetchTemplateRequest = z.object({ id: TemplateId, version: TemplateVersion }).strict();
export const FetchTemplateResponse = SignedRelease;

export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** A template release refused by central's checks (422 `release_refused`): each problem, and whose data showed it. */
  problems: z.array(z.object({ person: z.string().nullable(), field: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * Settings that admins publish centrally, signed like template releases (`SignedRelease`, whose
 * `release` then holds a `SettingsRelease`). They override the station's own configuration file for
 * these keys only; a station applies the newest release addressed to it (`terminals`: ids, or `*`).
 */
export const CentralSettings = z
  .object({
    branding: z
      .object({
        campusName: LocalizedText.optional(),
        primaryColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .optional(),
      })
      .strict()
      .optional(),
    session: z
      .object({
        idleTimeoutS: z.number().int().min(10).max(600).optional(),
        doneCountdownS: z.number().int().min(3).max(120).optional(),
      })
      .strict()
      .optional(),
    language: Language.optional(),
    staff: z
      .object({ offlineAccessDays: z.number().int().min(0).max(90).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type CentralSettings = z.infer<typeof CentralSettings>;
export const SettingsRelease = z
  .object({
    format: z.literal('estation-settings/1'),
    /** Increases with every publication; a station never goes back to a lower one. */
    version: z.number().int().min(1).max(2_147_483_647),
    terminals: z.array(z.string().min(1).max(64)).min(1).max(1000),
    settings: CentralSettings,
  })
  .strict();
export type SettingsRelease = z.infer<typeof SettingsRelease>;
export const CurrentSettingsRequest = z.object({}).strict();
/** The newest settings release addressed to the calling terminal (or to `*`), or null. */
export const CurrentSettingsResponse = z.object({ settings: SignedRelease.nullable() });
export const PublishSettingsResponse = z.object({ version: z.number().int(), sha256: z.string() });

/**
 * A station registers the public half of its document-signing key (at enrollment or first start, and after
 * rotating it): central accepts that key's signatures on the verification page at once, with no restart.
 * Registering the same key again is a no-op; a key registered by another terminal is refused (409).
 */
export const RegisterSigningKeyRequest = z
  .object({ publicKey: z.string().min(1).max(1000).describe('SPKI PEM of an Ed25519 public key') })
  .strict();
export const RegisterSigningKeyResponse = z.object({
  /** The key id as printed in payloads (lib/verification.ts keyIdOf). */
  keyId: z.string(),
  registeredAt: z.string(),
});

/** Route table: the server registers exactly these; the client calls exactly these. */
export const centralRoutes = {
  lookupCard: { method: 'POST', path: '/v1/cards/lookup', body: CardLookupRequest, response: CardLookupResponse },
  documentData: {
    method: 'POST',
    path: '/v1/documents/data',
    body: DocumentDataRequest,
    response: DocumentDataResponse,
  },
  authorizeJob: { method: 'POST', path: '/v1/jobs/authorize', body: AuthorizeRequest, response: AuthorizeResponse },
  reportJobs: { method: 'POST', path: '/v1/jobs/report', body: ReportRequest, response: ReportResponse },
  heartbeat: { method: 'POST', path: '/v1/heartbeat', body: HeartbeatRequest, response: HeartbeatResponse },
  verifyStaff: { method: 'POST', path: '/v1/staff/verify', body: StaffVerifyRequest, response: StaffVerifyResponse },
  listTemplates: {
    method: 'POST',
    path: '/v1/templates/list',
    body: ListTemplatesRequest,
    response: ListTemplatesResponse,
  },
  fetchTemplate: {
    method: 'POST',
    path: '/v1/templates/fetch',
    body: FetchTemplateRequest,
    response: FetchTemplateResponse,
  },
  currentSettings: {
    method: 'POST',
    path: '/v1/settings/current',
    body: CurrentSettingsRequest,
    response: CurrentSettingsResponse,
  },
  registerSigningKey: {
    method: 'POST',
    path: '/v1/keys/register',
    body: RegisterSigningKeyRequest,
    response: RegisterSigningKeyResponse,
  },
  /** A remote action's outcome (issue #18); a screenshot makes it the one large body central takes. */
  reportActionResult: {
    method: 'POST',
    path: '/v1/actions/result',
    body: ActionResultRequest,
    response: ActionResultResponse,
    bodyLimit: SCREENSHOT_BASE64_MAX + 64 * 1024,
  },
} as const;

/**
 * Admin routes: `Authorization: Bearer <admin token>` (from `estation central enroll-admin`), never a
 * terminal token. Publishing stores a signed release; a release whose id and version exist is 409.
 */
/** One terminal as the staff dashboard shows it: its last heartbeat, its health, and what needs a person. */
export const Alert = z.object({
  /** Stable per terminal and cause (`<terminal>:<cause>`), so a dashboard can tell new alerts from old. */
  id: z.string(),
  severity: z.enum(['warning', 'error']),
  /** silent | out_of_service | printer | supply | reader | backlog | template | screen | clock | pin_guessing | card_lookups */
  cause: z.string(),
  message: LocalizedText,
});
export type Alert = z.infer<typeof Alert>;
export const TerminalOverview = z.object({
  id: z.string(),
  name: z.string(),
  revoked: z.boolean(),
  lastHeartbeat: z.string().nullable(),
  /** No heartbeat for three intervals (or never). */
  silent: z.boolean(),
  outOfService: z.boolean().nullable(),
  backlog: z.number().nullable(),
  backlogOldestS: z.number().nullable(),
  health: TerminalHealth.nullable(),
  /** The station's clock minus central's at its last heartbeat, in ms, and its software version (null: not said). */
  clockOffsetMs: z.number().nullable().optional(),
  softwareVersion: z.string().nullable().optional(),
  /** Where it stands (`campus/building`, issue #18), or null: not placed yet. */
  site: z.string().nullable().optional(),
  alerts: z.array(Alert),
});
export type TerminalOverview = z.infer<typeof TerminalOverview>;
export const TerminalsResponse = z.object({ generatedAt: z.string(), terminals: z.array(TerminalOverview) });
export type TerminalsResponse = z.infer<typeof TerminalsResponse>;

export const PublishTemplateResponse = z.object({ id: TemplateId, version: TemplateVersion, sha256: z.string() });
/** `estation template promote ID VERSION`: a pilot release goes to every terminal. */
export const PromoteTemplateRequest = z.object({ id: TemplateId, version: TemplateVersion }).strict();
export const PromoteTemplateResponse = z.object({ id: TemplateId, version: TemplateVersion, promotedAt: z.string() });
export const RollbackTemplateResponse = z.object({ id: TemplateId, to: TemplateVersion, sha256: z.string() });
/** `estation template withdraw ID VERSION --reason TEXT`: central stops offering and serving the release. */
export const WithdrawTemplateRequest = z
  .object({ id: TemplateId, version: TemplateVersion, reason: z.string().trim().min(3).max(500) })
  .strict();
export const WithdrawTemplateResponse = z.object({
  id: TemplateId,
  version: TemplateVersion,
  reason: z.string(),
  withdrawnBy: z.string(),
  withdrawnAt: z.string(),
});
export const adminRoutes = {
  publishTemplate: {
    method: 'POST',
    path: '/v1/admin/templates',
    body: SignedRelease,
    response: PublishTemplateResponse,
  },
  publishSettings: {
    method: 'POST',
    path: '/v1/admin/settings',
    body: SignedRelease,
    response: PublishSettingsResponse,
  },
  promoteTemplate: {
    method: 'POST',
    path: '/v1/admin/templates/promote',
    body: PromoteTemplateRequest,
    response: PromoteTemplateResponse,
  },
  /** The body's `release` holds a `TemplateRollback`, signed with a publisher key. */
  rollbackTemplate: {
    method: 'POST',
    path: '/v1/admin/templates/rollback',
    body: SignedRelease,
    response: RollbackTemplateResponse,
  },
  withdrawTemplate: {
    method: 'POST',
    path: '/v1/admin/templates/withdraw',
    body: WithdrawTemplateRequest,
    response: WithdrawTemplateResponse,
  },
} as const;
/** At most this many people in one `POST /v1/admin/people:batch` (docs/data.md, "The batch API"). */
export const MAX_PEOPLE_PER_BATCH = 1000;
/** Canonical records (shared/person-record.ts); each is validated on its own and answered on its own. */
export const PeopleBatchRequest = z
  .object({ people: z.array(PersonRecord).min(1).max(MAX_PEOPLE_PER_BATCH) })
  .strict()
  .meta({ description: 'Up to 1,000 canonical person records; upserted by id, all in one transaction' });
export const BATCH_OUTCOMES = ['created', 'updated', 'unchanged', 'rejected', 'invalid'] as const;
export const PeopleBatchResult = z.object({
  /** The record's place in `people`, from 0. */
  index: z.number().int().min(0),
  /** The record's id, or null when it has none that could be read. */
  id: z.string().nullable(),
  /** `invalid`: the record does not match the canonical record (see `fields`); `rejected`: see `reason`. */
  outcome: z.enum(BATCH_OUTCOMES),
  reason: z.string().optional(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type PeopleBatchResult = z.infer<typeof PeopleBatchResult>;
export const PeopleBatchResponse = z.object({
  results: z.array(PeopleBatchResult),
  /** How many records had each outcome. */
  summary: z.record(z.enum(BATCH_OUTCOMES), z.number().int().min(0)),
});
export type PeopleBatchResponse = z.infer<typeof PeopleBatchResponse>;
/** Admin routes that answer 200 (the publishing routes answer 201). */
export const peopleAdminRoutes = {
  upsertPeople: {
    method: 'POST',
    path: '/v1/admin/people:batch',
    body: PeopleBatchRequest,
    response: PeopleBatchResponse,
  },
} as const;
export type CentralRoutes = typeof centralRoutes;
export type CentralRouteName = keyof CentralRoutes;
