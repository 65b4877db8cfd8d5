/**
 * Cached staff credentials, so that staff can open maintenance mode while central is unreachable,
 * which is exactly when a station most needs someone on site. Like cached domain logons: a staff card
 * and PIN that central accepted are remembered for a limited time; offline, the same card and PIN open
 * maintenance mode; online, central stays the authority (a PIN central refuses is forgotten here).
 *
 * Stored in the kiosk database, never in clear: the card as a salted SHA-256 (to find the row), the
 * PIN as scrypt over a per-row salt and the card, so a copied database yields neither without a
 * brute-force per card. The PIN lockout (StaffPinGuard) applies to offline attempts as well.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db.js';

export interface CachedStaff {
  id: string;
  name: string;
}

/** scrypt cost: about 50 ms per check here, once per PIN entry. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const DAY_MS = 86_400_000;

export class StaffCredentials {
  constructor(
    private readonly db: Db,
    /** Days a verified card and PIN stay usable offline; 0 remembers nothing (and forgets what was cached). */
    private offlineDays: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sets the offline window (the kiosk calls this at start, once settings published at central are
   * applied, and whenever they change); 0 also forgets what was cached.
   */
  setOfflineDays(days: number): void {
    this.offlineDays = days;
    if (days === 0) this.db.prepare('DELETE FROM staff_credentials').run();
  }

  private cardKey(card: string): string {
    // The station's own salt (one row, made once) keeps card hashes from matching across stations.
    const row = this.db.prepare("SELECT value FROM local_secrets WHERE name = 'staff_card_salt'").get() as
      { value: Buffer } | undefined;
    let salt = row?.value;
    if (!salt) {
      salt = randomBytes(16);
      this.db.prepare("INSERT OR IGNORE INTO local_secrets (name, value) VALUES ('staff_card_salt', ?)").run(salt);
      salt = (
        this.db.prepare("SELECT value FROM local_secrets WHERE name = 'staff_card_salt'").get() as { value: Buffer }
      ).value;
    }
    return createHash('sha256').update(salt).update(card).digest('hex');
  }

  private pinHash(card: string, pin: string, salt: Buffer): Buffer {
    return scryptSync(`${card}\u0000${pin}`, salt, 32, SCRYPT);
  }

  /** Remembers a card and PIN that central has just accepted. */
  remember(card: string, pin: string, staff: CachedStaff): void {
    if (this.offlineDays === 0) return;
    const salt = randomBytes(16);
    this.db
      .prepare(
        `INSERT INTO staff_credentials (card_key, salt, pin_hash, staff_id, staff_name, verified_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (card_key) DO UPDATE SET salt = excluded.salt, pin_hash = excluded.pin_hash, staff_id = excluded.staff_id,
           staff_name = excluded.staff_name, verified_at = excluded.verified_at`,
      )
      .run(this.cardKey(card), salt, this.pinHash(card, pin, salt), staff.id, staff.name, this.now());
  }

  /** Forgets a card (central refused its PIN, or it is no longer a staff card). */
  forget(card: string): void {
    this.db.prepare('DELETE FROM staff_credentials WHERE card_key = ?').run(this.cardKey(card));
  }

  private row(card: string): { salt: Buffer; pin_hash: Buffer; staff_id: string; staff_name: string } | undefined {
    if (this.offlineDays === 0) return undefined;
    const oldest = this.now() - this.offlineDays * DAY_MS;
    this.db.prepare('DELETE FROM staff_credentials WHERE verified_at < ?').run(oldest);
    return this.db
      .prepare('SELECT salt, pin_hash, staff_id, staff_name FROM staff_credentials WHERE card_key = ?')
      .get(this.cardKey(card)) as { salt: Buffer; pin_hash: Buffer; staff_id: string; staff_name: string } | undefined;
  }

  /** Whether this card may try a PIN offline (central accepted it recently enough). */
  knows(card: string): boolean {
    return this.row(card) !== undefined;
  }

  /** The staff member if the card and PIN match what central accepted; null for a wrong PIN or an unknown card. */
  check(card: string, pin: string): CachedStaff | null {
    const r = this.row(card);
    if (!r) return null;
    return timingSafeEqual(this.pinHash(card, pin, r.salt), r.pin_hash) ? { id: r.staff_id, name: r.staff_name } : null;
  }
}
