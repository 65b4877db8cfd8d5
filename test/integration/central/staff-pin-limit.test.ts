/**
 * Staff PINs are limited per card and source at central (here the store's own source, `central`);
 * unknown and student cards are refused (they are checked against a dummy hash, for equal timing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { SqliteCentralStore, STAFF_PIN_MAX_FAILURES, STAFF_PIN_WINDOW_MS } from '../../../central/store/sqlite.js';

let dir: string;
let store: SqliteCentralStore;
let now: number;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-pin-limit-'));
  now = Date.parse('2026-11-28T10:00:00Z');
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'), { now: () => new Date(now) });
  await store.seed(demoPeople());
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const staff = () => demoPeople().find((p) => p.role === 'staff' && p.pin)!;

describe('staff PIN attempts at central', () => {
  it('refuses even the right PIN for a card after too many wrong ones, until the window ends', async () => {
    const s = staff();
    for (let i = 0; i < STAFF_PIN_MAX_FAILURES; i++) expect(await store.verifyStaff(s.card, '000000')).toBeNull();
    expect(await store.verifyStaff(s.card, s.pin!)).toBeNull();
    // Other cards are not affected.
    const other = demoPeople().filter((p) => p.role === 'staff' && p.pin)[1]!;
    expect(await store.verifyStaff(other.card, other.pin!)).toMatchObject({ name: other.name });
    now += STAFF_PIN_WINDOW_MS;
    expect(await store.verifyStaff(s.card, s.pin!)).toMatchObject({ name: s.name });
  });

  it('a right PIN clears the count; wrong ones spread over windows never lock', async () => {
    const s = staff();
    for (let i = 0; i < STAFF_PIN_MAX_FAILURES - 1; i++) expect(await store.verifyStaff(s.card, '000000')).toBeNull();
    expect(await store.verifyStaff(s.card, s.pin!)).toMatchObject({ name: s.name });
    for (let i = 0; i < STAFF_PIN_MAX_FAILURES - 1; i++) expect(await store.verifyStaff(s.card, '000000')).toBeNull();
    now += STAFF_PIN_WINDOW_MS;
    expect(await store.verifyStaff(s.card, '000000')).toBeNull();
    expect(await store.verifyStaff(s.card, s.pin!)).toMatchObject({ name: s.name });
  });

  it('refuses an unknown card and a student card, even with the PIN the dummy hash was made from', async () => {
    const student = demoPeople().find((p) => p.role === 'student')!;
    for (const card of ['0000000000', student.card]) {
      expect(await store.verifyStaff(card, '000000')).toBeNull();
      expect(await store.verifyStaff(card, '123456')).toBeNull();
    }
  });
});
