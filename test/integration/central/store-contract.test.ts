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
import { setKind } from '../../../central/store/kinds.js';
import { hashPin } from '../../../lib/pin-hash.js';
import { LoginLimiter, SESSION_TTL_S, StaffSessions } from '../../../central/staff/sessions.js';
import { SignInStarts } from '../../../central/staff/cas-starts.js';
import { UsedTickets } from '../../../central/staff/cas-tickets.js';
import { CLAIM_STALE_MS } from '../../../central/store/reconciliations.js';
import { STORE_BACKENDS, useStoreBackends } from '../../helpers/central-stores.js';
import { alertsFor } from '../../../central/alerts.js';
import { demoCalendar } from '../../../central/seed/demo-terms.js';
import {
  enrollStations,
  listStations,
  revokeStation,
  StationsRefused,
} from '../../../central/store/station-enrollment.js';
import { recordAlerts } from '../../../central/store/alert-history.js';
import { claimDeliveries, markFailed, markSent, queueDeliveries } from '../../../central/store/alert-deliveries.js';
import { monthlyReport } from '../../../central/reports/monthly.js';
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

  it('records a card lookup with the catalog for the terminal that asked, and none for a lookup that names no terminal', async () => {
    const store = await seeded(backend);
    expect((await store.lookupCard(student.card))?.person.id).toBe(student.id);
    expect(await store.cardLookedUp('k', student.id, 60_000)).toBe(false);
    expect(await store.lookupCard('no-such-card', { at: 'k' })).toBeNull();
    const found = await store.lookupCard(student.card, { at: 'k' });
    expect(found?.catalog.map((c) => c.kind)).toContain('enrollment');
    expect(await store.cardLookedUp('k', student.id, 60_000)).toBe(true);
    expect(await store.cardLookedUp('k2', student.id, 60_000)).toBe(false);
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

  it('keeps failed sign-ins per address, CAS sign-in marks once, and each CAS ticket digest once', async () => {
    const store = await seeded(backend);
    await store.recordSignInFailure('10.0.0.1', T0, T0 - 300_000);
    await store.recordSignInFailure('10.0.0.1', T0 + 1000, T0 - 300_000);
    await store.recordSignInFailure('10.0.0.2', T0 + 2000, T0 - 300_000);
    expect(await store.signInFailures('10.0.0.1', T0)).toEqual([T0, T0 + 1000]);
    expect(await store.signInFailures('10.0.0.1', T0 + 1)).toEqual([T0 + 1000]);
    // A later failure forgets every one before its window, of any address.
    await store.recordSignInFailure('10.0.0.3', T0 + 600_000, T0 + 2000);
    expect(await store.signInFailures('10.0.0.1', 0)).toEqual([]);
    expect(await store.signInFailures('10.0.0.2', 0)).toEqual([T0 + 2000]);
    await store.clearSignInFailures('10.0.0.2');
    expect(await store.signInFailures('10.0.0.2', 0)).toEqual([]);

    await store.openCasSignIn('mark-a', T0, T0 + 600_000, 100);
    expect(await store.takeCasSignIn('mark-a', T0 + 1)).toBe(true);
    expect(await store.takeCasSignIn('mark-a', T0 + 2)).toBe(false);
    await store.openCasSignIn('mark-b', T0, T0 + 600_000, 100);
    expect(await store.takeCasSignIn('mark-b', T0 + 600_000)).toBe(false);

    expect(await store.firstUseOfCasTicket('digest-1', T0, T0 - 3_600_000)).toBe(true);
    expect(await store.firstUseOfCasTicket('digest-1', T0 + 1, T0 - 3_600_000)).toBe(false);
    expect(await store.firstUseOfCasTicket('digest-1', T0 + 3_600_001, T0 + 1)).toBe(true);
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
    const key = await store.signingKeys.register('k', pem);
    expect(await store.signingKeys.register('k', pem)).toEqual(key);
    await expect(store.signingKeys.register('k2', pem)).rejects.toMatchObject({ code: 'key_of_other_terminal' });
    expect((await store.signingKeys.all()).map((k) => k.terminalId)).toEqual(['k']);
    await expect(store.signingKeys.revoke(key.keyId, '  ', 'admin')).rejects.toMatchObject({ code: 'no_reason' });
    await expect(store.signingKeys.revoke('no-such-key', 'lost', 'admin')).rejects.toMatchObject({
      code: 'unknown_key',
    });
    const revoked = await store.signingKeys.revoke(key.keyId, 'station stolen', 'admin');
    expect(revoked).toMatchObject({ revokedReason: 'station stolen', revokedBy: 'admin' });
    await expect(store.signingKeys.revoke(key.keyId, 'again', 'admin')).rejects.toMatchObject({
      code: 'already_revoked',
    });
    expect((await store.signingKeys.all())[0]?.revokedAt).toBe(revoked.revokedAt);
  });
  it('audits acts in their own transaction, append-only, and finds them by filter and site scope', async () => {
    const clock = { now: T0 };
    const store = await seeded(backend, clock);
    await setTerminalSite(store.sql, 'k', 'qianfoshan/library');
    await setTerminalSite(store.sql, 'k2', 'qianfoshan2');
    const sessions = new StaffSessions(store);
    await sessions.end(
      await sessions.create({ id: staff.id, name: staff.name }, { method: 'card', address: '10.0.0.9' }),
    );
    clock.now += 60_000;
    await store.issueStaffGrant('k', staff.id);
    await store.recordAudit({
      actor: 'card:123',
      action: 'staff.sign_in_refused',
      outcome: 'refused',
      reason: 'wrong PIN or unknown card',
    });
    await store.publishSettings(
      { release: 'r', signature: 's', keyId: 'p' },
      { format: 'estation-settings/1', version: 1, terminals: ['*'], settings: {} },
      'admin:ops',
    );
    // A refused act writes no event: the audit commits with the act or not at all.
    await expect(
      store.publishSettings(
        { release: 'r', signature: 's', keyId: 'p' },
        { format: 'estation-settings/1', version: 1, terminals: ['*'], settings: {} },
        'admin:ops',
      ),
    ).rejects.toThrow(/not newer/);
    await store.recordAudit({
      actor: 'T1',
      action: 'station.action.restart',
      terminalId: 'k2',
      reason: '100% stuck_on_page',
    });

    const all = await store.searchAudit({ scopeSites: null });
    expect(all.rows.map((r) => r.action)).toEqual([
      'station.action.restart',
      'settings.published',
      'staff.sign_in_refused',
      'station.maintenance_opened',
      'staff.sign_out',
      'staff.sign_in',
      'station.enrolled',
      'station.enrolled',
    ]);
    expect(all.rows.find((r) => r.action === 'staff.sign_in')).toMatchObject({
      actor: staff.id,
      detail: { method: 'card', address: '10.0.0.9' },
    });
    expect(all.rows.find((r) => r.action === 'station.maintenance_opened')).toMatchObject({
      terminalId: 'k',
      site: 'qianfoshan/library',
    });
    // An operator of qianfoshan sees its stations' events, not qianfoshan2's (a prefix is not a parent) nor central's own.
    const op = await store.searchAudit({ scopeSites: ['qianfoshan'] });
    expect(op.rows.map((r) => r.action)).toEqual(['station.maintenance_opened']);
    expect((await store.searchAudit({ scopeSites: [] })).total).toBe(0);
    expect((await store.searchAudit({ scopeSites: null, action: 'staff.' })).total).toBe(3);
    expect((await store.searchAudit({ scopeSites: null, actor: 'admin:ops' })).rows[0]?.target).toBe('settings@1');
    // Free text is text: "%" matches a percent sign, not anything.
    expect((await store.searchAudit({ scopeSites: null, text: '100%' })).total).toBe(1);
    expect((await store.searchAudit({ scopeSites: null, text: '%' })).total).toBe(1);
    expect((await store.searchAudit({ scopeSites: null, text: 'STUCK_ON' })).total).toBe(1);
    const from = new Date(T0 + 30_000).toISOString();
    expect((await store.searchAudit({ scopeSites: null, from })).total).toBe(4);
    expect((await store.searchAudit({ scopeSites: null, to: from })).total).toBe(4);
    const page2 = await store.searchAudit({ scopeSites: null, limit: 3, offset: 3 });
    expect(page2).toMatchObject({ total: 8 });
    expect(page2.rows.map((r) => r.action)).toEqual(all.rows.slice(3, 6).map((r) => r.action));
    // A reprint and a station's revocation are audited with who, where and why.
    await store.authorize('k', job('o1'));
    const { token } = await store.issueStaffGrant('k', staff.id);
    const r = await store.authorize('k', { ...job('r1'), reprintOf: 'o1', staffGrant: token, reason: 'paper jam' });
    expect((await store.searchAudit({ scopeSites: null, action: 'document.reprint_granted' })).rows).toMatchObject([
      { actor: staff.id, terminalId: 'k', site: 'qianfoshan/library', target: r.serial, reason: 'paper jam' },
    ]);
    await store.revokeTerminal('k2', 'os:ops');
    expect((await store.searchAudit({ scopeSites: null, action: 'station.revoked' })).rows).toMatchObject([
      { actor: 'os:ops', terminalId: 'k2', site: 'qianfoshan2' },
    ]);
    await expect(store.recordAudit({ actor: 'x', action: 'staff.delete_everything' as never })).rejects.toThrow(
      /not an audit action/,
    );
    await expect(store.sql.run("UPDATE audit_events SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(store.sql.run('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });

  it('audits publishing: templates published, promoted and withdrawn, the institution set, a kind changed', async () => {
    const store = await seeded(backend);
    const signed = { release: 'r', signature: 's', keyId: 'pub-1' };
    const header = (version: string) => ({
      id: 'enrollment-zh',
      version,
      kind: 'enrollment' as const,
      language: 'zh' as const,
    });
    await store.addToGroup('pilot', ['k2'], 'admin:ops');
    await store.publishRelease(signed, header('1.0.0'), 'admin:ops', { toGroup: 'pilot' });
    await store.promoteRelease('enrollment-zh', '1.0.0', 'admin:ops');
    await store.withdrawRelease('enrollment-zh', '1.0.0', 'wrong seal', 'admin:ops');
    await store.setInstitution({ ...DEMO_INSTITUTION, serialPrefix: 'XU' }, 'os:registrar');
    const kind = (await store.kindDefinition('transcript'))!.definition;
    await setKind(store.sql, { ...kind, feeCents: kind.feeCents + 100 }, 'os:registrar', new Date(T0).toISOString());
    const rows = (await store.searchAudit({ scopeSites: null, action: 'template.' })).rows;
    expect(rows.map((r) => [r.action, r.target, r.reason])).toEqual([
      ['template.withdrawn', 'enrollment-zh@1.0.0', 'wrong seal'],
      ['template.promoted', 'enrollment-zh@1.0.0', null],
      ['template.published', 'enrollment-zh@1.0.0', null],
    ]);
    expect(rows[2]!.detail).toEqual({ group: 'pilot' });
    expect((await store.searchAudit({ scopeSites: null, actor: 'os:registrar' })).rows.map((r) => r.action)).toEqual([
      'kind.published',
      'institution.set',
    ]);
  });

  it('reports a month in the institution timezone by site, station, kind and language, and what needed attention', async () => {
    // 2026-02-28 23:30 UTC is 07:30 on 1 March in Beijing: March's.
    const clock = { now: Date.parse('2026-02-28T23:30:00Z') };
    const store = await seeded(backend, clock);
    await setTerminalSite(store.sql, 'k', 'qianfoshan/library');
    await setTerminalSite(store.sql, 'k2', 'hongjialou');
    const a = await store.authorize('k', job('m1'));
    await store.report('k', [printed('m1', a.serial)]);
    const b = await store.authorize('k2', { ...job('m2', students[1]!), language: 'en' });
    await store.report('k2', [{ ...printed('m2', b.serial), outcome: 'failed' }]);
    await store.authorize('k2', job('m3', students[2]!));
    clock.now = Date.parse('2026-02-28T15:59:00Z'); // 23:59 on 28 February in Beijing
    const c = await store.authorize('k', job('f1', students[3]!));
    await store.report('k', [printed('f1', c.serial)]);

    const march = await monthlyReport(store, '2026-03', 'Asia/Shanghai', null);
    expect(march.from).toBe('2026-02-28T16:00:00.000Z');
    const [printedT, , attention] = march.tables;
    expect(printedT!.rows).toEqual([
      ['qianfoshan/library', 'k', 'enrollment', expect.stringMatching(/ \/ /), 'zh', 1, 1, 1],
      ['Total', '', '', '', '', 1, 1, 1],
    ]);
    expect(attention!.rows[0]).toEqual(['hongjialou', 'k2', 1, 0, 1, 0]);
    const feb = await monthlyReport(store, '2026-02', 'Asia/Shanghai', null);
    expect(feb.tables[0]!.rows[0]!.slice(0, 2)).toEqual(['qianfoshan/library', 'k']);
    // An operator of hongjialou sees hongjialou's stations only.
    const scoped = await monthlyReport(store, '2026-03', 'Asia/Shanghai', ['hongjialou']);
    expect(scoped.tables[0]!.rows).toEqual([]);
    expect(scoped.tables[2]!.rows.map((r) => r[1])).toEqual(['k2', '']);
  });

  it('keeps remote actions: carried until answered, answered once, expired unfetched, screenshots kept a day', async () => {
    const clock = { now: T0 };
    const store = await seeded(backend, clock);
    const ask = (id: string, terminalId = 'k', expiresInMs = 10 * 60_000) =>
      store.stationActions.request({
        id,
        terminalId,
        action: id.startsWith('shot') ? 'screenshot' : 'logs',
        params: id.startsWith('shot') ? {} : { lines: 5 },
        reason: 'the printer looks stuck',
        by: staff.id,
        via: 'dashboard',
        expiresInMs,
      });
    expect(await ask('a1')).toMatchObject({ state: 'pending', params: { lines: 5 }, by: staff.id, deliveries: 0 });
    await ask('a2', 'k2');
    // Carried with every heartbeat until answered: a lost answer loses nothing; only the terminal's own.
    expect((await store.stationActions.deliver('k')).map((a) => [a.id, a.state])).toEqual([['a1', 'delivered']]);
    clock.now += 30_000;
    expect((await store.stationActions.deliver('k')).map((a) => a.id)).toEqual(['a1']);
    expect(await store.stationActions.byId('a1')).toMatchObject({
      deliveries: 2,
      deliveredAt: new Date(T0).toISOString(),
    });
    // The answer of another terminal for it is no answer; the first of its own stays.
    expect(await store.stationActions.recordResult('k2', { id: 'a1', state: 'done', outcome: 'x' })).toBeNull();
    const lines = ['{"msg":"one"}', '{"msg":"two"}'];
    expect(
      await store.stationActions.recordResult('k', { id: 'a1', state: 'done', outcome: '2 lines', logLines: lines }),
    ).toBe('recorded');
    expect(await store.stationActions.recordResult('k', { id: 'a1', state: 'failed', outcome: 'again' })).toBe(
      'already',
    );
    expect(await store.stationActions.byId('a1')).toMatchObject({ state: 'done', outcome: '2 lines', logLines: lines });
    expect(await store.stationActions.deliver('k')).toEqual([]);
    // An offline station never gets an action whose wait is over; it says so.
    await ask('a3', 'k', 60_000);
    clock.now += 61_000;
    expect(await store.stationActions.deliver('k')).toEqual([]);
    expect(await store.stationActions.byId('a3')).toMatchObject({
      state: 'expired',
      outcome: expect.stringMatching(/expired/),
    });
    expect(await store.stationActions.recordResult('k', { id: 'a3', state: 'done', outcome: 'late' })).toBe('already');
    // A screenshot is kept a day, then removed from the row, which still says one was taken.
    await ask('shot1');
    await store.stationActions.deliver('k');
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await store.stationActions.recordResult('k', {
      id: 'shot1',
      state: 'done',
      outcome: 'taken',
      screenshotPng: png.toString('base64'),
    });
    expect(await store.stationActions.screenshot('shot1')).toEqual(png);
    expect(await store.stationActions.byId('shot1')).toMatchObject({ hasScreenshot: true });
    clock.now += 24 * 3600_000 + 1000;
    expect(await store.stationActions.screenshot('shot1')).toBeNull();
    expect(await store.stationActions.byId('shot1')).toMatchObject({
      hasScreenshot: false,
      screenshotUntil: expect.any(String),
    });
    // The station's history, newest first.
    expect((await store.stationActions.ofTerminal('k')).map((a) => a.id)).toEqual(['shot1', 'a3', 'a1']);
    expect((await store.stationActions.ofTerminal('k2')).map((a) => a.id)).toEqual(['a2']);
    // Each step is in the audit, with who asked and why: asked, answered, expired.
    const audit = await store.searchAudit({ scopeSites: null, terminalId: 'k' });
    const steps = audit.rows
      .filter((r) => r.action.startsWith('station.action.'))
      .map((r) => [r.target, r.action, r.outcome, r.actor, r.reason]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ['a1', 'station.action.logs', 'pending', staff.id, 'the printer looks stuck'],
        ['a1', 'station.action.logs', 'done', staff.id, 'the printer looks stuck'],
        ['a3', 'station.action.logs', 'expired', staff.id, 'the printer looks stuck'],
        ['shot1', 'station.action.screenshot', 'done', staff.id, 'the printer looks stuck'],
      ]),
    );
    expect(steps.filter(([id]) => id === 'a1')).toHaveLength(2);
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
    // Measured against what was acknowledged, not against the run before: 2 acknowledged, then runs finding
    // 1 and 2 are nothing new; 3 is.
    expect(await days.acknowledge('2026-10-11', 'ops', 'both refunded by the card office')).toBe(true);
    const found = (n: number) => Array.from({ length: n }, (_, i) => ({ ...mismatch, jobId: `j${i + 1}` }));
    await days.record('2026-10-11', 'cli:ops', 7, found(1));
    await days.record('2026-10-11', 'cli:ops', 7, found(2));
    expect(await days.alerts()).toEqual([]);
    await days.record('2026-10-11', 'cli:ops', 7, found(3));
    expect((await days.alerts()).map((a) => a.id)).toEqual(['payments:reconcile:2026-10-11']);
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

  // Authorizations and reports run at READ COMMITTED with row locks (lib/sql/types.ts TransactionOptions).
  it('row locks: one person at once on both instances gets each free copy once, one job id once, one report counted once', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0) });
    const before = await freeLeft(a);
    expect(before).toBeGreaterThan(0);
    const tries = Array.from({ length: before + 4 }, (_, i) => (i % 2 ? a : b).authorize('k', job(`r${i}`)));
    const free = (await Promise.allSettled(tries)).filter(
      (r) => r.status === 'fulfilled' && r.value.chargedCents === 0,
    );
    expect(free).toHaveLength(before);
    expect(await freeLeft(b)).toBe(0);

    const [one, other] = await Promise.all([
      a.authorize('k', job('same', students[1])),
      b.authorize('k', job('same', students[1])),
    ]);
    expect(other.serial).toBe(one.serial);
    expect((await a.documentsOfTerminal('k')).filter((d) => d.jobId === 'same')).toHaveLength(1);

    const reports = await Promise.all([a, b, a, b].map((s) => s.report('k', [printed('same', one.serial)])));
    expect(reports.flat().map((r) => r.result)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect((await a.document('same'))?.reportCount).toBe(1);
  });

  // A valid terminal token is kept up to terminalTokenTtlMs (central/store/token-cache.ts).
  it('revoked station token: refused at once where it was revoked, and within the token time at another instance', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0), terminalTokenTtlMs: 1000 });
    const token = await a.enrollTerminal('t9', 'T9');
    expect(await b.terminalByToken(token)).toEqual({ id: 't9', name: 'T9' });
    expect(await b.terminalByToken(`${token}x`)).toBeNull();
    await a.revokeTerminal('t9', 'admin', 'station stolen');
    expect(await a.terminalByToken(token)).toBeNull();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await b.terminalByToken(token)).toBeNull();
    // A token enrolled again works at once, even where the old one was kept.
    const again = await a.enrollTerminal('t9', 'T9');
    expect(await b.terminalByToken(again)).toEqual({ id: 't9', name: 'T9' });
  });

  // Lookup buckets change by compare-and-set (central/store/lookup-limits.ts), not under a lock.
  it('lookup buckets: takes at once on both instances spend each token once, and misses count once each', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0) });
    const limits = { lookup: { burst: 10, perMinute: 1 }, miss: { burst: 4, perMinute: 1 } };
    const waits = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).takeCardLookup('k', limits)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(waits.filter((w) => w > 0)).toHaveLength(6);
    await Promise.all(Array.from({ length: 3 }, (_, i) => (i % 2 ? a : b).recordLookupMiss('k2', limits)));
    expect(await a.takeCardLookup('k2', limits)).toBe(0);
    await b.recordLookupMiss('k2', limits);
    expect(await a.takeCardLookup('k2', limits)).toBeGreaterThan(0);
  });

  it('each instance numbers serials from a block of 20 it reserved: never one twice, the next block after the last', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0) });
    const numberOf = async (store: SqlCentralStore, id: string, i: number) =>
      Number((await store.authorize('k', job(id, students[i % students.length]!))).serial.slice(-6));
    expect([await numberOf(a, 'blk-a0', 0), await numberOf(b, 'blk-b0', 1), await numberOf(a, 'blk-a1', 2)]).toEqual([
      1, 21, 2,
    ]);
    const rest: number[] = [];
    for (let i = 2; i < 21; i++) rest.push(await numberOf(a, `blk-a${i}`, i));
    // a's block 1-20 used up, b holds 21-40: a's next block is 41-60.
    expect(rest).toEqual([...Array.from({ length: 18 }, (_, i) => i + 3), 41]);
  });

  it('sign-in failures, CAS sign-in marks and CAS tickets are shared: what one instance saw, the other knows', async () => {
    const a = await seeded(backend);
    const b = await stores.another(a, { now: () => new Date(T0) });
    const now = () => new Date(T0);
    const limiterA = new LoginLimiter(a, now);
    const limiterB = new LoginLimiter(b, now);
    for (let i = 0; i < 3; i++) await limiterA.fail('10.9.9.9');
    for (let i = 0; i < 2; i++) await limiterB.fail('10.9.9.9');
    expect(await limiterA.waitS('10.9.9.9')).toBe(300);
    const mark = await new SignInStarts(a, now).start();
    expect(await new SignInStarts(b, now).take(mark)).toBe(true);
    expect(await new SignInStarts(a, now).take(mark)).toBe(false);
    const results = await Promise.all([
      new UsedTickets(a, now).firstUse('ST-7-shared'),
      new UsedTickets(b, now).firstUse('ST-7-shared'),
    ]);
    expect(results.sort()).toEqual([false, true]);
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

// Issue #18's fleet modules over the store's SQL (station-enrollment.ts, alert-history.ts, alert-deliveries.ts)
// and the academic calendar's holidays in the last working day.
describe.each(STORE_BACKENDS)('fleet on %s', (backend) => {
  it('enrolls stations all or nothing, refuses enrolled ids without rotate, revokes with who and why', async () => {
    const store = await seeded(backend);
    const tokens = await enrollStations(
      store.sql,
      [
        { id: 's1', name: 'S1', site: 'east/library' },
        { id: 's2', name: 'S2', site: 'west' },
      ],
      { rotate: false, by: 'os:ops' },
    );
    expect((await store.terminalByToken(tokens[0]!.token))?.id).toBe('s1');
    await expect(
      enrollStations(
        store.sql,
        [
          { id: 's3', name: 'S3', site: 'west' },
          { id: 'k', name: 'K', site: 'west' },
        ],
        { rotate: false, by: 'os:ops' },
      ),
    ).rejects.toThrow(StationsRefused);
    expect((await listStations(store.sql)).map((s) => s.id)).not.toContain('s3');
    // Through the store, as a running central revokes: its own instance refuses the token at once.
    await store.revokeTerminal('s1', 'os:ops', 'stolen');
    await expect(revokeStation(store.sql, 's1', { by: 'os:ops', reason: 'x', at: 'x' })).rejects.toThrow(
      /already revoked/,
    );
    expect(await store.terminalByToken(tokens[0]!.token)).toBeNull();
    expect((await listStations(store.sql, 'east')).map((s) => [s.id, s.revoked])).toEqual([
      ['s1', { at: new Date(T0).toISOString(), by: 'os:ops', reason: 'stolen' }],
    ]);
    const [rotated] = await enrollStations(store.sql, [{ id: 's1', name: 'S1', site: 'east' }], {
      rotate: true,
      by: 'os:ops',
    });
    expect((await store.terminalByToken(rotated!.token))?.id).toBe('s1');
    expect((await listStations(store.sql, 'east'))[0]!.revoked).toBeNull();
    // Each enrollment and the revocation are in the audit, with who (and why); the refused batch is not.
    const audit = await store.searchAudit({ scopeSites: null, actor: 'os:ops' });
    const events = audit.rows.map((r) => `${r.action} ${r.terminalId} ${r.reason ?? ''}`.trim()).sort();
    expect(events).toEqual([
      'station.enrolled s1',
      'station.enrolled s1',
      'station.enrolled s2',
      'station.revoked s1 stolen',
    ]);
  });

  it('records alerts raised and cleared once, and hands each transition to a webhook once, in order', async () => {
    const store = await seeded(backend);
    const alert = (id: string) => ({
      id,
      terminalId: 'k',
      terminalName: 'K',
      severity: 'error' as const,
      cause: 'printer',
      message: { zh: '卡纸', en: 'Jam' },
    });
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    expect(await recordAlerts(store.sql, [alert('k:printer:jam')], at(0))).toEqual({ raised: 1, cleared: 0 });
    expect(await recordAlerts(store.sql, [alert('k:printer:jam')], at(15))).toEqual({ raised: 0, cleared: 0 });
    await queueDeliveries(store.sql, 'http://hook.test/', new Date(T0 + 15_000));
    expect(await recordAlerts(store.sql, [], at(30))).toEqual({ raised: 0, cleared: 1 });
    expect(await recordAlerts(store.sql, [alert('k:printer:jam')], at(45))).toEqual({ raised: 1, cleared: 0 });
    const recent = await store.recentAlerts('k', at(-1));
    expect(recent.map((r) => [r.raisedAt, r.clearedAt])).toEqual([
      [at(45), null],
      [at(0), at(30)],
    ]);
    const now = new Date(T0 + 60_000);
    await queueDeliveries(store.sql, 'http://hook.test/', now);
    const claim = (await claimDeliveries(store.sql, 'http://hook.test/', now))!;
    expect(claim.deliveries.map((d) => [d.alert.raisedAt, d.transition])).toEqual([
      [at(0), 'raised'],
      [at(0), 'cleared'],
      [at(45), 'raised'],
    ]);
    // Claimed: nothing more for anyone until it is sent or fails.
    expect(await claimDeliveries(store.sql, 'http://hook.test/', now)).toBeNull();
    await markFailed(store.sql, claim, now, 'the webhook answered 503', 30_000);
    expect(await claimDeliveries(store.sql, 'http://hook.test/', new Date(T0 + 89_000))).toBeNull();
    const again = (await claimDeliveries(store.sql, 'http://hook.test/', new Date(T0 + 90_000)))!;
    expect(again.deliveries).toHaveLength(3);
    await markSent(store.sql, again, new Date(T0 + 90_000));
    await queueDeliveries(store.sql, 'http://hook.test/', new Date(T0 + 95_000));
    expect(await claimDeliveries(store.sql, 'http://hook.test/', new Date(T0 + 95_000))).toBeNull();
  });

  it('no idle alert for a holiday of the academic calendar, one for a make-up Saturday the station stood unused', async () => {
    // T0 is Monday 2026-10-12, 10:00 in Beijing. The station is online all of Friday the 9th and Saturday the 10th.
    const friday = Date.parse('2026-10-09T00:00:00Z');
    const clock = { now: friday };
    const store = await seeded(backend, clock);
    for (const day of [friday, friday + 24 * 3600_000]) {
      clock.now = day;
      for (let at = day; at < day + 10 * 3600_000; at += 5 * 60_000)
        await store.heartbeat('k', new Date(at).toISOString(), { outOfService: false, backlog: 0 });
    }
    clock.now = T0;
    const idle = async () => {
      const k = (await store.terminals()).find((t) => t.id === 'k')!;
      return alertsFor({ ...k, lastHeartbeat: new Date(T0).toISOString() }, new Date(T0)).map((a) => a.cause);
    };
    expect(await idle()).toContain('idle');
    await store.setTermCalendar({ ...demoCalendar(), holidays: ['2026-10-09'] });
    // Friday off: the last working day is Thursday the 8th, when the station was not online.
    expect(await idle()).not.toContain('idle');
    await store.setTermCalendar({ ...demoCalendar(), holidays: ['2026-10-09'], workdays: ['2026-10-10'] });
    expect((await store.terminals()).find((t) => t.id === 'k')!.workingDay?.date).toBe('2026-10-10');
    expect(await idle()).toContain('idle');
  });
});
