/**
 * Storage behind the central server: the types its methods take and answer, and `CentralStore`, the
 * public shape of SqlCentralStore (sql-store.ts), which runs on SQLite and on PostgreSQL.
 */
import type { TerminalHealth } from '../../shared/central-api.js';
import type { DocumentKind, Language, LocalizedText } from '../../shared/domain.js';
import type { StoredKind } from './kinds.js';
import type { SqlCentralStore } from './sql-store.js';
import type { WorkingDayCount } from '../domain/working-day.js';

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

/**
 * The store the server uses: SqlCentralStore's public methods and fields, on SQLite or PostgreSQL
 * (sql-store.ts documents each). Derived, not declared, so a new store method is written once.
 */
export type CentralStore = { [K in keyof SqlCentralStore]: SqlCentralStore[K] };
