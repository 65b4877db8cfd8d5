/**
 * What central's rules read at almost every request and admins change a few times a term: the
 * institution profile, the academic calendar and the document kinds in force. Each is kept as versions
 * that are only ever appended (institution.ts, terms.ts, kinds.ts), so one cheap query tells whether
 * anything changed (the highest versions and how many kind versions there are), and the parsed values
 * are read again only then. A change made by another process or central instance is seen at the next
 * request (on PostgreSQL within `recheckMs`, 50 ms); a card lookup makes one query for all three
 * instead of four, or none.
 */
import type { Sql } from '../../lib/sql/types.js';
import { localDate } from '../../shared/local-date.js';
import { DEMO_INSTITUTION, type Institution } from '../../shared/institution.js';
import { LEGACY_TERM, termOn, type Calendar, type QuotaTerm } from '../domain/terms.js';
import { institutionVersion } from './institution.js';
import { currentKinds, type StoredKind } from './kinds.js';
import { currentCalendar } from './terms.js';

export interface ConfigNow {
  /** The profile in force (the demo university's before one is set). */
  institution: Institution;
  /** The academic calendar in force, or null (free quotas then never reset). */
  calendar: (Calendar & { version: number; setAt: string }) | null;
  /** Every kind in force, disabled ones too, in the catalog's order. */
  kinds: readonly StoredKind[];
}

/** The kind with this id as it is in force, or null when central never held it. */
export const kindNow = (config: ConfigNow, id: string): StoredKind | null =>
  config.kinds.find((k) => k.definition.id === id) ?? null;

/** The term free quotas count in at `now` (the date in the institution's timezone). */
export function termAt(config: ConfigNow, now: Date): QuotaTerm {
  if (!config.calendar) return { key: LEGACY_TERM };
  return termOn(config.calendar, localDate(now, config.institution.timezone));
}

export class ConfigCache {
  private cached: { key: string; config: ConfigNow } | null = null;
  /** When the versions were last asked for (the monotonic clock's ms), for `recheckMs`. */
  private checkedAt = -Infinity;

  constructor(
    /**
     * How long the versions last read are taken as current without asking again. 0 (SQLite's): every
     * call asks, which costs nothing there. Over a network (PostgreSQL's 50 ms) it spares a round trip
     * at nearly every request; a change made through this cache is seen at once (invalidate), one made
     * by another instance or process within `recheckMs`.
     */
    private readonly recheckMs = 0,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Forgets what was read: the next call reads the versions again (after this process changed one). */
  invalidate(): void {
    this.cached = null;
  }

  /** What is in force, read through `db` (the store's database, or the transaction under way). */
  async get(db: Sql): Promise<ConfigNow> {
    const asked = this.clock();
    if (this.cached && asked - this.checkedAt < this.recheckMs) return this.cached.config;
    const v = (await db.get(
      `SELECT (SELECT MAX(version) FROM institution_versions) AS institution,
              (SELECT MAX(version) FROM term_calendars) AS calendar,
              (SELECT COUNT(*) FROM document_kind_versions) AS kinds`,
    )) as { institution: number | null; calendar: number | null; kinds: number };
    const key = `${v.institution}/${v.calendar}/${v.kinds}`;
    if (this.cached?.key === key) {
      this.checkedAt = asked;
      return this.cached.config;
    }
    // Shared by every request until the next change (the institution as before): the calendar and the
    // kinds are frozen, so that a caller changing them fails at once instead of changing them for all.
    const config: ConfigNow = {
      institution:
        v.institution === null
          ? DEMO_INSTITUTION
          : ((await institutionVersion(db, v.institution))?.institution ?? DEMO_INSTITUTION),
      calendar: deepFreeze(await currentCalendar(db)),
      kinds: deepFreeze(await currentKinds(db)),
    };
    this.cached = { key, config };
    this.checkedAt = asked;
    return config;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
