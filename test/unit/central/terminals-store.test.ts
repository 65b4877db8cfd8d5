/**
 * Terminal health in the SQLite store (central/store/terminals.ts): stored with a heartbeat, kept when a
 * later heartbeat carries none, validated when read (a bad row reads as null), and migration 5 applied.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CENTRAL_MIGRATIONS } from '../../../central/store/migrations.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { parseHealth } from '../../../central/store/terminals.js';
import type { TerminalHealth } from '../../../shared/central-api.js';

const HEALTH: TerminalHealth = {
  printer: {
    state: 'stopped',
    acceptingJobs: false,
    conditions: [{ keyword: 'media-empty', severity: 'error', message: { zh: '缺纸', en: 'Out of paper' } }],
    supplies: [{ name: 'Toner', percent: 40 }],
  },
  readers: [{ id: 'hid-1', state: 'connected' }],
  reasons: [{ zh: '打印机缺纸', en: 'The printer is out of paper' }],
  templates: [{ id: 'enrollment-zh', version: '1.0.0' }],
};

let store: SqliteCentralStore;
beforeEach(async () => {
  store = await SqliteCentralStore.open(':memory:');
  await store.enrollTerminal('b', 'Canteen');
  await store.enrollTerminal('a', 'Library');
});
afterEach(() => store.close());

describe('terminal health in the store', () => {
  it('adds a health column in a new migration', () => {
    expect(CENTRAL_MIGRATIONS.filter((m) => m.includes('ADD COLUMN health TEXT'))).toHaveLength(1);
    const cols = store.db.prepare('PRAGMA table_info(terminals)').all() as { name: string }[];
    expect(cols.map((c) => c.name)).toContain('health');
  });

  it('lists every terminal by id, with no health before any heartbeat', async () => {
    expect(await store.terminals()).toEqual([
      {
        id: 'a',
        name: 'Library',
        revoked: false,
        lastHeartbeat: null,
        outOfService: null,
        backlog: null,
        backlogOldestS: null,
        health: null,
        clockOffsetMs: null,
        softwareVersion: null,
        site: null,
      },
      {
        id: 'b',
        name: 'Canteen',
        revoked: false,
        lastHeartbeat: null,
        outOfService: null,
        backlog: null,
        backlogOldestS: null,
        health: null,
        clockOffsetMs: null,
        softwareVersion: null,
        site: null,
      },
    ]);
  });

  it('stores the health a heartbeat carries and keeps it when the next one carries none', async () => {
    await store.heartbeat('a', '2026-03-02T10:00:00.000Z', {
      outOfService: true,
      backlog: 2,
      backlogOldestS: 60,
      health: HEALTH,
    });
    expect((await store.terminals())[0]).toMatchObject({
      lastHeartbeat: '2026-03-02T10:00:00.000Z',
      outOfService: true,
      backlog: 2,
      health: HEALTH,
    });
    await store.heartbeat('a', '2026-03-02T10:00:05.000Z', { outOfService: false, backlog: 0 });
    expect((await store.terminals())[0]).toMatchObject({
      lastHeartbeat: '2026-03-02T10:00:05.000Z',
      outOfService: false,
      backlog: 0,
      backlogOldestS: null,
      health: HEALTH,
    });
    const newer = { ...HEALTH, reasons: [] };
    await store.heartbeat('a', '2026-03-02T10:00:10.000Z', { outOfService: false, backlog: 0, health: newer });
    expect((await store.terminals())[0]!.health).toEqual(newer);
  });

  it('reads a row whose health is not valid JSON or not a TerminalHealth as null, without throwing', async () => {
    store.db.prepare("UPDATE terminals SET health = '{not json' WHERE id = 'a'").run();
    store.db.prepare(`UPDATE terminals SET health = '{"printer":"on fire"}' WHERE id = 'b'`).run();
    expect((await store.terminals()).map((t) => t.health)).toEqual([null, null]);
    expect(parseHealth(null)).toBeNull();
    expect(parseHealth(JSON.stringify(HEALTH))).toEqual(HEALTH);
    expect(parseHealth(JSON.stringify({ ...HEALTH, extra: 1 }))).toBeNull();
  });

  it('lists revoked terminals as revoked', async () => {
    await store.revokeTerminal('b');
    expect((await store.terminals()).map((t) => [t.id, t.revoked])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });
});
