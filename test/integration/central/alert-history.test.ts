/**
 * The alert history and the webhook's delivery state in the database (issues #16 and #18): two central
 * instances on one PostgreSQL database, both noticing the same changes at the same moments, record each
 * raise and clear once and deliver each transition to the webhook once; a central restarted (a new store
 * on the same SQLite file) sends nothing twice and loses nothing it had not sent; transitions claimed by
 * an instance that died are sent by another once its claim lapses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertNotifier } from '../../../central/alert-notifier.js';
import { CLAIM_MS, claimDeliveries, queueDeliveries } from '../../../central/store/alert-deliveries.js';
import { recentAlerts } from '../../../central/store/alert-history.js';
import type { SqlCentralStore } from '../../../central/store/sql-store.js';
import type { TerminalRecord } from '../../../central/store/types.js';
import { useStoreBackends } from '../../helpers/central-stores.js';
import { postgresUnavailableReason } from '../../helpers/postgres.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const unavailable = postgresUnavailableReason();
if (unavailable) throw new Error(`The alert history is tested on PostgreSQL too: ${unavailable}`);

const stores = useStoreBackends();
const T0 = Date.parse('2026-11-02T02:00:00Z');
let clock = T0;

let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
});
afterAll(() => hook.close());

const jam = {
  printer: {
    state: 'stopped' as const,
    acceptingJobs: false,
    conditions: [{ keyword: 'media-jam', severity: 'error' as const, message: { zh: '卡纸', en: 'Paper jam' } }],
    supplies: [],
  },
  readers: [],
  reasons: [],
  templates: [],
};
const healthy = { ...jam, printer: { ...jam.printer, state: 'idle' as const, acceptingJobs: true, conditions: [] } };
let terminals: TerminalRecord[] = [];
const station = (id: string): TerminalRecord => ({
  id,
  name: `Station ${id}`,
  revoked: false,
  lastHeartbeat: new Date(T0).toISOString(),
  outOfService: false,
  backlog: 0,
  backlogOldestS: null,
  health: healthy,
});

/** The stations as they are now, each having just sent a heartbeat (so none goes silent as the clock moves). */
const now = async () => terminals.map((t) => ({ ...structuredClone(t), lastHeartbeat: new Date(clock).toISOString() }));
const notifierOf = (store: SqlCentralStore, urls = [hook.url]) =>
  new AlertNotifier({ store: { terminals: now, sql: store.sql }, urls, now: () => new Date(clock) });
const events = () => hook.posts.flatMap((p) => [...p.raised, ...p.cleared].map((a) => a.event));

describe('alert history and webhook deliveries', () => {
  it('two instances on one PostgreSQL database record each raise and clear once and send each once', async () => {
    hook.posts.length = 0;
    const a = await stores.open('postgres');
    const b = await stores.another(a);
    terminals = ['lib-1', 'lib-2', 'lib-3'].map(station);
    const na = notifierOf(a);
    const nb = notifierOf(b);
    await Promise.all([na.tick(), nb.tick()]);
    // Three rounds of changes, each noticed by both instances at once.
    for (const round of [0, 1, 2]) {
      clock += 15_000;
      terminals = terminals.map((t, i) => ({ ...t, health: (i + round) % 2 === 0 ? jam : healthy }));
      await Promise.all([na.tick(), nb.tick(), na.tick(), nb.tick()]);
    }
    const history = await recentAlerts(a.sql, 'lib-1', new Date(T0 - 1000).toISOString());
    // lib-1 jammed in rounds 0 and 2: two raises, the first cleared in round 1.
    expect(history.map((h) => [h.id, h.clearedAt !== null])).toEqual([
      ['lib-1:printer:media-jam', false],
      ['lib-1:printer:media-jam', true],
    ]);
    expect(await recentAlerts(b.sql, 'lib-2', new Date(T0 - 1000).toISOString())).toHaveLength(1);
    const sent = events();
    expect(sent.length).toBe(new Set(sent).size);
    // lib-1: raise, clear, raise; lib-2: raise (round 1), clear (round 2); lib-3 like lib-1.
    expect(sent).toHaveLength(8);
  });

  it('a restarted central sends nothing twice and what it had not sent once, in order', async () => {
    hook.posts.length = 0;
    clock = T0;
    terminals = [station('k-1')];
    const first = await stores.open('sqlite');
    await notifierOf(first).tick();
    terminals[0]!.health = jam;
    clock += 15_000;
    await notifierOf(first).tick();
    expect(events()).toHaveLength(1);
    // The receiver goes down; the jam is cleared; central is restarted before it comes back.
    hook.answer = 503;
    terminals[0]!.health = healthy;
    clock += 15_000;
    await notifierOf(first).tick();
    const again = await stores.another(first);
    await first.close();
    hook.answer = 204;
    clock += 60_000;
    await notifierOf(again).tick();
    await notifierOf(again).tick();
    expect(hook.posts.map((p) => [p.raised.map((x) => x.id), p.cleared.map((x) => x.id)])).toEqual([
      [['k-1:printer:media-jam'], []],
      [[], ['k-1:printer:media-jam']],
    ]);
    expect(events()).toEqual([
      hook.posts[0]!.raised[0]!.event,
      hook.posts[0]!.raised[0]!.event.replace('raised', 'cleared'),
    ]);
  });

  it('transitions claimed by an instance that died are sent by another once the claim lapses', async () => {
    hook.posts.length = 0;
    clock = T0;
    terminals = [station('d-1')];
    const a = await stores.open('postgres');
    const b = await stores.another(a);
    // a records the jam and claims its delivery, then dies before sending it.
    terminals[0]!.health = jam;
    await notifierOf(a, []).tick();
    await queueDeliveries(a.sql, hook.url, new Date(clock));
    expect(await claimDeliveries(a.sql, hook.url, new Date(clock))).not.toBeNull();
    await notifierOf(b).tick();
    expect(hook.posts).toEqual([]);
    clock += CLAIM_MS;
    await notifierOf(b).tick();
    expect(hook.posts.map((p) => p.raised.map((x) => x.id))).toEqual([['d-1:printer:media-jam']]);
  });
});
