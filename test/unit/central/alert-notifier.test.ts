/**
 * The alert webhook, against a real HTTP receiver on loopback and a real SQLite store for the alert
 * history and the delivery state: raised and cleared alerts are posted once; while the receiver is down
 * nothing is lost, and what came and went meanwhile arrives as a raise and its clear.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertNotifier, type NotifiedAlert } from '../../../central/alert-notifier.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import type { TerminalRecord } from '../../../central/store/types.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
/** The notifier's clock: each test moves it on past the retry pause where it needs to. */
let clock = NOW.getTime();
let store: SqliteCentralStore;
const healthy = {
  printer: { state: 'idle' as const, acceptingJobs: true, conditions: [], supplies: [] },
  readers: [{ id: 'r', state: 'connected' as const }],
  reasons: [],
  templates: [],
};
const paperOut = {
  ...healthy,
  printer: {
    ...healthy.printer,
    state: 'stopped' as const,
    conditions: [
      {
        keyword: 'media-empty',
        severity: 'error' as const,
        message: { zh: '打印机缺纸', en: 'The printer is out of paper' },
      },
    ],
  },
};

let hook: WebhookReceiver;
let terminals: TerminalRecord[];

beforeEach(async () => {
  clock = NOW.getTime();
  store = await SqliteCentralStore.open(join(mkdtempSync(join(tmpdir(), 'estation-notifier-')), 'central.sqlite'));
  hook = await startWebhookReceiver();
  terminals = [
    {
      id: 'lib-1',
      name: 'Library',
      revoked: false,
      lastHeartbeat: ago(5),
      outOfService: false,
      backlog: 0,
      backlogOldestS: null,
      health: healthy,
    },
  ];
});
afterEach(async () => {
  await hook.close();
  await store.close();
});

const notifier = (errors: string[] = []) =>
  new AlertNotifier({
    store: { terminals: async () => structuredClone(terminals), sql: store.sql },
    urls: [hook.url],
    now: () => new Date(clock),
    onError: (m) => errors.push(m),
  });
const ids = (xs: NotifiedAlert[]) => xs.map((a) => a.id);

describe('alert webhook', () => {
  it('hook.posts an alert once when raised and once when cleared, with the terminal named', async () => {
    const n = notifier();
    await n.tick();
    expect(hook.posts).toEqual([]);
    terminals[0]!.health = paperOut;
    await n.tick();
    await n.tick();
    expect(hook.posts).toHaveLength(1);
    expect(hook.posts[0]!.raised).toEqual([
      expect.objectContaining({
        id: 'lib-1:printer:media-empty',
        severity: 'error',
        terminalId: 'lib-1',
        terminalName: 'Library',
        message: { zh: '打印机缺纸', en: 'The printer is out of paper' },
      }),
    ]);
    expect(hook.posts[0]!.cleared).toEqual([]);
    terminals[0]!.health = healthy;
    await n.tick();
    expect(hook.posts[1]).toMatchObject({
      raised: [],
      cleared: [expect.objectContaining({ id: 'lib-1:printer:media-empty' })],
    });
  });

  it('loses nothing while the receiver is down: what came and went meanwhile arrives as a raise and its clear', async () => {
    const errors: string[] = [];
    const n = notifier(errors);
    hook.answer = 503;
    terminals[0]!.health = paperOut;
    await n.tick();
    expect(errors[0]).toMatch(/answered 503; will try again/);
    // The paper came back and the terminal went silent, all while the receiver was down.
    terminals[0]!.health = healthy;
    terminals[0]!.lastHeartbeat = ago(600);
    hook.answer = 204;
    await n.tick();
    expect(hook.posts).toEqual([]); // the failed send waits out its retry pause
    // Past the retry pause and the silence limit since the notifier started (its silence is judged now).
    clock += 90_000;
    await n.tick();
    expect(hook.posts).toHaveLength(1);
    expect(ids(hook.posts[0]!.raised)).toEqual(['lib-1:printer:media-empty', 'lib-1:silent']);
    expect(ids(hook.posts[0]!.cleared)).toEqual(['lib-1:printer:media-empty']);
    expect(hook.posts[0]!.raised[0]!.event.replace(':raised', ':cleared')).toBe(hook.posts[0]!.cleared[0]!.event);
    await n.tick();
    expect(hook.posts).toHaveLength(1);
  });

  it('hook.posts "behind the fleet" for a station left on an older version, and clears it once it updates', async () => {
    const at = (id: string, version: string): TerminalRecord => ({ ...terminals[0]!, id, softwareVersion: version });
    terminals = [at('lib-1', '1.4.0'), at('lib-2', '1.4.0'), at('lab-3', '1.3.0')];
    const n = notifier();
    await n.tick();
    expect(hook.posts).toHaveLength(1);
    expect(ids(hook.posts[0]!.raised)).toEqual(['lab-3:version']);
    terminals[2]!.softwareVersion = '1.4.0';
    await n.tick();
    expect(ids(hook.posts[1]!.cleared)).toEqual(['lab-3:version']);
  });

  it('just started, does not judge the silence of a station last heard before the start; later it does', async () => {
    terminals[0]!.lastHeartbeat = ago(3600);
    const n = notifier();
    await n.tick();
    clock += 60_000;
    await n.tick();
    expect(hook.posts).toEqual([]);
    clock += 30_000;
    await n.tick();
    expect(hook.posts.map((p) => ids(p.raised))).toEqual([['lib-1:silent']]);
  });

  it('survives a receiver that cannot be reached at all', async () => {
    const errors: string[] = [];
    await hook.close();
    terminals[0]!.health = paperOut;
    await notifier(errors).tick();
    expect(errors).toHaveLength(1);
    hook = await startWebhookReceiver(); // for afterEach
  });
});
