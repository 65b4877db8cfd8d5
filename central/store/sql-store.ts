/**
 * The default central store: one SQLite file (better-sqlite3) under the server's --data folder. It reads
 * and writes; the business rules it applies (quotas, eligibility, reprints, serials, reports) are
 * central/domain/, shared with any other store.
 */
import { originalSnapshotFor, recordReprintStaff, reprintData, type ReprintDataRequest } from './reprint-data.js';
import { checkStaffGrant, issueStaffGrant } from './staff-grants.js';
import { createStaffSession, endStaffSession, staffSession } from './staff-sessions.js';
import * as signInGuards from './sign-in-guards.js';
import { setTerminalSite, staffAccount } from './staff-accounts.js';
import type { StaffScope } from '../domain/staff-scope.js';
import { reprintQuota, reprintRefusal } from '../domain/reprint.js';
import { formatSerial, serialCounter, serialYear } from '../domain/serial.js';
import { SerialBlocks } from './serial-blocks.js';
import { forUpdate } from '../../lib/sql/dialect.js';
import { revokeStation } from './station-enrollment.js';
import { chargeFor } from '../domain/quota.js';
import { itemRefusal, kindRefusal, type Refusal } from '../domain/authorize.js';
import { freeCopiesBack, reportVerdict } from '../domain/report.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { checkPin, hashPin } from '../../lib/pin-hash.js';
import { isUniqueViolation, ROW_LOCKS, type Sql, type SqlDatabase } from '../../lib/sql/types.js';
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
  TemplateRollback,
} from '../../shared/central-api.js';
import { validUntil } from '../../shared/document-kind.js';
import type { DocumentKind, Language, PersonStatus, Role } from '../../shared/domain.js';
import type { Institution } from '../../shared/institution.js';
import type { PersonRecord } from '../../shared/person-record.js';
import type { KindDefinition } from '../../shared/document-kind.js';
import { builtinKinds } from '../kinds/builtin.js';
import { kioskPerson, kioskStaff } from '../people/kiosk-person.js';
import type { PeopleSink, UpsertResult } from '../people/people-sink.js';
import type { RolloutStore } from './rollout-store.js';
import type { SeedPerson } from '../seed/demo.js';
import { cardLookedUp, cardLookupGraceUntil, hasAuthorizedDocument, recordCardLookup } from './card-lookups.js';
import { lookedUpWithin, windowText } from '../domain/card-binding.js';
import { catalogOf, catalogWith, kindBlocks, quotaUsedIn, servableKind } from './catalog.js';
import { ConfigCache, kindNow, termAt } from './config-cache.js';
import { TokenCache } from './token-cache.js';
import { setInstitution } from './institution.js';
import { currentKind, currentKinds, kindAsIssued, prepareKinds, type StoredKind } from './kinds.js';
import { countView, proofFacts, snapshotOf, type ProofFacts } from './document-verification.js';
import { SigningKeys } from './signing-keys.js';
import {
  cardHolders,
  adoptLegacyPersons,
  deactivateMissing,
  holderName,
  personAndLookup,
  personById,
  putStaff,
  setStaffPinHash,
  staffByCard,
  upsertPeople,
} from './people.js';
import { latestReleases, releaseOf } from './releases.js';
import { logReport } from './report-log.js';
import { PaymentLedger } from './payment-ledger.js';
import { Reconciliations } from './reconciliations.js';
import * as rollout from './rollout.js';
import { currentSettingsFor, insertSettings } from './settings.js';
import { currentCalendar, giveBackQuota, setCalendar, useQuota } from './terms.js';
import type { Calendar } from '../domain/terms.js';
import { recordHeartbeatHistory, stationHistory, workingDayCounts, type StationHistory } from './heartbeat-history.js';
import { lastWorkingDay, type WorkingDayCount } from '../domain/working-day.js';
import { allTerminals, recordHeartbeat, terminalState } from './terminals.js';
import { hashToken, newSecretToken } from './tokens.js';
import { recentAlerts } from './alert-history.js';
import { universityBlock } from './university-block.js';
import { clearPinFailures, pinGate, recordPinFailure } from './staff-lockout.js';
import { recentSecurityAlerts, terminalSource } from './security-alerts.js';
import { recordMiss, takeLookup } from './lookup-limits.js';
import type { LookupLimits } from '../domain/lookup-limits.js';
import { withdrawRelease } from './template-withdrawals.js';
import { appendAudit, searchAudit, type AuditEvent, type AuditFilter, type AuditPage } from './audit.js';
import { monthFigures, type MonthFigures, type SiteScope } from './monthly-report.js';
import { StationActions } from './station-actions.js';
import {
  AuthorizationRefused,
  type Admin,
  type HeartbeatInfo,
  type IssuedDocument,
  type PublishedSettings,
  type ReleaseHeader,
  type Terminal,
  type TerminalRecord,
  type TerminalState,
  type SignInVia,
  type SignOnStaff,
  type StaffPinCheck,
  type VerificationRecord,
} from './types.js';

/**
 * The demo's staff PINs are public (printed in the banner): their hashes are made once per process,
 * not at every seed (tests seed many centrals, each hash costs a noticeable fraction of a second).
 */
const demoPinHashes = new Map<string, string>();
const demoPinHash = (pin: string) => demoPinHashes.get(pin) ?? demoPinHashes.set(pin, hashPin(pin)).get(pin)!;

export { STAFF_PIN_MAX_FAILURES, STAFF_PIN_WINDOW_MS } from '../domain/lockout.js';
let dummyPinHash: string | undefined;
/**
 * Checked against when the card is unknown or not a staff card: the same work, so the same time.
 * Made on first use: a scrypt hash at import would delay every start of central (and of the demo).
 */
const dummyPin = () => (dummyPinHash ??= hashPin('000000'));
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `T-7KQ2-M9XD-4HPT`: the kind's code prefix (a checker sees what kind of document it is), then 60
 * random bits in Crockford base 32. Without a prefix, the form of codes issued before kinds were data.
 */
export function newVerificationCode(bytes = randomBytes(12), prefix?: string): string {
  const chars = [...bytes].map((b) => CROCKFORD[b & 31]).join('');
  return `${prefix ? `${prefix}-` : ''}${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/**
 * The AuthorizationRefused for a rule's refusal (central/domain/authorize.ts). The rules refuse whenever
 * the kind or the catalog item is missing, so a missing one without a refusal is a bug, not a refusal.
 */
function refusedFor(r: Refusal | null): AuthorizationRefused {
  if (!r) throw new Error('central/domain/authorize.ts found nothing to refuse, yet the kind or item is missing');
  return new AuthorizationRefused(r.code, r.message);
}

/** The columns of a document that an authorization answers with. */
interface IssuedRow {
  job_id: string;
  kind: string;
  serial: string;
  verification_code: string;
  issued_at: string;
  charged_cents: number;
}

export interface SqlCentralStoreOptions {
  /** The clock (tests set it). Default: the system's. */
  now?: () => Date;
  /**
   * Serial numbers this instance reserves at a time (serial-blocks.ts). Default 1: each authorization
   * counts its own, gapless, as one SQLite central wants; the PostgreSQL store reserves 20.
   */
  serialBlock?: number;
  /**
   * How long the institution, calendar and kinds last read count as current without asking the
   * database (config-cache.ts). Default 0, every request asks (SQLite: free); the PostgreSQL store 50 ms.
   */
  configRecheckMs?: number;
  /**
   * How long a terminal's token, once found valid, is taken as valid without asking the database
   * (token-cache.ts). Default 0, every request asks; the PostgreSQL store 1,000 ms.
   */
  terminalTokenTtlMs?: number;
}

/** A document's data: the university's block and the kind's blocks of the person's record (null: one is missing). */
function dataFrom(
  p: PersonRecord,
  k: KindDefinition,
  language: Language,
  inst: Institution,
): Record<string, unknown> | null {
  const blocks = kindBlocks(p, k, language);
  return blocks ? { university: universityBlock(inst, k), ...blocks } : null;
}

/** A serial number taken from this instance's block before the authorization's transaction (serial-blocks.ts). */
interface ReservedSerial {
  counter: string;
  value: number;
  /** Set once a statement carried it: it may be in the database then, and is never handed out again. */
  sent: boolean;
}

/**
 * Central's store: every method the server uses, on either database. `CentralStore` (types.ts) is this
 * class's public shape, derived, so a new method is written here once. Also where imported people go
 * (PeopleSink) and what rollouts use (RolloutStore).
 */
export class SqlCentralStore implements PeopleSink, RolloutStore {
  private readonly config: ConfigCache;
  private readonly terminalTokens: TokenCache;
  private graceUntil: Promise<number | null> | null = null;
  /** Central's append-only payment ledger and the job facts it needs (payment-ledger.ts, issue #17). */
  readonly payments: PaymentLedger;
  private readonly serialBlocks: SerialBlocks | null;
  /** The nightly payment reconciliation's days (issue #17). */
  readonly reconciliations: Reconciliations;
  /** The stations' signing keys: register, list, revoke (signing-keys.ts, issue #15). */
  readonly signingKeys: SigningKeys;
  /** Remote actions (issue #18; station-actions.ts): staff ask, the heartbeat carries, the station answers. */
  readonly stationActions: StationActions;

  constructor(
    /** The database, through the Sql interface both stores share (lib/sql/types.ts). */
    readonly sql: SqlDatabase,
    private readonly options: SqlCentralStoreOptions = {},
  ) {
    this.config = new ConfigCache(options.configRecheckMs ?? 0);
    this.terminalTokens = new TokenCache(options.terminalTokenTtlMs ?? 0);
    this.payments = new PaymentLedger(sql, () => this.now());
    this.serialBlocks = (options.serialBlock ?? 1) > 1 ? new SerialBlocks(options.serialBlock!) : null;
    this.reconciliations = new Reconciliations(sql, () => this.now());
    this.signingKeys = new SigningKeys(sql, () => this.now());
    this.stationActions = new StationActions(sql, () => this.now());
  }

  /**
   * What every opening of the store does once its schema is current: the old kind rows adopted (once),
   * every built-in kind central does not hold yet added, and the students of a database from before
   * canonical records adopted (once).
   */
  protected async prepare(): Promise<void> {
    await prepareKinds(this.sql, builtinKinds(), this.now().toISOString());
    await adoptLegacyPersons(this.sql, this.now().toISOString());
  }

  protected now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** The institution profile in force, read through `db` (the store's database or a transaction under way). */
  private inst(db: Sql = this.sql): Promise<Institution> {
    return this.config.get(db).then((c) => c.institution);
  }

  /** Stores demo people: their canonical records as an import would, and the staff with their PINs. */
  async seed(people: readonly SeedPerson[]): Promise<void> {
    const now = this.now().toISOString();
    await upsertPeople(
      this.sql,
      people.flatMap((p) => (p.record ? [p.record] : [])),
      now,
    );
    // Staff, and the teachers who are also maintenance staff (a staff entry with their own id and card).
    const staff = people.flatMap(({ pin, ...p }) =>
      // Staff PINs are stored only as salted scrypt hashes.
      pin ? [{ id: p.id, card: p.card, name: p.name, nameLatin: p.nameLatin, pinHash: demoPinHash(pin) }] : [],
    );
    await putStaff(this.sql, staff, now);
  }

  async upsertPeople(records: readonly PersonRecord[]): Promise<UpsertResult[]> {
    return upsertPeople(this.sql, records, this.now().toISOString());
  }

  async deactivateMissing(seen: ReadonlySet<string>, role: PersonRecord['role']): Promise<string[]> {
    return deactivateMissing(this.sql, seen, role, this.now().toISOString());
  }

  /**
   * A staff card and PIN from a source (a terminal or a dashboard client address): wrong PINs lock the
   * card at that source only, and slow it down everywhere (staff-lockout.ts). Unknown and non-staff
   * cards cost the same hash, so timing does not tell which cards are staff cards.
   */
  async checkStaffPin(card: string, pin: string, source: string): Promise<StaffPinCheck> {
    const now = this.now().getTime();
    const gate = await pinGate(this.sql, card, source, now);
    if (gate.state !== 'open') return { ok: false, ...gate };
    const found = await staffByCard(this.sql, card);
    // A disabled account is checked like an unknown card: the same work, the same answer.
    const p = found && !(await staffAccount(this.sql, found.id))?.disabled ? found : null;
    const stored = p?.pinHash ?? dummyPin();
    const check = checkPin(pin, stored);
    if (check.ok && stored !== dummyPin()) {
      await clearPinFailures(this.sql, card, source);
      // A hash made with weaker parameters (an older version's) is made again now that the PIN is known.
      if (check.stale) await setStaffPinHash(this.sql, p!.id, hashPin(pin));
      return { ok: true, staff: { id: p!.id, name: p!.name } };
    }
    const next = await recordPinFailure(this.sql, card, source, now);
    return next.state === 'open' ? { ok: false, state: 'wrong', triesLeft: next.triesLeft } : { ok: false, ...next };
  }

  /** Recent alerts raised by dashboard sign-ins (staff PINs guessed from an address), for the dashboard. */
  async signInAlerts(): Promise<Alert[]> {
    return (await recentSecurityAlerts(this.sql, this.now().getTime()))
      .filter((a) => a.source.startsWith('address:'))
      .map((a) => ({ id: `${a.source}:${a.cause}`, severity: 'warning', cause: a.cause, message: a.message }));
  }

  /** A short-lived grant for reprints on this terminal, after its staff PIN check passed (staff-grants.ts). */
  async issueStaffGrant(
    terminalId: string,
    staffId: string,
    options: { forAction?: string } = {},
  ): Promise<{ token: string; expiresAt: string }> {
    return this.sql.transaction(async (tx) => {
      const grant = await issueStaffGrant(tx, terminalId, staffId, this.now().getTime());
      // Maintenance opened at the station; a remote action's grant is in the audit as that action.
      if (options.forAction === undefined)
        await this.audited(tx, { actor: staffId, action: 'station.maintenance_opened', terminalId });
      return grant;
    });
  }

  /** Appends an audit event inside `tx`, the transaction doing the act (central/store/audit.ts). */
  private audited(tx: Sql, event: AuditEvent): Promise<number> {
    return appendAudit(tx, event, this.now());
  }

  /** Records an act done outside any store transaction (a sign-in, a refusal, a provider's refund). */
  async recordAudit(event: AuditEvent): Promise<void> {
    await appendAudit(this.sql, event, this.now());
  }

  async searchAudit(filter: AuditFilter): Promise<AuditPage> {
    return searchAudit(this.sql, filter);
  }

  /** A month's report figures between two instants, for the stations a scope sees (central/store/monthly-report.ts). */
  async monthFigures(from: string, to: string, scope: SiteScope): Promise<MonthFigures> {
    return monthFigures(this.sql, from, to, scope);
  }

  /** The staff member a single sign-on user id names (their staff id, a teacher's work number), or null. */
  async staffForSignOn(userId: string): Promise<SignOnStaff | null> {
    const s = await staffAccount(this.sql, userId);
    if (!s) return null;
    // A teacher's staff entry shares their person id: a deactivated teacher signs in no more.
    const person = await personById(this.sql, s.id);
    return { id: s.id, name: s.name, active: !s.disabled && (person ? person.active : true) };
  }

  /** A staff member's role, sites and whether disabled (central/domain/staff-scope.ts), or null. */
  async staffScope(staffId: string): Promise<StaffScope | null> {
    const s = await staffAccount(this.sql, staffId);
    return s && { role: s.role, sites: s.sites, disabled: s.disabled };
  }

  /** A dashboard session for `staff` lasting `ttlMs`; answers its token (staff-sessions.ts). */
  async createStaffSession(staff: { id: string; name: string }, ttlMs: number, via?: SignInVia): Promise<string> {
    const now = this.now().getTime();
    return this.sql.transaction(async (tx) => {
      const token = await createStaffSession(tx, staff, now, now + ttlMs);
      if (via) await this.audited(tx, { actor: staff.id, action: 'staff.sign_in', detail: { ...via } });
      return token;
    });
  }

  /** The staff member of an unexpired dashboard session, or null. */
  async staffSession(token: string): Promise<{ id: string; name: string } | null> {
    return staffSession(this.sql, token, this.now().getTime());
  }

  async endStaffSession(token: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const staffId = await endStaffSession(tx, token);
      if (staffId) await this.audited(tx, { actor: staffId, action: 'staff.sign_out' });
    });
  }

  /** Times (ms) of failed dashboard sign-ins from `address` since `sinceMs`, oldest first (sign-in-guards.ts). */
  signInFailures(address: string, sinceMs: number): Promise<number[]> {
    return signInGuards.signInFailures(this.sql, address, sinceMs);
  }

  /** Records a failed sign-in from `address` at `atMs`, dropping every failure before `forgetBeforeMs`. */
  recordSignInFailure(address: string, atMs: number, forgetBeforeMs: number): Promise<void> {
    return signInGuards.recordSignInFailure(this.sql, address, atMs, forgetBeforeMs);
  }

  clearSignInFailures(address: string): Promise<void> {
    return signInGuards.clearSignInFailures(this.sql, address);
  }

  /** Records a presented CAS ticket's digest: false when it was presented before (at any instance). */
  firstUseOfCasTicket(digest: string, atMs: number, forgetBeforeMs: number): Promise<boolean> {
    return signInGuards.firstUseOfCasTicket(this.sql, digest, atMs, forgetBeforeMs);
  }

  /** Opens a CAS sign-in mark's digest until `expiresMs`, keeping at most `maxOpen` open. */
  openCasSignIn(digest: string, nowMs: number, expiresMs: number, maxOpen: number): Promise<void> {
    return signInGuards.openCasSignIn(this.sql, digest, nowMs, expiresMs, maxOpen);
  }

  /** Closes a CAS sign-in mark: true when it was open and unexpired (once, at any instance). */
  takeCasSignIn(digest: string, nowMs: number): Promise<boolean> {
    return signInGuards.takeCasSignIn(this.sql, digest, nowMs);
  }

  /** checkStaffPin from central itself (its CLI, tests): the staff member, or null. */
  async verifyStaff(card: string, pin: string): Promise<{ id: string; name: string } | null> {
    const answer = await this.checkStaffPin(card, pin, 'central');
    return answer.ok ? answer.staff : null;
  }

  /** A person whose cards work (an active one): the only kind a terminal may print for. */
  private async activePerson(db: Sql, id: string): Promise<PersonRecord | null> {
    const p = await personById(db, id);
    return p?.active ? p.record : null;
  }

  /** The unrevoked terminal or admin holding this token; only SHA-256 hashes of tokens are stored. */
  private async byToken(table: 'terminals' | 'admins', token: string): Promise<{ id: string; name: string } | null> {
    return token ? this.byTokenHash(table, hashToken(token)) : null;
  }

  private async byTokenHash(table: 'terminals' | 'admins', h: string): Promise<{ id: string; name: string } | null> {
    const row = await this.sql.get<{ id: string; name: string; token_hash: string }>(
      `SELECT id, name, token_hash FROM ${table} WHERE token_hash = ? AND revoked_at IS NULL`,
      [h],
    );
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(h))) return null;
    return { id: row.id, name: row.name };
  }

  async terminalByToken(token: string): Promise<Terminal | null> {
    if (!token) return null;
    const h = hashToken(token);
    const cached = this.terminalTokens.get(h);
    if (cached) return cached;
    const found = await this.byTokenHash('terminals', h);
    if (found) this.terminalTokens.set(h, found);
    return found;
  }

  async adminByToken(token: string): Promise<Admin | null> {
    return this.byToken('admins', token);
  }

  /** Enrolls (or enrolls again) a terminal, at `site` if given, audited as `by`'s act; answers its new token (only the hash is stored). */
  async enrollTerminal(id: string, name: string, by = 'central', site?: string): Promise<string> {
    const token = newSecretToken('terminal');
    await this.sql.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO terminals (id, name, token_hash) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, token_hash = excluded.token_hash, revoked_at = NULL',
        [id, name, hashToken(token)],
      );
      if (site !== undefined) await setTerminalSite(tx, id, site);
      await this.audited(tx, { actor: by, action: 'station.enrolled', terminalId: id, target: id });
    });
    this.terminalTokens.clear();
    return token;
  }

  /** Creates or replaces an admin and returns its new token (only the hash is stored). */
  async enrollAdmin(id: string, name: string): Promise<string> {
    const token = newSecretToken('admin');
    await this.sql.run(
      'INSERT INTO admins (id, name, token_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, token_hash = excluded.token_hash, revoked_at = NULL',
      [id, name, hashToken(token), this.now().toISOString()],
    );
    return token;
  }

  async revokeAdmin(id: string): Promise<void> {
    await this.sql.run('UPDATE admins SET revoked_at = ? WHERE id = ?', [this.now().toISOString(), id]);
  }

  /**
   * Stores a signed release unchanged, with `header` read from its bytes; with `toGroup`, only that
   * group's terminals see it until it is promoted. Throws ReleaseExists, RolloutRefused (an empty group).
   */
  async publishRelease(
    signed: SignedRelease,
    header: ReleaseHeader,
    publishedBy: string,
    options: { toGroup?: string | null } = {},
  ): Promise<ReleaseInfo> {
    return this.sql.transaction(async (tx) => {
      const info = await rollout.insertRolloutRelease(
        tx,
        signed,
        header,
        options.toGroup ?? null,
        publishedBy,
        this.now().toISOString(),
      );
      const target = `${header.id}@${header.version}`;
      const detail = { group: options.toGroup ?? null };
      await this.audited(tx, { actor: publishedBy, action: 'template.published', target, detail });
      return info;
    });
  }

  // Rollouts (central/store/rollout.ts).
  async releasesFor(terminalId: string) {
    return rollout.releasesForTerminal(this.sql, terminalId);
  }
  async allReleases() {
    return rollout.allReleases(this.sql);
  }

  async withdrawRelease(id: string, version: string, reason: string, by: string) {
    return this.sql.transaction(async (tx) => {
      const done = await withdrawRelease(tx, id, version, reason, by, this.now().toISOString());
      await this.audited(tx, { actor: by, action: 'template.withdrawn', target: `${id}@${version}`, reason });
      return done;
    });
  }
  async promoteRelease(id: string, version: string, by: string) {
    return this.sql.transaction(async (tx) => {
      const done = await rollout.promoteRelease(tx, id, version, by, this.now().toISOString());
      await this.audited(tx, { actor: by, action: 'template.promoted', target: `${id}@${version}` });
      return done;
    });
  }
  async publishRollback(signed: SignedRelease, r: TemplateRollback, by: string) {
    return this.sql.transaction(async (tx) => {
      const done = await rollout.insertRollback(tx, signed, r, by, this.now().toISOString());
      await this.audited(tx, { actor: by, action: 'template.rolled_back', target: r.id, detail: { ...r } });
      return done;
    });
  }
  async addToGroup(group: string, terminals: string[], by: string) {
    return rollout.addToGroup(this.sql, group, terminals, by, this.now().toISOString());
  }
  async removeFromGroup(group: string, terminals: string[], by: string) {
    return rollout.removeFromGroup(this.sql, group, terminals, by, this.now().toISOString());
  }
  async groups() {
    return rollout.groups(this.sql);
  }
  async peopleToCheck(roles: readonly Role[], statuses: readonly PersonStatus[], limit: number) {
    return rollout.peopleToCheck(this.sql, roles, statuses, limit);
  }

  /** The highest version (numeric semver order) of every template id, by id. */
  async latestReleases(): Promise<ReleaseInfo[]> {
    return latestReleases(this.sql);
  }

  /** A release exactly as it was published, or null. */
  async release(id: string, version: string): Promise<SignedRelease | null> {
    return releaseOf(this.sql, id, version);
  }

  /** Stores a signed settings release unchanged, with `release` read from its bytes. Throws SettingsVersionNotNewer. */
  async publishSettings(
    signed: SignedRelease,
    release: SettingsRelease,
    publishedBy: string,
  ): Promise<PublishedSettings> {
    return this.sql.transaction(async (tx) => {
      const done = await insertSettings(tx, signed, release, publishedBy, this.now().toISOString());
      await this.audited(tx, { actor: publishedBy, action: 'settings.published', target: `settings@${done.version}` });
      return done;
    });
  }

  /** The highest-version settings release addressed to this terminal or to `*`, exactly as published, or null. */
  async currentSettingsFor(terminalId: string): Promise<SignedRelease | null> {
    return currentSettingsFor(this.sql, terminalId);
  }

  /** The institution profile in force (the demo university when none was set; docs/data.md). */
  async institution(): Promise<Institution> {
    return this.inst();
  }

  /** Stores a validated profile as a new version, recording who set it; returns the version. */
  async setInstitution(institution: Institution, setBy: string): Promise<number> {
    const version = await this.sql.transaction(async (tx) => {
      const version = await setInstitution(tx, institution, setBy, this.now().toISOString());
      await this.audited(tx, { actor: setBy, action: 'institution.set', target: `institution@${version}` });
      return version;
    });
    this.config.invalidate();
    return version;
  }

  /** Revokes a terminal's token now, with who and why kept and audited (station-enrollment.ts revokeStation); refused for an unknown or already revoked one (StationsRefused). */
  async revokeTerminal(id: string, by = 'central', reason = 'revoked'): Promise<void> {
    await revokeStation(this.sql, id, { by, reason, at: this.now().toISOString() });
    this.terminalTokens.clear();
  }

  /** The academic calendar in force, or null (free quotas then never reset). */
  termCalendar(): Promise<(Calendar & { version: number; setAt: string }) | null> {
    return currentCalendar(this.sql);
  }

  /** Puts a new academic calendar in force (earlier ones are kept). Throws CalendarInvalid. */
  async setTermCalendar(input: unknown): Promise<{ version: number; calendar: Calendar }> {
    const set = await setCalendar(this.sql, input, this.now().toISOString());
    this.config.invalidate();
    return set;
  }

  /** The kind with this id as in force (disabled ones too), or null when central never held it. */
  async kindDefinition(id: string): Promise<StoredKind | null> {
    return currentKind(this.sql, id);
  }

  /** Every kind central holds, disabled ones too, in catalog order. */
  async kinds(): Promise<StoredKind[]> {
    return currentKinds(this.sql);
  }

  /**
   * Who holds `card` and their catalog; null for a card nobody holds. With `at`, also records that this
   * terminal looked the card up (recordCardLookup), sent with the catalog's read rather than after it: on
   * PostgreSQL the two leave in one write, and the configuration is asked for with the card.
   */
  async lookupCard(card: string, { at }: { at?: string } = {}): Promise<CardLookupResponse | null> {
    const [{ person: p, staff }, config] = await Promise.all([cardHolders(this.sql, card), this.config.get(this.sql)]);
    const person = p ? kioskPerson(p, staff?.id === p.id) : staff ? kioskStaff(staff) : null;
    if (!person) return null;
    const [catalog] = await Promise.all([
      p ? catalogOf(this.sql, p, config.kinds, termAt(config, this.now())) : [],
      at === undefined ? undefined : this.recordCardLookup(at, person.id),
    ]);
    return { person, catalog };
  }

  /**
   * `university` and the blocks the kind reads (its `fields`), for any kind and audience; null for an
   * unknown or disabled kind, an inactive person, one outside the kind's audience or status, or one
   * whose record lacks a block the kind reads.
   */
  async documentData(
    personId: string,
    kind: DocumentKind,
    language: Language,
  ): Promise<Record<string, unknown> | null> {
    return this.dataOf(this.sql, personId, kind, language);
  }

  /**
   * documentData for a station's preview, with whether `terminalId` looked up the person's card within
   * `withinMs` (the caller decides on the binding; data and lookup in one query: a round trip on PostgreSQL).
   */
  async documentDataAt(
    terminalId: string,
    personId: string,
    kind: DocumentKind,
    language: Language,
    withinMs: number,
  ): Promise<{ lookedUp: boolean; data: Record<string, unknown> | null }> {
    const found = await personAndLookup(this.sql, personId, terminalId);
    const lookedUp = lookedUpWithin(found?.lookedUpAtMs, this.now().getTime(), withinMs);
    return { lookedUp, data: found?.active ? await this.dataFor(this.sql, found.record, kind, language) : null };
  }

  /** The data a staff reprint prints (reprint-data.ts); throws AuthorizationRefused without a live staff grant. */
  async reprintData(terminalId: string, req: ReprintDataRequest): Promise<Record<string, unknown> | null> {
    const current = await this.dataOf(this.sql, req.personId, req.kind, req.language);
    return reprintData(this.sql, terminalId, req, this.now().getTime(), current);
  }

  /** documentData, inside a transaction too: the data central's records give now (no time in it: equal records, equal data). */
  private async dataOf(
    db: Sql,
    personId: string,
    kind: DocumentKind,
    language: Language,
  ): Promise<Record<string, unknown> | null> {
    const p = await this.activePerson(db, personId);
    return p ? this.dataFor(db, p, kind, language) : null;
  }

  /** The document data of an active person's record `p`. */
  private async dataFor(
    db: Sql,
    p: PersonRecord,
    kind: DocumentKind,
    language: Language,
  ): Promise<Record<string, unknown> | null> {
    const config = await this.config.get(db);
    const k = servableKind(kindNow(config, kind), p);
    return k ? dataFrom(p, k, language, config.institution) : null;
  }

  /**
   * The next serial of the year (inside the authorization's transaction: a serial is never issued twice):
   * the number `reserved` from this instance's block before the transaction (see authorize), unless the
   * year turned meanwhile, else the counter's next.
   */
  private async nextSerial(
    db: Sql,
    { serialPrefix, timezone }: Institution,
    reserved?: ReservedSerial,
  ): Promise<string> {
    const year = serialYear(this.now(), timezone);
    const name = serialCounter(year);
    const mine = reserved?.counter === name;
    if (mine) reserved.sent = true;
    const value =
      (mine ? reserved.value : null) ??
      (await db.get<{ value: number }>(
        'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value',
        [name],
      ))!.value;
    return formatSerial(serialPrefix, year, value);
  }

  /** `kind`: the kind as it is now, for a document issued just now (else read as it was at issue). */
  private async toAuthorize(db: Sql, d: IssuedRow, kind?: KindDefinition | null): Promise<AuthorizeResponse> {
    // The kind's validity as it was at issue: what the verification page says, the station prints.
    const validDays = (kind === undefined ? await kindAsIssued(db, d.kind, d.issued_at) : kind)?.validityDays;
    return {
      jobId: d.job_id,
      serial: d.serial,
      verificationCode: d.verification_code,
      issuedAt: d.issued_at,
      chargedCents: d.charged_cents,
      ...(validDays ? { validDays } : {}),
    };
  }

  /** Records that this terminal looked up this person's card just now. */
  async recordCardLookup(terminalId: string, personId: string): Promise<void> {
    await recordCardLookup(this.sql, terminalId, personId, this.now().getTime());
  }

  /** Takes a card lookup from the terminal's allowance: 0, or the seconds to wait (lookup-limits.ts). */
  async takeCardLookup(terminalId: string, limits: LookupLimits): Promise<number> {
    return takeLookup(this.sql, terminalId, limits, this.now().getTime());
  }

  /** Counts a lookup of an unknown card against the terminal's smaller allowance for misses. */
  async recordLookupMiss(terminalId: string, limits: LookupLimits): Promise<void> {
    await recordMiss(this.sql, terminalId, limits, this.now().getTime());
  }

  /** Whether this terminal looked up this person's card within the last `withinMs`. */
  async cardLookedUp(terminalId: string, personId: string, withinMs: number): Promise<boolean> {
    return cardLookedUp(this.sql, terminalId, personId, this.now().getTime(), withinMs);
  }

  /** Whether the card-lookup binding is waived for now: the first day after an existing database was upgraded to it. */
  async inCardLookupGrace(): Promise<boolean> {
    // Read once: it never changes after the migrations (cardLookupGraceUntil). A failed read is tried again.
    this.graceUntil ??= cardLookupGraceUntil(this.sql).catch((err: unknown) => {
      this.graceUntil = null;
      throw err;
    });
    const until = await this.graceUntil;
    return until !== null && this.now().getTime() < until;
  }

  /** Whether this terminal holds a document of this person, kind and language that is authorized and not yet reported. */
  async hasAuthorizedDocument(
    terminalId: string,
    personId: string,
    kind: DocumentKind,
    language: Language,
  ): Promise<boolean> {
    return hasAuthorizedDocument(this.sql, terminalId, personId, kind, language);
  }

  /**
   * Idempotent per job id: the same terminal authorizing the same request again gets the first answer.
   * With `cardLookupWithinMs`, a new job (not a replay, not a staff reprint) needs a lookup of the
   * person's card by this terminal within that time. Throws AuthorizationRefused.
   */
  async authorize(
    terminalId: string,
    req: AuthorizeRequest,
    options: { cardLookupWithinMs?: number } = {},
  ): Promise<AuthorizeResponse> {
    // Outside the authorization's transaction, so that it never waits on the counter row (serial-blocks.ts).
    let serial: ReservedSerial | undefined;
    if (this.serialBlocks) {
      const counter = serialCounter(serialYear(this.now(), (await this.inst(this.sql)).timezone));
      serial = { counter, value: await this.serialBlocks.next(this.sql, counter), sent: false };
    }
    try {
      return await this.authorizeRetried(terminalId, req, { ...options, serial });
    } finally {
      // A replay or a refusal issued nothing: the number goes back, unless it reached the database.
      if (serial && !serial.sent) this.serialBlocks?.giveBack(serial.counter, serial.value);
    }
  }

  private async authorizeRetried(
    terminalId: string,
    req: AuthorizeRequest,
    options: { cardLookupWithinMs?: number; serial?: ReservedSerial | undefined },
  ): Promise<AuthorizeResponse> {
    // A first print locks its person's row before it counts their free copies (below), so row locks are
    // enough; a reprint (a staff grant used once, the original's row) stays serializable.
    const isolation = req.reprintOf === undefined ? 'row_locks' : 'serializable';
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sql.transaction((db) => this.authorizeIn(db, terminalId, req, options), {
          isolation,
        });
      } catch (err) {
        // The same job id authorized twice at once (a station's retry racing its first try): the second
        // insert fails on the key, and its next run answers as the replay it is.
        if (isolation !== 'row_locks' || !isUniqueViolation(err) || attempt >= 2) throw err;
      }
    }
  }

  private async authorizeIn(
    db: Sql,
    terminalId: string,
    req: AuthorizeRequest,
    options: { cardLookupWithinMs?: number; serial?: ReservedSerial | undefined },
  ): Promise<AuthorizeResponse> {
    // One term for the whole authorization: the one the catalog was counted in is the one charged.
    const config = await this.config.get(db);
    const term = termAt(config, this.now());
    // A first print's person is read (and locked until this transaction ends: no other authorization
    // counts their free copies meanwhile) with this terminal's lookup of their card, then the free copies
    // they used, read once the lock is held; sent with the replay check, all in one write to PostgreSQL,
    // which runs them in turn. A replay only leaves the row locked a moment.
    const firstPrint = req.reprintOf === undefined;
    const [existing, stored, used] = await Promise.all([
      db.get<
        IssuedRow & {
          terminal_id: string;
          person_id: string;
          kind: string;
          language: string;
          copies: number;
          reprint_of: string | null;
        }
      >('SELECT * FROM documents WHERE job_id = ?', [req.jobId]),
      firstPrint ? personAndLookup(db, req.personId, terminalId, { lock: true }) : undefined,
      firstPrint ? quotaUsedIn(db, req.personId, term) : undefined,
    ]);
    if (existing) {
      // A replay (the kiosk lost the answer) returns the first answer, but only to the terminal that
      // asked first and only for the very same request: the answer holds the document's serial and
      // verification code, which nobody else may learn by sending its job id.
      if (existing.terminal_id !== terminalId)
        throw new AuthorizationRefused('job_conflict', `Job ${req.jobId} was authorized for another terminal.`);
      if (
        existing.person_id !== req.personId ||
        existing.kind !== req.kind ||
        existing.language !== req.language ||
        existing.copies !== req.copies ||
        existing.reprint_of !== (req.reprintOf ?? null)
      ) {
        throw new AuthorizationRefused(
          'job_conflict',
          `Job ${req.jobId} was authorized for another person, document, language, number of copies or reprint.`,
        );
      }
      return this.toAuthorize(db, existing);
    }
    // A staff reprint needs no lookup: it needs an original of this terminal for the same person.
    if (req.reprintOf !== undefined) return this.authorizeReprint(db, terminalId, req, req.reprintOf, options.serial);
    // Before anything about the person, so that a refusal tells nothing of who exists (no person: no lookup).
    const within = options.cardLookupWithinMs;
    if (within !== undefined && !lookedUpWithin(stored?.lookedUpAtMs, this.now().getTime(), within)) {
      throw new AuthorizationRefused(
        'no_card_lookup',
        `No card of person ${req.personId} was looked up on this terminal in the last ${windowText(within)}: central authorizes jobs only for a person whose card was read here.`,
      );
    }
    const p = stored?.active ? stored.record : null;
    if (!p || !used) throw new AuthorizationRefused('unknown_person', `No person ${req.personId}.`);
    const kind = kindNow(config, req.kind);
    const unusable = kindRefusal(req.kind, kind, req.purpose);
    if (unusable || !kind) throw refusedFor(unusable);
    const item = catalogWith(p, [kind], term, used)[0];
    const refused = itemRefusal(p, kind.definition, item, req.copies);
    if (refused || !item) throw refusedFor(refused);
    const { free, chargedCents } = chargeFor(req.copies, item.freeRemaining ?? 0, item.feeCents);
    // No free copy taken: nothing to count (a missing row counts as none used). Sent with the document's row.
    const [, answer] = await Promise.all([
      term.key !== null && free > 0 ? useQuota(db, req.personId, req.kind, term.key, free) : undefined,
      this.issue(db, terminalId, req, free, chargedCents, term.key, kind.definition, {
        person: p,
        inst: config.institution,
        serial: options.serial,
      }),
    ]);
    return answer;
  }

  /**
   * Records a newly authorized document with a fresh serial and verification code (inside a transaction),
   * with the term its free copies count in (`quotaTerm`), where a cancellation gives them back.
   */
  private async issue(
    db: Sql,
    terminalId: string,
    req: AuthorizeRequest,
    free: number,
    charged: number,
    quotaTerm: string | null,
    kind: KindDefinition | null,
    facts: {
      person?: PersonRecord;
      inst?: Institution;
      kept?: { snapshot: string; digest: string } | undefined;
      serial?: ReservedSerial | undefined;
    },
  ): Promise<AuthorizeResponse> {
    const inst = facts.inst ?? (await this.inst(db));
    // The facts this document certifies, kept as they are now (issue #15): checked against what the station
    // holds before anything is issued (the transaction then rolls the quota back too). A reprint of the
    // original's data keeps the original's snapshot (`kept`). `person`: read by the caller, who checked
    // that `kind` may be served to them.
    const { person, kept } = facts;
    const data = kept
      ? null
      : person && kind
        ? dataFrom(person, kind, req.language, inst)
        : await this.dataOf(db, req.personId, req.kind, req.language);
    const snap = kept ?? (data && snapshotOf(data));
    if (req.dataDigest !== undefined && snap?.digest !== req.dataDigest)
      throw new AuthorizationRefused(
        'records_changed',
        "The person's records changed since this document was previewed (or central holds none for it): nothing was issued. Show the preview again and print what it shows now.",
      );
    const doc = {
      job_id: req.jobId,
      kind: req.kind,
      serial: await this.nextSerial(db, inst, facts.serial),
      verification_code: newVerificationCode(undefined, kind?.codePrefix),
      issued_at: this.now().toISOString(),
      charged_cents: charged,
    };
    await db.run(
      `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status, reprint_of, quota_term, purpose, snapshot, data_digest)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'authorized', ?, ?, ?, ?, ?)`,
      [
        doc.job_id,
        terminalId,
        req.personId,
        req.kind,
        req.language,
        req.copies,
        free,
        charged,
        doc.serial,
        doc.verification_code,
        doc.issued_at,
        req.reprintOf ?? null,
        quotaTerm,
        req.purpose ?? null,
        // The facts it certifies, for the verification page (document-verification.ts).
        snap?.snapshot ?? null,
        snap?.digest ?? null,
      ],
    );
    return this.toAuthorize(db, doc, kind);
  }

  /**
   * A staff reprint (the rules: central/domain/reprint.ts): the original's free copies go to the reprint
   * as reprintQuota says, and its fee stays paid on the original.
   */
  private async authorizeReprint(
    db: Sql,
    terminalId: string,
    req: AuthorizeRequest,
    originalId: string,
    serial: ReservedSerial | undefined,
  ): Promise<AuthorizeResponse> {
    const o = await db.get<{
      terminal_id: string;
      person_id: string;
      kind: string;
      language: string;
      copies: number;
      free_copies: number;
      status: string;
      reprint_of: string | null;
      reprinted_as: string | null;
      quota_term: string | null;
    }>('SELECT * FROM documents WHERE job_id = ?', [originalId]);
    const refuse = (why: string) => {
      throw new AuthorizationRefused('job_conflict', `Job ${req.jobId} cannot reprint ${originalId}: ${why}.`);
    };
    // A staff action, checked here and not only by the kiosk UI (issue #12, finding 7).
    const grant = await checkStaffGrant(db, terminalId, req.staffGrant, this.now().getTime());
    if (!grant.ok)
      throw new AuthorizationRefused(
        'staff_required',
        `Job ${req.jobId} cannot reprint ${originalId}: ${grant.why}. A reprint is a staff action.`,
      );
    if (req.reason === undefined)
      throw new AuthorizationRefused(
        'staff_required',
        `Job ${req.jobId} cannot reprint ${originalId}: it gives no reason; staff say why a document is reprinted.`,
      );
    const why = reprintRefusal(
      o && {
        terminalId: o.terminal_id,
        personId: o.person_id,
        kind: o.kind,
        language: o.language,
        copies: o.copies,
        status: o.status,
        reprintOf: o.reprint_of,
        reprintedAs: o.reprinted_as,
      },
      { terminalId, personId: req.personId, kind: req.kind, language: req.language, copies: req.copies },
    );
    if (why !== null || !o) return refuse(why ?? 'central never authorized the original');
    if (reprintQuota(o.status) === 'move') {
      await db.run('UPDATE documents SET free_copies = 0, reprinted_as = ? WHERE job_id = ?', [req.jobId, originalId]);
    } else {
      await db.run('UPDATE documents SET reprinted_as = ? WHERE job_id = ?', [req.jobId, originalId]);
      // Reserved again in the original's term, whatever term it is now: that is where they were given back.
      if (o.quota_term !== null) await useQuota(db, req.personId, req.kind, o.quota_term, o.free_copies);
    }
    // A reprint is the same kind: its code gets the prefix the kind has now (or none, if it is gone). It
    // certifies what the original did when the station prints the original's data (reprint-data.ts).
    const answer = await this.issue(
      db,
      terminalId,
      req,
      o.free_copies,
      0,
      o.quota_term,
      (await currentKind(db, req.kind))?.definition ?? null,
      { kept: await originalSnapshotFor(db, originalId, req.dataDigest), serial },
    );
    await recordReprintStaff(db, req.jobId, grant.staffId, req.reason);
    await appendAudit(
      db,
      {
        actor: grant.staffId,
        action: 'document.reprint_granted',
        terminalId,
        target: answer.serial,
        reason: req.reason,
        detail: { original: originalId, job: req.jobId },
      },
      this.now(),
    );
    return answer;
  }

  /** Idempotent per job id: a job reported twice is confirmed again but counted once. */
  async report(terminalId: string, reports: JobReport[]): Promise<ReportResult[]> {
    // Each report locks its document's row before reading it (judgeReport): row locks are enough.
    return this.sql.transaction(async (db) => {
      const results: ReportResult[] = [];
      for (const r of reports) {
        const { result, apply } = await this.judgeReport(db, terminalId, r);
        // The document's change and the log's row, sent together (one write to PostgreSQL).
        await Promise.all([apply(db), logReport(db, terminalId, r, result, this.now().toISOString())]);
        results.push(result);
      }
      return results;
    }, ROW_LOCKS);
  }

  /**
   * One report, inside report()'s transaction: its result, and the change to its document that `apply`
   * makes (nothing for a report rejected or already counted). Counts a document once, whatever is re-sent.
   */
  private async judgeReport(
    db: Sql,
    terminalId: string,
    r: JobReport,
  ): Promise<{ result: ReportResult; apply: (db: Sql) => Promise<void> }> {
    const d = await db.get<{
      terminal_id: string;
      person_id: string;
      kind: string;
      serial: string;
      status: string;
      free_copies: number;
      copies: number;
      quota_term: string | null;
    }>(`SELECT * FROM documents WHERE job_id = ?${forUpdate(db)}`, [r.jobId]);
    const v = reportVerdict(
      d && { terminalId: d.terminal_id, serial: d.serial, copies: d.copies, status: d.status },
      terminalId,
      r,
    );
    const nothing = async () => undefined;
    if (v.verdict === 'reject')
      return { result: { jobId: r.jobId, result: 'rejected', reason: v.reason }, apply: nothing };
    if (v.verdict === 'confirm_again' || !d) return { result: { jobId: r.jobId, result: 'confirmed' }, apply: nothing };
    const apply = async (tx: Sql) => {
      // A printed report's digests let the verification page check an uploaded file (absent from older
      // stations: the check then cannot tell); other outcomes leave them as they were.
      const printed = r.outcome === 'printed';
      await tx.run(
        `UPDATE documents SET status = ?, report_count = report_count + 1, pages = ?, finished_at = ?${printed ? ', file_sha256 = ?, content_digest = ?' : ''} WHERE job_id = ?`,
        [
          r.outcome,
          r.pages,
          r.finishedAt,
          ...(printed ? [r.fileSha256 ?? null, r.contentDigest ?? null] : []),
          r.jobId,
        ],
      );
      const back = freeCopiesBack(r.outcome, d.free_copies, d.quota_term);
      if (back > 0 && d.quota_term !== null) await giveBackQuota(tx, d.person_id, d.kind, d.quota_term, back);
    };
    return { result: { jobId: r.jobId, result: 'confirmed' }, apply };
  }

  async heartbeat(terminalId: string, at: string, info: HeartbeatInfo): Promise<void> {
    await recordHeartbeat(this.sql, terminalId, at, info);
    await recordHeartbeatHistory(this.sql, terminalId, at, info);
  }

  /** A station's heartbeat slots and printed documents from `since` (ISO) on, for its page (heartbeat-history.ts). */
  async stationHistory(terminalId: string, since: string): Promise<StationHistory> {
    return stationHistory(this.sql, terminalId, since);
  }

  /** A station's alerts open now or raised or cleared since `since` (ISO), newest first (alert-history.ts). */
  async recentAlerts(terminalId: string, since: string) {
    return recentAlerts(this.sql, terminalId, since);
  }

  async terminalState(terminalId: string): Promise<TerminalState | null> {
    return terminalState(this.sql, terminalId);
  }

  /** Every terminal (revoked ones too), by id, with its stored health. */
  async terminals(): Promise<TerminalRecord[]> {
    const security = await recentSecurityAlerts(this.sql, this.now().getTime());
    // The academic calendar's holidays and make-up working days (central/domain/holidays.ts) decide the day.
    const calendar = await this.termCalendar();
    const day = lastWorkingDay(this.now(), (await this.inst()).timezone, {
      holidays: calendar?.holidays ?? [],
      workdays: calendar?.workdays ?? [],
    });
    const days = day ? await workingDayCounts(this.sql, day) : new Map<string, WorkingDayCount>();
    return (await allTerminals(this.sql)).map((t) => {
      const mine = security.filter((a) => a.source === terminalSource(t.id));
      const day = days.get(t.id);
      return { ...t, ...(day ? { workingDay: day } : {}), ...(mine.length ? { securityAlerts: mine } : {}) };
    });
  }

  async document(jobId: string): Promise<IssuedDocument | null> {
    const d = await this.sql.get('SELECT * FROM documents WHERE job_id = ?', [jobId]);
    return d ? toIssued(d) : null;
  }

  /** For the public verification page: the document a printed verification code belongs to. */
  async documentByVerificationCode(code: string): Promise<IssuedDocument | null> {
    const d = await this.sql.get('SELECT * FROM documents WHERE verification_code = ?', [code.trim().toUpperCase()]);
    return d ? toIssued(d) : null;
  }

  /** The same, with the holder's name (for the page to mask) instead of internal ids. */
  async verificationRecord(code: string): Promise<VerificationRecord | null> {
    const d = await this.documentByVerificationCode(code);
    // Any holder, deactivated too: what was issued stays verifiable.
    const holder = d && (await holderName(this.sql, d.personId));
    if (!d || !holder) return null;
    const kind = await kindAsIssued(this.sql, d.kind, d.issuedAt);
    return {
      serial: d.serial,
      kind: d.kind,
      language: d.language,
      issuedAt: d.issuedAt,
      terminalId: d.terminalId,
      status: d.status,
      holderName: holder,
      title: kind?.title ?? null,
      validUntil: kind ? validUntil(d.issuedAt, kind.validityDays, (await this.inst()).timezone) : null,
    };
  }

  /** What proves the content of the document with this code (snapshot, digests, revocation, reprint), or null. */
  async documentProof(code: string): Promise<ProofFacts | null> {
    const d = await this.documentByVerificationCode(code);
    return d && proofFacts(this.sql, d.jobId);
  }

  /** Counts one view of the verification page for the document with this code. */
  async countVerificationView(code: string): Promise<void> {
    await countView(this.sql, code, this.now().toISOString());
  }

  async documentsOfTerminal(terminalId: string): Promise<IssuedDocument[]> {
    const rows = await this.sql.all('SELECT * FROM documents WHERE terminal_id = ? ORDER BY job_id', [terminalId]);
    return rows.map(toIssued);
  }

  async close(): Promise<void> {
    await this.sql.close();
  }
}

function toIssued(d: Record<string, unknown>): IssuedDocument {
  return {
    jobId: d.job_id as string,
    terminalId: d.terminal_id as string,
    personId: d.person_id as string,
    kind: d.kind as DocumentKind,
    language: d.language as Language,
    copies: d.copies as number,
    serial: d.serial as string,
    verificationCode: d.verification_code as string,
    issuedAt: d.issued_at as string,
    status: d.status as IssuedDocument['status'],
    reportCount: d.report_count as number,
    pages: (d.pages as number | null) ?? null,
    finishedAt: (d.finished_at as string | null) ?? null,
    reprintOf: (d.reprint_of as string | null) ?? null,
    reprintedAs: (d.reprinted_as as string | null) ?? null,
  };
}
