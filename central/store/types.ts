/**
 * Storage behind the central server. SQLite is the default implementation; the interface is
 * shaped (plain async methods, no SQL leaking out) so that a PostgreSQL store can be added for
 * multi-campus deployments.
 */
import type { AlertRecord } from './alert-history.js';
import type { PaymentLedger } from './payment-ledger.js';
import type { Reconciliations } from './reconciliations.js';
import type { StationHistory } from './heartbeat-history.js';
import type { ReprintDataRequest } from './reprint-data.js';
import type {
  Alert,
  AuthorizeRequest,
  AuthorizeResponse,
  CardLookupResponse,
  JobReport,
  ReleaseInfo,
  ReportResult,
  SettingsRelease,
  SignedRelease,
  TerminalHealth,
} from '../../shared/central-api.js';
import type { DocumentKind, Language, LocalizedText } from '../../shared/domain.js';
import type { LookupLimits } from '../domain/lookup-limits.js';
import type { Institution } from '../../shared/institution.js';
import type { PeopleSink } from '../people/people-sink.js';
import type { RolloutStore } from './rollout-store.js';
import type { StoredKind } from './kinds.js';
import type { ProofFacts } from './document-verification.js';
import type { SigningKey } from './signing-keys.js';
import type { StaffScope } from '../domain/staff-scope.js';
import type { AuditEvent, AuditFilter, AuditPage } from './audit.js';
import type { MonthFigures, SiteScope } from './monthly-report.js';
import type { WorkingDayCount } from '../domain/working-day.js';
import type { ActionResultRequest } from '../../shared/station-actions.js';
import type { NewStationAction, StationAction } from './station-actions.js';

export type { StoredKind };

export interface Terminal {
  id: string;
  name: string;
}

/** Someone allowed to publish template releases (an admin token, never a terminal's). */
export interface Admin {
  id: string;
  name: string;
}

/** What central read from a release's bytes when it accepted it (central/releases.ts). */
export interface ReleaseHeader {
  id: string;
  version: string;
  kind: DocumentKind;
  language: Language;
}

/** A release with this id and version is already published: a version is immutable, even with the same bytes. */
export class ReleaseExists extends Error {
  override name = 'ReleaseExists';
  constructor(
    readonly id: string,
    readonly version: string,
  ) {
    super(
      `Release ${id} ${version} is already published; a published version never changes, publish a higher version.`,
    );
  }
}

/** A settings release must have a higher version than every one published before it. */
/** How far above the highest published settings version the next may jump (a typo must not use up the range). */
export const MAX_SETTINGS_STEP = 1000;

export class SettingsVersionNotNewer extends Error {
  override name = 'SettingsVersionNotNewer';
  constructor(
    readonly version: number,
    readonly highest: number,
  ) {
    super(
      version > highest
        ? `Settings version ${version} jumps more than ${MAX_SETTINGS_STEP} above version ${highest}, the highest published; publish ${highest + 1} (a typo here would block every later version).`
        : `Settings version ${version} is not newer than version ${highest}, the highest published; publish a version above ${highest}.`,
    );
  }
}

/** What central answers when it stored a settings release. */
export interface PublishedSettings {
  version: number;
  /** Hex SHA-256 of the release bytes. */
  sha256: string;
}

export interface IssuedDocument {
  jobId: string;
  terminalId: string;
  personId: string;
  kind: DocumentKind;
  language: Language;
  copies: number;
  serial: string;
  verificationCode: string;
  issuedAt: string;
  status: 'authorized' | 'printed' | 'failed' | 'cancelled';
  /** How many reports changed this document: 0 before its first report, then 1 forever (counted once). */
  reportCount: number;
  pages: number | null;
  finishedAt: string | null;
  /** A staff reprint names the document it replaces, and that one names its reprint. */
  reprintOf: string | null;
  reprintedAs: string | null;
}

/** What the public verification page may know about a document; the page masks `holderName`. */
export interface VerificationRecord {
  serial: string;
  kind: DocumentKind;
  language: Language;
  issuedAt: string;
  terminalId: string;
  status: IssuedDocument['status'];
  holderName: string;
  /** The kind's titles as it was issued (null: a kind central never held). */
  title: LocalizedText | null;
  /** The last day it vouches for its holder (`YYYY-MM-DD`, the institution's timezone), from the kind's validity; null as for `title`. */
  validUntil: string | null;
}

export interface HeartbeatInfo {
  outOfService: boolean;
  backlog: number;
  backlogOldestS?: number | null | undefined;
  /** Stored when present; a heartbeat without it keeps the health stored before. */
  health?: TerminalHealth | undefined;
  /** The station's clock when it sent the heartbeat: central keeps its offset (heartbeat-history.ts). */
  terminalTime?: string | undefined;
  software?: { version: string } | undefined;
}

/** What central knows about a terminal (for operators and tests). */
export interface TerminalState {
  id: string;
  name: string;
  revoked: boolean;
  lastHeartbeat: string | null;
  outOfService: boolean | null;
  backlog: number | null;
  backlogOldestS: number | null;
  /** The station's clock minus central's at its last heartbeat, in ms (null: never said). */
  clockOffsetMs?: number | null;
  /** The kiosk software version its last heartbeat said (null: never said). */
  softwareVersion?: string | null;
  /** Where it stands (`campus/building`, issue #18), or null: not placed yet. */
  site?: string | null;
}

/** A terminal's state with the health of its last heartbeat that carried one (null if none, or unreadable). */
/** A staff PIN check: the staff member, or a wrong PIN with the tries left at that source, or a wait. */
export type StaffPinCheck =
  | { ok: true; staff: { id: string; name: string } }
  | { ok: false; state: 'wrong'; triesLeft: number }
  | { ok: false; state: 'locked' | 'slowed'; retryAfterS: number };

/** A staff member as a single sign-on finds them (central/routes/cas.ts). */
/** How a dashboard sign-in was made, for its audit event: staff card and PIN, or the single sign-on. */
export interface SignInVia {
  method: 'card' | 'cas';
  address: string;
}

export interface SignOnStaff {
  id: string;
  name: string;
  /** False for a staff member who is a person central deactivated: no session. */
  active: boolean;
}

export interface TerminalRecord extends TerminalState {
  health: TerminalHealth | null;
  /** Its last working day: slots online and in service, and documents printed (central/domain/working-day.ts). */
  workingDay?: WorkingDayCount;
  /** Recent PIN guessing or card lookups above the limits from this terminal (security-alerts.ts). */
  securityAlerts?: { cause: string; message: LocalizedText }[];
}

export class AuthorizationRefused extends Error {
  override name = 'AuthorizationRefused';
  constructor(
    /** `no_card_lookup`: the person's card was not looked up on this terminal recently enough (docs/central.md). */
    readonly code:
      | 'unknown_person'
      | 'not_eligible'
      | 'quota_used_up'
      | 'job_conflict'
      | 'no_card_lookup'
      // The station's data digest is not that of the data central's records give now (issue #15).
      | 'records_changed'
      // A reprint without a live staff grant of this terminal, or without a reason (issue #12, finding 7).
      | 'staff_required',
    message: string,
  ) {
    super(message);
  }
}

/** Also where imported people go (PeopleSink: upsertPeople, deactivateMissing). */
export interface CentralStore extends PeopleSink, RolloutStore {
  /** Central's append-only payment ledger and the job facts it needs (payment-ledger.ts, issue #17). */
  readonly payments: PaymentLedger;
  /** The nightly payment reconciliation's days (issue #17). */
  readonly reconciliations: Reconciliations;
  terminalByToken(token: string): Promise<Terminal | null>;
  /** Creates or replaces a terminal and returns its new token (only the hash is stored). */
  enrollTerminal(id: string, name: string, by?: string, site?: string): Promise<string>;
  /** Revokes a terminal's token now (refused for an unknown or already revoked one: StationsRefused). */
  revokeTerminal(id: string, by?: string, reason?: string): Promise<void>;
  /** Central's audit (central/store/audit.ts, issue #18): an act done outside a store transaction, and the search. */
  recordAudit(event: AuditEvent): Promise<void>;
  searchAudit(filter: AuditFilter): Promise<AuditPage>;
  /** A month's report figures between two instants, for the stations a scope sees (central/store/monthly-report.ts). */
  monthFigures(from: string, to: string, scope: SiteScope): Promise<MonthFigures>;
  lookupCard(card: string): Promise<CardLookupResponse | null>;
  /**
   * `university` and the blocks the kind reads (its `fields`), for any kind and audience; null for an
   * unknown or disabled kind, an inactive person, one outside the kind's audience or status, or one
   * whose record lacks a block the kind reads.
   */
  documentData(personId: string, kind: DocumentKind, language: Language): Promise<Record<string, unknown> | null>;
  /** The data a staff reprint prints (reprint-data.ts); throws AuthorizationRefused without a live staff grant. */
  reprintData(terminalId: string, req: ReprintDataRequest): Promise<Record<string, unknown> | null>;
  /** The kind with this id as in force (disabled ones too), or null when central never held it. */
  kindDefinition(id: string): Promise<StoredKind | null>;
  /** Every kind central holds, disabled ones too, in catalog order. */
  kinds(): Promise<StoredKind[]>;
  /**
   * Idempotent per job id: the same terminal authorizing the same request again gets the first answer.
   * With `cardLookupWithinMs`, a new job (not a replay, not a staff reprint) needs a lookup of the
   * person's card by this terminal within that time. Throws AuthorizationRefused.
   */
  authorize(
    terminalId: string,
    request: AuthorizeRequest,
    options?: { cardLookupWithinMs?: number },
  ): Promise<AuthorizeResponse>;
  /** Records that this terminal looked up this person's card just now. */
  recordCardLookup(terminalId: string, personId: string): Promise<void>;
  /** Takes a card lookup from the terminal's allowance: 0, or the seconds to wait (lookup-limits.ts). */
  takeCardLookup(terminalId: string, limits: LookupLimits): Promise<number>;
  /** Counts a lookup of an unknown card against the terminal's smaller allowance for misses. */
  recordLookupMiss(terminalId: string, limits: LookupLimits): Promise<void>;
  /** Whether this terminal looked up this person's card within the last `withinMs`. */
  cardLookedUp(terminalId: string, personId: string, withinMs: number): Promise<boolean>;
  /** Whether the card-lookup binding is waived for now: the first day after an existing database was upgraded to it. */
  inCardLookupGrace(): Promise<boolean>;
  /** Whether this terminal holds a document of this person, kind and language that is authorized and not yet reported. */
  hasAuthorizedDocument(terminalId: string, personId: string, kind: DocumentKind, language: Language): Promise<boolean>;
  /** Idempotent per job id: a job reported twice is confirmed again but counted once. */
  report(terminalId: string, reports: JobReport[]): Promise<ReportResult[]>;
  /** The staff member a single sign-on user id names (their staff id, a teacher's work number), or null. */
  staffForSignOn(userId: string): Promise<SignOnStaff | null>;
  /** A dashboard session for `staff` lasting `ttlMs`; answers its token (staff-sessions.ts). */
  createStaffSession(staff: { id: string; name: string }, ttlMs: number, via?: SignInVia): Promise<string>;
  /** The staff member of an unexpired dashboard session, or null. */
  staffSession(token: string): Promise<{ id: string; name: string } | null>;
  endStaffSession(token: string): Promise<void>;
  /** Times (ms) of failed dashboard sign-ins from `address` since `sinceMs`, oldest first (sign-in-guards.ts). */
  signInFailures(address: string, sinceMs: number): Promise<number[]>;
  /** Records a failed sign-in from `address` at `atMs`, dropping every failure before `forgetBeforeMs`. */
  recordSignInFailure(address: string, atMs: number, forgetBeforeMs: number): Promise<void>;
  clearSignInFailures(address: string): Promise<void>;
  /** Records a presented CAS ticket's digest: false when it was presented before (at any instance). */
  firstUseOfCasTicket(digest: string, atMs: number, forgetBeforeMs: number): Promise<boolean>;
  /** Opens a CAS sign-in mark's digest until `expiresMs`, keeping at most `maxOpen` open. */
  openCasSignIn(digest: string, nowMs: number, expiresMs: number, maxOpen: number): Promise<void>;
  /** Closes a CAS sign-in mark: true when it was open and unexpired (once, at any instance). */
  takeCasSignIn(digest: string, nowMs: number): Promise<boolean>;
  /** A staff member's role, sites and whether disabled (central/domain/staff-scope.ts), or null. */
  staffScope(staffId: string): Promise<StaffScope | null>;
  /** Checks a staff card's maintenance PIN. */
  verifyStaff(card: string, pin: string): Promise<{ id: string; name: string } | null>;
  /** The same from a source (`terminal:<id>`, `address:<ip>`), saying why a PIN was refused (staff-lockout.ts). */
  checkStaffPin(card: string, pin: string, source: string): Promise<StaffPinCheck>;
  /** A short-lived grant for reprints on this terminal, after its staff PIN check passed (staff-grants.ts). */
  issueStaffGrant(
    terminalId: string,
    staffId: string,
    options?: { forAction?: string },
  ): Promise<{ token: string; expiresAt: string }>;
  /** Recent alerts raised by dashboard sign-ins (staff PINs guessed from an address), for the dashboard. */
  signInAlerts(): Promise<Alert[]>;
  heartbeat(terminalId: string, at: string, info: HeartbeatInfo): Promise<void>;
  terminalState(terminalId: string): Promise<TerminalState | null>;
  /** Every terminal (revoked ones too), by id, with its stored health. */
  terminals(): Promise<TerminalRecord[]>;
  /** A station's heartbeat slots and printed documents from `since` (ISO) on, for its page (heartbeat-history.ts). */
  stationHistory(terminalId: string, since: string): Promise<StationHistory>;
  /** A station's alerts open now or raised or cleared since `since` (ISO), newest first (alert-history.ts). */
  recentAlerts(terminalId: string, since: string): Promise<AlertRecord[]>;
  document(jobId: string): Promise<IssuedDocument | null>;
  /** For the public verification page: the document a printed verification code belongs to. */
  documentByVerificationCode(code: string): Promise<IssuedDocument | null>;
  /** The same, with the holder's name (for the page to mask) instead of internal ids. */
  verificationRecord(code: string): Promise<VerificationRecord | null>;
  documentsOfTerminal(terminalId: string): Promise<IssuedDocument[]>;
  /** What proves the content of the document with this code (snapshot, digests, revocation, reprint), or null. */
  documentProof(code: string): Promise<ProofFacts | null>;
  /** Counts one view of the verification page for the document with this code. */
  countVerificationView(code: string): Promise<void>;
  /** Registers a station's public signing key (central/store/signing-keys.ts). Throws SigningKeyRefused. */
  registerSigningKey(terminalId: string, publicKeyPem: string): Promise<{ keyId: string; registeredAt: string }>;
  /** Every registered station key, revoked ones too. */
  signingKeys(): Promise<SigningKey[]>;
  /** The institution profile in force (the demo university when none was set; docs/data.md). */
  institution(): Promise<Institution>;
  /** Stores a validated profile as a new version, recording who set it; returns the version. */
  setInstitution(institution: Institution, setBy: string): Promise<number>;
  adminByToken(token: string): Promise<Admin | null>;
  /** Creates or replaces an admin and returns its new token (only the hash is stored). */
  enrollAdmin(id: string, name: string): Promise<string>;
  revokeAdmin(id: string): Promise<void>;
  /**
   * Stores a signed release unchanged, with `header` read from its bytes; with `toGroup`, only that
   * group's terminals see it until it is promoted. Throws ReleaseExists, RolloutRefused (an empty group).
   */
  publishRelease(
    signed: SignedRelease,
    header: ReleaseHeader,
    publishedBy: string,
    options?: { toGroup?: string | null },
  ): Promise<ReleaseInfo>;
  /** The highest version (numeric semver order) of every template id, by id. */
  latestReleases(): Promise<ReleaseInfo[]>;
  /** A release exactly as it was published, or null. */
  release(id: string, version: string): Promise<SignedRelease | null>;
  /** Stores a signed settings release unchanged, with `release` read from its bytes. Throws SettingsVersionNotNewer. */
  publishSettings(signed: SignedRelease, release: SettingsRelease, publishedBy: string): Promise<PublishedSettings>;
  /** The highest-version settings release addressed to this terminal or to `*`, exactly as published, or null. */
  currentSettingsFor(terminalId: string): Promise<SignedRelease | null>;
  /** Remote actions (issue #18; central/store/station-actions.ts): staff ask, the heartbeat carries, the station answers. */
  requestStationAction(action: NewStationAction): Promise<StationAction>;
  deliverStationActions(terminalId: string): Promise<StationAction[]>;
  recordStationActionResult(terminalId: string, result: ActionResultRequest): Promise<'recorded' | 'already' | null>;
  stationAction(id: string): Promise<StationAction | null>;
  stationActions(terminalId: string, limit?: number): Promise<StationAction[]>;
  stationActionScreenshot(id: string): Promise<Buffer | null>;
  close(): Promise<void>;
}
