import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db.js';
import { StaffCredentials } from '../../../main/core/staff/staff-credentials.js';

const CARD = '9000000001';
const PIN = '246810';
const STAFF = { id: 'T00001', name: '马建国' };
const DAY = 86_400_000;

let dir: string;
let file: string;
let db: Db;
let now: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-staff-cache-'));
  file = join(dir, 'kiosk.sqlite');
  db = openDatabase(file);
  now = Date.parse('2026-11-01T08:00:00Z');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cached staff credentials', () => {
  it('opens for the card and PIN central accepted, and for nothing else', () => {
    const cache = new StaffCredentials(db, 14, () => now);
    expect(cache.knows(CARD)).toBe(false);
    expect(cache.check(CARD, PIN)).toBeNull();
    cache.remember(CARD, PIN, STAFF);
    expect(cache.knows(CARD)).toBe(true);
    expect(cache.check(CARD, PIN)).toEqual(STAFF);
    expect(cache.check(CARD, '246811')).toBeNull();
    expect(cache.check('9000000002', PIN)).toBeNull();
    expect(cache.knows('9000000002')).toBe(false);
  });

  it('survives a restart, and keeps neither the card number nor the PIN in clear', () => {
    new StaffCredentials(db, 14, () => now).remember(CARD, PIN, STAFF);
    db.close();
    const raw = readFileSync(file);
    expect(raw.includes(Buffer.from(CARD))).toBe(false);
    expect(raw.includes(Buffer.from(PIN))).toBe(false);
    db = openDatabase(file);
    expect(new StaffCredentials(db, 14, () => now).check(CARD, PIN)).toEqual(STAFF);
  });

  it('expires after the configured days, counted from the last time central accepted the PIN', () => {
    const cache = new StaffCredentials(db, 14, () => now);
    cache.remember(CARD, PIN, STAFF);
    now += 13 * DAY;
    expect(cache.check(CARD, PIN)).toEqual(STAFF);
    cache.remember(CARD, PIN, STAFF); // central accepted it again
    now += 13 * DAY;
    expect(cache.knows(CARD)).toBe(true);
    now += 2 * DAY;
    expect(cache.knows(CARD)).toBe(false);
    expect(cache.check(CARD, PIN)).toBeNull();
  });

  it('forgets a card central refused, and a changed PIN replaces the old one', () => {
    const cache = new StaffCredentials(db, 14, () => now);
    cache.remember(CARD, PIN, STAFF);
    cache.remember(CARD, '135790', STAFF);
    expect(cache.check(CARD, PIN)).toBeNull();
    expect(cache.check(CARD, '135790')).toEqual(STAFF);
    cache.forget(CARD);
    expect(cache.knows(CARD)).toBe(false);
  });

  it('with 0 days remembers nothing and drops what an earlier configuration cached', () => {
    new StaffCredentials(db, 14, () => now).remember(CARD, PIN, STAFF);
    const off = new StaffCredentials(db, 0, () => now);
    expect(off.knows(CARD)).toBe(false);
    off.setOfflineDays(0); // what the kiosk does at start, once central's settings are applied
    off.remember(CARD, PIN, STAFF);
    expect(new StaffCredentials(db, 14, () => now).knows(CARD)).toBe(false);
  });
});
