/**
 * What central's store does, run against both stores (issue #16): SQLite and PostgreSQL answer the same
 * to the same calls, from people and card lookups through authorizations, reports, reprints, staff PINs,
 * heartbeats, releases, settings, the institution, terms, kinds, signing keys and verification. Two
 * stores on one database (two central instances) never issue a serial twice and count quotas exactly.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoPeople, type SeedPerson } from '../../../central/seed/demo.js';
import { AuthorizationRefused, ReleaseExists } from '../../../central/store/types.js';
import type { SqlCentralStore } from '../../../central/store/sql-store.js';
import { DEMO_INSTITUTION } from '../../../shared/institution.js';
import { addStaff, setStaff, setTerminalSite } from '../../../central/store/staff-accounts.js';
import { hashPin } from '../../../lib/pin-hash.js';
import { SESSION_TTL_S, StaffSessions } from '../../../central/staff/sessions.js';
import { CLAIM_STALE_MS } from '../../../central/store/reconciliations.js';
import { STORE_BACKENDS, useStoreBackends } from '../../helpers/central-stores.js';
import { postgresUnavailableReason } from '../../helpers/postgres.js';

const unavailable = postgresUnavailableReason();
if (unavailable) throw new Error(`The store suite runs on PostgreSQL too: ${unavailable}`);

const stores = useStoreBackends();
const people = demoPeople();
const students = people.filter((p) => p.role === 'student' && p.record?.status === 'enrolled');
const student = students[0]!;
const staff = people.find((p) => p.pin && p.role === 'staff')!;
const T0 = Date.parse('2026-10-12T02:00:00Z');

async function seeded(backend: (typeof STORE_BACKENDS)[number], clock = { now: T0 }) {
  const store = await stores.open(backend, { now: () => new Date(clock.now) });
  await store.seed(people);
  await store.enrollTerminal('k', 'K');
  await store.enrollTerminal('k2', 'K2');
  return store;
}

const job = (jobId: string, p: SeedPerson = student, copies = 1) => ({
  jobId,
  personId: p.id,
  kind: 'enrollment' as const,
  language: 'zh' as const,
  copies,
});
const printed = (jobId: string, serial: string, copies = 1) => ({
  jobId,
  serial,
  outcome: 'printed' as const,
  pages: 1,
  copies,
  finishedAt: new Date(T0).toISOString(),
});
const freeLeft = async (store: SqlCentralStore, p: SeedPerson = student) =>
  (await store.lookupCard(p.card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining!;

describe.each(STORE_BACKENDS)('central store on %s', (backend) => {
  it('keeps people: a card finds its active holder, the same record again changes nothing, a missing one is deactivated', async () => {
    const store = await seeded(backend);
    const found = await store.lookupCard(student.card);
    expect(found?.person.id).toBe(student.id);
    expect(found?.catalog.map((c) => c.kind)).toContain('enrollment');
    expect(await store.lookupCard('no-such-card')).toBeNull();
    const records = students.map((s) => s.record!);
    expect((await store.upsertPeople(records)).every((r) => r.outcome === 'unchanged')).toBe(true);
    const gone = await store.deactivateMissing(new Set(records.slice(1).map((r) => r.id)), 'student');
    expect(gone).toContain(student.id);
    expect(await store.lookupCard(student.card)).toBeNull();
  });

  it('authorizes once per job, counts free copies, numbers serials, and confirms a report once', async () => {
    const store = await seeded(backend);
    const before = await freeLeft(store);
    const a = await store.authorize('k', job('j1'));
    expect(a.serial).toMatch(/^[A-Z]+-2026-\d{6}$/);
    expect(await store.authorize('k', job('j1'))).toEqual(a);
    await expect(store.authorize('k2', job('j1'))).rejects.toMatchObject({ code: 'job_conflict' });
    await expect(store.authorize('k', { ...job('j1'), copies: 2 })).rejects.toBeInstanceOf(AuthorizationRefused);
    expect(await freeLeft(store)).toBe(before - 1);
    const b = await store.authorize('k', job('j2'));
    expect(Number(b.serial.slice(-6))).toBe(Number(a.serial.slice(-6)) + 1);

    expect(await store.report('k', [printed('j1', a.serial)])).toEqual([{ jobId: 'j1', result: 'confirmed' }]);
    expect(await store.report('k', [printed('j1', a.serial)])).toEqual([{ jobId: 'j1', result: 'confirmed' }]);
    expect(await store.document('j1')).toMatchObject({ status: 'printed', reportCount: 1, serial: a.serial });
    // A cancelled job gives its free copy back.
    await store.report('k', [{ ...printed('j2', b.serial), outcome: 'cancelled' }]);
    expect(await freeLeft(store)).toBe(before - 1);
    expect((await store.report('k2', [printed('j2', b.serial)]))[0]!.result).toBe('rejected');
    expect((await store.documentsOfTerminal('k')).map((d) => d.jobId)).toEqual(['j1', 'j2']);
  });

  it('keeps the payment ledger append-only, each movement once, and undoes an unpaid authorization', async () => {
    const store = await seeded(backend);
    const freeBefore = (await store.lookupCard(student.card))!.catalog.find((c) => c.kind === 'transcript')!;
    const paid = await store.authorize('k', { ...job('p1'), kind: 'transcript', copies: 3 });
    expect(paid.chargedCents).toBe(200);
    const ledger = store.payments;
    expect(await ledger.job('p1')).toMatchObject({ personId: student.id, amountCents: 200, status: 'authorized' });
    expect((await ledger.jobBySerial(paid.serial))?.jobId).toBe('p1');
    const row = {
      jobId: 'p1',
      personId: student.id,
      terminalId: 'k',
      amountCents: 200,
      provider: 'campus-card',
      by: 'central',
      reason: 'authorized',
    };
    expect(await ledger.record({ ...row, movement: 'hold', outcome: 'requested', reference: null })).toBe(true);
    expect(await ledger.unsettled()).toMatchObject([{ jobId: 'p1' }]);
    expect(await ledger.record({ ...row, movement: 'hold', outcome: 'done', reference: 'CC1' })).toBe(true);
    // The same movement answered again (a retry, a late answer): nothing new, the first row stays as it was.
    expect(await ledger.record({ ...row, movement: 'hold', outcome: 'done', reference: 'CC2' })).toBe(false);
    expect((await ledger.entries('p1')).map((e) => [e.movement, e.outcome, e.reference])).toEqual([
      ['hold', 'requested', null],
      ['hold', 'done', 'CC1'],
    ]);
    const t0 = new Date(T0).toISOString();
    expect((await ledger.between(t0, new Date(T0 + 1).toISOString())).length).toBe(2);
    expect(await ledger.between(new Date(T0 + 1).toISOString(), new Date(T0 + 2).toISOString())).toEqual([]);
    // Rewriting the money's history, even with SQL straight at the database, is refused by the database.
    await expect(store.sql.run("UPDATE payment_ledger SET amount_cents = 0 WHERE job_id = 'p1'")).rejects.toThrow(
      /append-only/,
    );
    await expect(store.sql.run("DELETE FROM payment_ledger WHERE job_id = 'p1'")).rejects.toThrow(/append-only/);
    expect(await ledger.record({ ...row, movement: 'capture', outcome: 'done', reference: 'CC3' })).toBe(true);
    expect(await ledger.unsettled()).toEqual([]);

    // A job whose fee could not be held: cancelled with its free copies given back, once.
    await store.authorize('k', { ...job('p2'), kind: 'transcript', copies: 3 });
    expect(await ledger.cancelUnpaid('p2')).toBe(true);
    expect(await ledger.cancelUnpaid('p2')).toBe(false);
    expect(await store.document('p2')).toMatchObject({ status: 'cancelled' });
    const freeAfter = (await store.lookupCard(student.card))!.catalog.find((c) => c.kind === 'transcript')!;
    expect(freeAfter.freeRemaining).toBe(freeBefore.freeRemaining! - 2); // p1's two free copies only
    // A printed document is never undone.
    await store.report('k', [printed('p1', paid.serial, 3)]);
    expect(await ledger.cancelUnpaid('p1')).toBe(false);
    expect(await store.document('p1')).toMatchObject({ status: 'printed' });
  });

  it('refuses what the rules refuse: an unknown person, no card lookup, too many copies', async () => {
    const store = await seeded(backend);
    await expect(store.authorize('k', { ...job('x'), personId: 'nobody' })).rejects.toMatchObject({
      code: 'unknown_person',
    });
    await expect(store.authorize('k', job('y'), { cardLookupWithinMs: 60_000 })).rejects.toMatchObject({
      code: 'no_card_lookup',
    });
    await store.recordCardLookup('k', student.id);
    expect(await store.cardLookedUp('k', student.id, 60_000)).toBe(true);
    expect(await store.cardLookedUp('k2', student.id, 60_000)).toBe(false);
    await store.authorize('k', job('y'), { cardLookupWithinMs: 60_000 });
    expect(await store.hasAuthorizedDocument('k', student.id, 'enrollment', 'zh')).toBe(true);
    await expect(store.authorize('k', job('z', student, 99))).rejects.toBeInstanceOf(AuthorizationRefused);
  });

  it('serves the data a document prints, and verifies it afterwards by its code', async () => {
    const store = await seeded(backend);
    const data = await store.documentData(student.id, 'enrollment', 'zh');
    expect(data).toMatchObject({ university: { name: DEMO_INSTITUTION.name.zh } });
    const a = await store.authorize('k', job('v1'));
    await store.report('k', [printed('v1', a.serial)]);
    const record = await store.verificationRecord(a.verificationCode.toLowerCase());
    expect(record).toMatchObject({ serial: a.serial, status: 'printed', holderName: student.name });
    expect(record?.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await store.countVerificationView(a.verificationCode);
    await store.countVerificationView(a.verificationCode);
    expect(await store.documentProof(a.verificationCode)).toMatchObject({ viewCount: 2 });
    expect(await store.documentByVerificationCode('T-NOPE-NOPE-NOPE')).toBeNull();
  });

  it('reprints only with a live staff grant, for free, once', async () => {
    const store = await seeded(backend);
    const a = await store.authorize('k', job('o1'));
    await expect(store.authorize('k', { ...job('r1'), reprintOf: 'o1', reason: 'jam' })).rejects.toMatchObject({
      code: 'staff_required',
    });
    const { token } = await store.issueStaffGrant('k', staff.id);
    const r = await store.authorize('k', { ...job('r1'), reprintOf: 'o1', staffGrant: token, reason: 'paper jam' });
    expect(r.chargedCents).toBe(0);
    expect(r.serial).not.toBe(a.serial);
    expect(await store.document('o1')).toMatchObject({ reprintedAs: 'r1' });
    await expect(
      store.authorize('k', { ...job('r2'), reprintOf: 'o1', staffGrant: token, reason: 'again' }),
    ).rejects.toMatchObject({ code: 'job_conflict' });
  });

  it('checks staff PINs and locks a card at a source after wrong ones', async () => {
    const store = await seeded(backend);
    expect(await store.checkStaffPin(staff.card, staff.pin!, 'terminal:k')).toMatchObject({
      ok: true,
      staff: { id: staff.id },
    });
    const wrong = await store.checkStaffPin(staff.card, '000001', 'terminal:k');
    expect(wrong).toMatchObject({ ok: false, state: 'wrong' });
    let last = wrong;
    for (let i = 0; i < 10 && !(!last.ok && last.state === 'locked'); i++)
      last = await store.checkStaffPin(staff.card, '000001', 'terminal:k');
    expect(last).toMatchObject({ ok: false, state: 'locked' });
    expect(await store.checkStaffPin(staff.card, staff.pin!, 'terminal:k')).toMatchObject({ ok: false });
    expect((await store.terminals()).find((t) => t.id === 'k')?.securityAlerts?.[0]?.cause).toBe('pin_guessing');
  });

  it('keeps dashboard sessions: distinct tokens naming their staff member for 8 hours, ended by signing out', async () => {
    const clock = { now: T0 };
    const store = await seeded(backend, clock);
    const sessions = new StaffSessions(store);
    const a = await sessions.create({ id: 'T00001', name: '马建国' });
    const b = await sessions.create({ id: 'T00001', name: '马建国' });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    clock.now += SESSION_TTL_S * 1000 - 1;
    expect(await sessions.get(a)).toEqual({ id: 'T00001', name: '马建国' });
    clock.now += 1;
    expect(await sessions.get(a)).toBeNull();
    const c = await sessions.create({ id: 's', name: 'S' });
    await sessions.end(c);
    expect(await sessions.get(c)).toBeNull();
    expect(await sessions.get('made-up')).toBeNull();
    expect(await sessions.get(null)).toBeNull();
  });

  it('keeps staff accounts with roles and sites; a disabled one opens nothing, and stations have a site', async () => {
    const store = await seeded(backend);
    const at = new Date(T0).toISOString();
    const pinHash = hashPin('246810');
    const add = (id: string, card: string, role: 'admin' | 'operator' | 'viewer', sites: string[]) =>
      addStaff(store.sql, { id, card, name: id, role, sites, pinHash }, at);
    await add('op1', '77000001', 'operator', ['qianfoshan']);
    await expect(add('op2', '77000001', 'admin', [])).rejects.toThrow(/held by staff member op1/);
    await expect(add('op3', '77000003', 'viewer', [])).rejects.toThrow(/needs at least one site/);
    expect(await store.staffScope('op1')).toEqual({ role: 'operator', sites: ['qianfoshan'], disabled: false });
    expect((await store.checkStaffPin('77000001', '246810', 'terminal:k')).ok).toBe(true);
    await setStaff(store.sql, 'op1', { enabled: false }, at);
    expect(await store.staffScope('op1')).toMatchObject({ disabled: true });
    expect((await store.checkStaffPin('77000001', '246810', 'terminal:k')).ok).toBe(false);
    expect((await store.staffForSignOn('op1'))?.active).toBe(false);
    await setStaff(store.sql, 'op1', { enabled: true, sites: ['hongjialou', 'qianfoshan/library'] }, at);
    expect(await store.staffScope('op1')).toEqual({
      role: 'operator',
      sites: ['hongjialou', 'qianfoshan/library'],
      disabled: false,
    });
    // Staff from before roles (the demo's) are admins.
    expect((await store.staffScope(staff.id))?.role).toBe('admin');
    expect(await setTerminalSite(store.sql, 'k', 'qianfoshan/library')).toBe(true);
    expect(await setTerminalSite(store.sql, 'nope', 'qianfoshan')).toBe(false);
    expect((await store.terminalState('k'))?.site).toBe('qianfoshan/library');
  });

  it('limits card lookups per terminal in buckets kept in the database', async () => {
    const store = await seeded(backend);
    const limits = { lookup: { burst: 2, perMinute: 1 }, miss: { burst: 1, perMinute: 1 } };
    expect(await store.takeCardLookup('k', limits)).toBe(0);
    expect(await store.takeCardLookup('k', limits)).toBe(0);
    expect(await store.takeCardLookup('k', limits)).toBeGreaterThan(0);
    expect(await store.takeCardLookup('k2', limits)).toBe(0);
    await store.recordLookupMiss('k2', limits);
    await store.recordLookupMiss('k2', limits);
    expect(await store.takeCardLookup('k2', limits)).toBeGreaterThan(0);
  });

  it("keeps each terminal's heartbeat, its history in slots, and revocation", async () => {
    const clock = { now: T0 };
    const store = await seeded(backend, clock);
    const at = (ms: number) => new Date(T0 + ms).toISOString();
    await store.heartbeat('k', at(0), { outOfService: false, backlog: 2, software: { version: '1.4.0' } });
    await store.heartbeat('k', at(60_000), { outOfService: true, backlog: 0, terminalTime: at(60_000 + 180_000) });
    expect(await store.terminalState('k')).toMatchObject({
      outOfService: true,
      backlog: 0,
      softwareVersion: '1.4.0',
      clockOffsetMs: 180_000,
    });
    const history = await store.stationHistory('k', at(-3_600_000));
    expect(history.slots).toHaveLength(1);
    expect(history.slots[0]).toMatchObject({ beats: 2, outOfService: true, clockOffsetMs: 180_000 });
    const token = await store.enrollTerminal('k3', 'K3');
    expect(await store.terminalByToken(token)).toEqual({ id: 'k3', name: 'K3' });
    await store.revokeTerminal('k3');
    expect(await store.terminalByToken(token)).toBeNull();
    expect((await store.terminals()).map((t) => [t.id, t.revoked])).toEqual([
      ['k', false],
      ['k2', false],
      ['k3', true],
    ]);
  });

  it("counts each station's last working day: slots online and in service, and documents printed", async () => {
    // T0 is Monday 2026-10-12, 10:00 in Beijing: the last working day is Friday the 9th, 08:00-18:00 (00:00-10:00 UTC).
    const friday = Date.parse('2026-10-09T00:00:00Z');
    const clock = { now: friday };
    const store = await seeded(backend, clock);
    for (let at = friday; at < friday + 10 * 3600_000; at += 5 * 60_000)
      await store.heartbeat('k', new Date(at).toISOString(), { outOfService: false, backlog: 0 });
    for (let at = friday; at < friday + 3 * 3600_000; at += 5 * 60_000)
      await store.heartbeat('k2', new Date(at).toISOString(), { outOfService: false, backlog: 0 });
    clock.now = friday + 3600_000;
    const a = await store.authorize('k2', job('w1'));
    await store.report('k2', [printed('w1', a.serial)]);
    clock.now = T0;
    const days = Object.fromEntries((await store.terminals()).map((t) => [t.id, t.workingDay]));
    expect(days.k).toEqual({ date: '2026-10-09', onlineSlots: 120, printed: 0, slotsNeeded: 96 });
    expect(days.k2).toEqual({ date: '2026-10-09', onlineSlots: 36, printed: 1, slotsNeeded: 96 });
  });

  it('publishes releases once per version, to a group first, and settings in rising versions', async () => {
    const store = await seeded(backend);
    const signed = (v: string) => ({ release: `release ${v}`, signature: `sig ${v}`, keyId: 'pub-1' });
    const header = (v: string) => ({
      id: 'enrollment-zh',
      version: v,
      kind: 'enrollment' as const,
      language: 'zh' as const,
    });
    await store.publishRelease(signed('1.0.0'), header('1.0.0'), 'admin');
    await expect(store.publishRelease(signed('1.0.0'), header('1.0.0'), 'admin')).rejects.toBeInstanceOf(ReleaseExists);
    await store.addToGroup('pilot', ['k2'], 'admin');
    await store.publishRelease(signed('1.10.0'), header('1.10.0'), 'admin', { toGroup: 'pilot' });
    expect((await store.releasesFor('k')).releases.map((r) => r.version)).toEqual(['1.0.0']);
    expect((await store.releasesFor('k2')).releases.map((r) => r.version)).toEqual(['1.10.0']);
    expect(await store.groups()).toEqual([{ group: 'pilot', terminals: ['k2'] }]);
    await store.promoteRelease('enrollment-zh', '1.10.0', 'admin');
    expect((await store.releasesFor('k')).releases.map((r) => r.version)).toEqual(['1.10.0']);
    expect(await store.release('enrollment-zh', '1.0.0')).toEqual(signed('1.0.0'));
    expect((await store.allReleases()).map((r) => [r.version, r.promoted])).toEqual([
      ['1.0.0', false],
      ['1.10.0', true],
    ]);

    const settings = (version: number, terminals: string[]) => ({
      format: 'estation-settings/1' as const,
      version,
      terminals,
      settings: {},
    });
    await store.publishSettings(signed('s1'), settings(1, ['*']), 'admin');
    await store.publishSettings(signed('s2'), settings(2, ['k2']), 'admin');
    await expect(store.publishSettings(signed('s0'), settings(2, ['*']), 'admin')).rejects.toThrow(/not newer/);
    expect(await store.currentSettingsFor('k')).toEqual(signed('s1'));
    expect(await store.currentSettingsFor('k2')).toEqual(signed('s2'));
  });

  it('keeps institution versions, the term calendar, the kinds, and station keys', async () => {
    const store = await seeded(backend);
    expect((await store.institution()).serialPrefix).toBe(DEMO_INSTITUTION.serialPrefix);
    expect(await store.setInstitution({ ...DEMO_INSTITUTION, serialPrefix: 'XU' }, 'admin')).toBe(1);
    expect((await store.institution()).serialPrefix).toBe('XU');
    expect((await store.authorize('k', job('s1'))).serial).toMatch(/^XU-/);
    const kinds = await store.kinds();
    expect(kinds.length).toBeGreaterThan(10);
    expect((await store.kindDefinition('transcript'))?.definition.id).toBe('transcript');
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const key = await store.registerSigningKey('k', pem);
    expect(await store.registerSigningKey('k', pem)).toEqual(key);
    await expect(store.registerSigningKey('k2', pem)).rejects.toMatchObject({ code: 'key_of_other_terminal' });
    expect((await store.signingKeys()).map((k) => k.terminalId)).toEqual(['k']);
  });
});

describe.each(STORE_BACKENDS)('the nightly payment reconciliation on %s', (backend) => {
  const mismatch = {
    kind: 'not_in_ledger' as const,
    jobId: 'j1',
    movement: 'capture',
    ledger: null,
    provider: { reference: 'CC9', amountCents: 200, at: new Date(T0).toISOString() },
    detail: 'the provider has a capture central never got an answer for',
  };

  it('claims a day once, records its result, alerts until acknowledged, and a new finding alerts again', async () => {
    const clock = { now: T0 };
    const store = await seeded(backend, clock);
    const days = store.reconciliations;
    expect(await days.claim('2026-10-11', 'a')).toBe(true);
    expect(await days.claim('2026-10-11', 'b')).toBe(false); // being run by a
    // a died during its run: after an hour its claim is taken over.
    clock.now = T0 + CLAIM_STALE_MS + 1;
    expect(await days.claim('2026-10-11', 'b')).toBe(true);
    await days.record('2026-10-11', 'b', 7, [mismatch]);
    expect(await days.claim('2026-10-11', 'a')).toBe(false); // run: never again by the schedule
    expect(await days.get('2026-10-11')).toMatchObject({ claimedBy: 'b', runs: 1, movements: 7, mismatches: 1 });
    expect((await days.get('2026-10-11'))!.detail).toEqual([mismatch]);
    expect(await days.alerts()).toEqual([
      expect.objectContaining({
        id: 'payments:reconcile:2026-10-11',
        severity: 'error',
        cause: 'payment_reconciliation',
      }),
    ]);
    expect((await days.alerts())[0]!.message.en).toMatch(/found 1 mismatch\(es\).*acknowledge --date 2026-10-11/);

    expect(await days.acknowledge('2026-10-12', 'ops', 'none there')).toBe(false); // no such day
    expect(await days.acknowledge('2026-10-11', 'ops', 'card office refunded j1')).toBe(true);
    expect(await days.alerts()).toEqual([]);
    expect((await days.get('2026-10-11'))!.acknowledged).toMatchObject({
      by: 'ops',
      reason: 'card office refunded j1',
    });
    // A later run finding more than was acknowledged is a new finding: the alert is back.
    await days.record('2026-10-11', 'cli:ops', 7, [mismatch, { ...mismatch, jobId: 'j2' }]);
    expect((await days.get('2026-10-11'))!.acknowledged).toBeNull();
    expect((await days.open()).map((d) => [d.day, d.runs, d.mismatches])).toEqual([['2026-10-11', 2, 2]]);
    // A later run that is clean ends it.
    await days.record('2026-10-11', 'cli:ops', 9, []);
    expect(await days.alerts()).toEqual([]);
    expect(await days.acknowledge('2026-10-11', 'ops', 'again')).toBe(false); // nothing to acknowledge
  });
});

// Two instances of central on one SQLite file are two processes (test/integration/central/failover.test.ts):
// in one process their connections would wait for each other's write lock while holding the only thread.
describe('two central instances on one PostgreSQL database', () => {
  const backend = 'postgres' as const;
  it('two instances on one database issue every serial once and count free copies exactly', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0) });
    const before = await freeLeft(a);
    const free = Math.min(before, 3);
    const jobs = Array.from({ length: 24 }, (_, i) => `c${i}`);
    const answers = await Promise.all(
      jobs.map((id, i) => (i % 2 ? a : b).authorize('k', job(id, students[i % students.length]!))),
    );
    const serials = answers.map((x) => x.serial);
    expect(new Set(serials).size).toBe(jobs.length);
    // Each replay through the other instance gets the first answer.
    const again = await Promise.all(
      jobs.map((id, i) => (i % 2 ? b : a).authorize('k', job(id, students[i % students.length]!))),
    );
    expect(again.map((x) => x.serial)).toEqual(serials);
    expect(await freeLeft(b)).toBe(before - jobs.filter((_, i) => i % students.length === 0).length);
    expect(free).toBeGreaterThan(0);
  });

  it('two instances claim a day of the nightly reconciliation once between them', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0) });
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).reconciliations.claim('2026-10-11', `i${i}`)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('a dashboard session made at one instance is valid at the other, and signing out at either ends it', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0) });
    const token = await a.createStaffSession({ id: staff.id, name: staff.name }, 60_000);
    expect(await b.staffSession(token)).toEqual({ id: staff.id, name: staff.name });
    await b.endStaffSession(token);
    expect(await a.staffSession(token)).toBeNull();
  });
});
