/**
 * A staff reprint of a document whose paper never came out costs the student nothing more, in
 * whichever order the original's cancellation and the reprint's authorization reach central, and
 * happens at most once per original.
 */
import { staffReprint } from '../../helpers/staff-grant.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPeople, type SeedPerson } from '../../../central/seed/demo.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { AuthorizationRefused } from '../../../central/store/types.js';

let dir: string;
let store: SqliteCentralStore;
let student: SeedPerson;
let other: SeedPerson;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-reprint-'));
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  const people = demoPeople();
  await store.seed(people);
  [student, other] = people.filter((p) => p.role === 'student') as [SeedPerson, SeedPerson];
  await store.enrollTerminal('k', 'K');
  await store.enrollTerminal('k2', 'K2');
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const freeLeft = async (p = student) =>
  (await store.lookupCard(p.card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining!;
/** Free copies counted against the student this term (freeLeft() stops at 0, this does not). */
const used = () =>
  (
    store.db.prepare("SELECT used FROM quota_used WHERE person_id = ? AND kind = 'enrollment'").get(student.id) as {
      used: number;
    }
  ).used;
const ask = async (jobId: string, copies: number, reprintOf?: string, p = student) =>
  store.authorize('k', {
    jobId,
    personId: p.id,
    kind: 'enrollment',
    language: 'zh',
    copies,
    ...(reprintOf ? { reprintOf, ...(await staffReprint(store, 'k')) } : {}),
  });
const report = async (
  jobId: string,
  serial: string,
  copies: number,
  outcome: 'printed' | 'cancelled',
  terminal = 'k',
) =>
  (
    await store.report(terminal, [{ jobId, serial, outcome, pages: 1, copies, finishedAt: new Date().toISOString() }])
  )[0];

/** The student spends every free copy on one document that then needs attention. */
async function spendAll(): Promise<{ serial: string; copies: number }> {
  const copies = await freeLeft();
  expect(copies).toBeGreaterThan(0);
  const a = await ask('orig', copies);
  expect(await freeLeft()).toBe(0);
  return { serial: a.serial, copies };
}

describe('staff reprints at central', () => {
  it('takes over the free copies when it comes before the cancellation, which then gives nothing back', async () => {
    const { serial, copies } = await spendAll();
    const r = await ask('again', copies, 'orig');
    expect(r.chargedCents).toBe(0);
    expect(r.serial).not.toBe(serial);
    expect(await report('orig', serial, copies, 'cancelled')).toEqual({ jobId: 'orig', result: 'confirmed' });
    expect(await freeLeft()).toBe(0);
    await report('again', r.serial, copies, 'printed');
    expect(await freeLeft()).toBe(0);
    expect(await store.document('orig')).toMatchObject({ status: 'cancelled' });
    expect(await store.document('again')).toMatchObject({ status: 'printed', reportCount: 1 });
  });

  it('reserves the free copies again when the cancellation came first, even with no quota left', async () => {
    const { serial, copies } = await spendAll();
    await report('orig', serial, copies, 'cancelled');
    expect(await freeLeft()).toBe(copies);
    // Meanwhile the student spent the returned copies elsewhere: the reprint is still owed.
    await ask('other-doc', copies);
    expect(await freeLeft()).toBe(0);
    const r = await ask('again', copies, 'orig');
    expect(r.chargedCents).toBe(0);
    expect(used()).toBe(2 * copies);
    // A reprint that fails in turn gives its copies back, as any document does.
    await report('again', r.serial, copies, 'cancelled');
    expect(used()).toBe(copies);
  });

  it('is idempotent: the same reprint asked twice is one document', async () => {
    const { copies } = await spendAll();
    const first = await ask('again', copies, 'orig');
    expect(await ask('again', copies, 'orig')).toEqual(first);
  });

  it('refuses a second reprint, a printed original, another person, another terminal and an unknown original', async () => {
    const { serial, copies } = await spendAll();
    await ask('again', copies, 'orig');
    await expect(ask('third', copies, 'orig')).rejects.toThrow(/already reprinted as again/);

    const printed = await ask('p', 1, undefined, other);
    await report('p', printed.serial, 1, 'printed');
    await expect(ask('p-again', 1, 'p', other)).rejects.toThrow(/was printed/);
    await expect(ask('q', 1, 'orig', other)).rejects.toThrow(/another person/);
    await expect(ask('q', copies + 1, 'orig')).rejects.toThrow(AuthorizationRefused);
    await expect(
      store.authorize('k2', {
        jobId: 'q',
        personId: student.id,
        kind: 'enrollment',
        language: 'zh',
        copies,
        reprintOf: 'orig',
        ...(await staffReprint(store, 'k2')),
      }),
    ).rejects.toThrow(/another terminal/);
    await expect(ask('q', 1, 'nope')).rejects.toMatchObject({
      code: 'job_conflict',
      message: expect.stringMatching(/never authorized/),
    });
    expect(await store.document('q')).toBeNull();
    expect(await store.document('orig')).toMatchObject({ serial, status: 'authorized' });
  });
});
