/**
 * A dry run's look at a real central database (central/store/people-preview.ts): it predicts what the
 * store's upsert then answers (unchanged by hash, a card of an active person or of a staff member
 * refused, who would be deactivated), never writes, and says nothing is stored when there is no
 * database or one without people.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { openPeoplePreview } from '../../../central/store/people-preview.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import type { PersonRecord } from '../../../shared/person-record.js';

const dir = mkdtempSync(join(tmpdir(), 'people-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openPeoplePreview', () => {
  it('predicts exactly what the store then answers, and writes nothing', async () => {
    const file = join(dir, 'central.sqlite');
    const store = await SqliteCentralStore.open(file);
    const people = demoPeople();
    await store.seed(people);
    const records = people.flatMap((p) => (p.record ? [p.record] : []));
    const [first, second, third] = records as [PersonRecord, PersonRecord, PersonRecord];
    const staffCard = people.find((p) => p.role === 'staff')!.card;
    const batch: PersonRecord[] = [
      first,
      { ...second, name: { zh: '改名', en: 'GAI Ming' } },
      { ...third, id: 'S2026999999', cards: [third.cards[0]!] },
      { ...third, id: 'S2026999998', cards: [staffCard] },
      { ...third, id: 'S2026999997', cards: ['5550000001'] },
    ];
    await store.close();

    const before = readFileSync(file);
    const preview = (await openPeoplePreview(file))!;
    const predicted = await preview.previewPeople(batch);
    const leaving = await preview.previewDeactivation(new Set(batch.map((r) => r.id)), 'student');
    await preview.close();
    expect(predicted.map((r) => r.outcome)).toEqual(['unchanged', 'updated', 'rejected', 'rejected', 'created']);
    expect(predicted[2]!.reason).toMatch(new RegExp(`belongs to ${third.id}, who is active`));
    expect(predicted[3]!.reason).toMatch(/is the maintenance staff card of/);
    expect(readFileSync(file).equals(before)).toBe(true);

    const again = await SqliteCentralStore.open(file);
    try {
      expect(await again.upsertPeople(batch)).toEqual(predicted);
      expect(await again.deactivateMissing(new Set(batch.map((r) => r.id)), 'student')).toEqual(leaving);
      expect(leaving.length).toBe(records.filter((r) => r.role === 'student').length - 2);
    } finally {
      await again.close();
    }
  });

  it('answers undefined (nobody stored yet) without a database, or for one without people, creating none', async () => {
    expect(await openPeoplePreview(join(dir, 'none.sqlite'))).toBeUndefined();
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
    const empty = join(dir, 'empty.sqlite');
    new Database(empty).close();
    expect(await openPeoplePreview(empty)).toBeUndefined();
  });
});
