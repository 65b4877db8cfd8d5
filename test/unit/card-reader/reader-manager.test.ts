import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderConfig } from '../../../kiosk-config/readers.js';
import { ReaderConfig as ReaderConfigSchema } from '../../../kiosk-config/readers.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { backoffDelay, ReaderManager, type ReaderManagerOptions } from '../../../drivers/card-reader/reader-manager.js';
import { SimulatedCardReader } from '../../../drivers/card-reader/simulated.js';
import type { CardRead, GarbageReport, ReaderStatus } from '../../../drivers/card-reader/types.js';
import { DeviceError } from '../../../drivers/errors.js';
import { waitFor } from '../../helpers/pty.js';

const managers: ReaderManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

const cfg = (input: Record<string, unknown>): ReaderConfig => ReaderConfigSchema.parse({ type: 'simulated', ...input });

/** A SimulatedCardReader that counts open() calls, standing in for any hardware reader. */
class CountingReader extends SimulatedCardReader {
  opens = 0;
  failWith: Error | null = null;
  /** Simulates a flaky connector: the reader is lost again right after opening. */
  dropAfterOpen = false;
  override async open(): Promise<void> {
    this.opens++;
    if (this.failWith) throw this.failWith;
    await super.open();
    if (this.dropAfterOpen) {
      this.unplug();
      this.replug();
    }
  }
}

function setup(configs: ReaderConfig[], options: ReaderManagerOptions = {}) {
  const readers = new Map<string, CountingReader>();
  const logs: { msg: string; extra?: Record<string, unknown> }[] = [];
  const manager = new ReaderManager(configs, {
    plugEvents: null,
    create: (c) => {
      const r = new CountingReader(c.id);
      readers.set(c.id, r);
      return r;
    },
    log: { warn: (msg, extra) => logs.push({ msg, ...(extra ? { extra } : {}) }) },
    ...options,
  });
  managers.push(manager);
  const cards: CardRead[] = [];
  const statuses: ReaderStatus[] = [];
  const garbage: GarbageReport[] = [];
  manager.on('card', (c) => cards.push(c));
  manager.on('status', (s) => statuses.push(s));
  manager.on('garbage', (g) => garbage.push(g));
  return { manager, reader: (id: string) => readers.get(id)!, logs, cards, statuses, garbage };
}

describe('ReaderManager', () => {
  it('gives a reader missing at start a clear disconnected status, and restores it when it is plugged in', async () => {
    const t = setup([cfg({ id: 'door', reconnect: { minMs: 50, maxMs: 200 } })]);
    t.reader('door').unplug();
    await t.manager.open();
    expect(t.statuses).toEqual([
      { state: 'disconnected', readerId: 'door', message: expect.stringMatching(/unplugged/) },
    ]);
    await waitFor(() => t.reader('door').opens >= 3, 'retries');
    expect(t.statuses).toHaveLength(1); // the same failure is not reported again
    t.reader('door').replug();
    await waitFor(() => t.statuses.length === 2, 'the reader to be reopened');
    expect(t.statuses[1]).toEqual({ state: 'connected', readerId: 'door' });
    t.reader('door').swipe('0012345678');
    expect(t.cards.map((c) => c.card)).toEqual(['0012345678']);
    expect(t.manager.stats()[0]).toMatchObject({ id: 'door', reconnects: 1, cards: 1 });
  });

  it('reconnects a reader unplugged while open', async () => {
    const t = setup([cfg({ id: 'door', reconnect: { minMs: 50, maxMs: 100 } })]);
    await t.manager.open();
    t.reader('door').unplug();
    expect(t.statuses.map((s) => s.state)).toEqual(['connected', 'disconnected']);
    t.reader('door').replug();
    await waitFor(() => t.statuses.length === 3, 'the reader to come back');
    expect(t.statuses[2]!.state).toBe('connected');
  });

  it('keeps retrying a reader that is lost again while open() is still returning', async () => {
    const t = setup([cfg({ id: 'door', reconnect: { minMs: 50, maxMs: 50 } })]);
    t.reader('door').dropAfterOpen = true;
    await t.manager.open();
    expect(t.statuses.map((s) => s.state)).toEqual(['connected', 'disconnected']);
    await waitFor(() => t.reader('door').opens >= 3, 'retries');
    t.reader('door').dropAfterOpen = false;
    await waitFor(() => t.reader('door').isOpen && t.statuses.at(-1)?.state === 'connected', 'a stable connection');
  });

  it('backs off exponentially up to maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 100].map((a) => backoffDelay({ minMs: 500, maxMs: 10_000 }, a));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('retries at once when a USB device is attached, instead of waiting for the backoff', async () => {
    const plug = new EventEmitter();
    const t = setup([cfg({ id: 'door', reconnect: { minMs: 60_000, maxMs: 60_000 } })], {
      plugEvents: plug,
      attachSettleMs: 10,
    });
    t.reader('door').unplug();
    await t.manager.open();
    expect(plug.listenerCount('attach')).toBe(1);
    t.reader('door').replug();
    plug.emit('attach', {});
    await waitFor(() => t.statuses.at(-1)?.state === 'connected', 'the reader to be reopened after the attach event');
    await t.manager.close();
    expect(plug.listenerCount('attach')).toBe(0);
  });

  it('drops the same card within the dedupe window, sliding while it keeps being read', async () => {
    let now = 0;
    const t = setup([cfg({ id: 'door', dedupeMs: 1500 }), cfg({ id: 'side', dedupeMs: 1500 })], { now: () => now });
    await t.manager.open();
    const tap = (id: string, card: string, at: number) => {
      now = at;
      t.reader(id).swipe(card);
    };
    tap('door', '111', 0);
    tap('door', '111', 1000); // duplicate
    tap('door', '111', 2000); // still lying there: duplicate (1000 ms after the last read)
    tap('door', '222', 2100); // another card
    tap('door', '111', 2200); // a different card came in between: new tap
    tap('side', '111', 2300); // another reader
    tap('door', '111', 5000); // window over
    expect(t.cards.map((c) => `${c.readerId}:${c.card}`)).toEqual([
      'door:111',
      'door:222',
      'door:111',
      'side:111',
      'door:111',
    ]);
    expect(t.manager.stats()[0]).toMatchObject({ cards: 4, duplicates: 2 });
  });

  it('does not dedupe the simulated reader by default, and dedupes hardware readers by default', async () => {
    const t = setup([
      cfg({ id: 'demo' }),
      ReaderConfigSchema.parse({ type: 'serial', id: 'wall', path: '/dev/ttyUSB0' }),
    ]);
    await t.manager.open();
    for (const id of ['demo', 'demo', 'wall', 'wall']) t.reader(id).swipe('1');
    expect(t.cards.map((c) => c.readerId)).toEqual(['demo', 'demo', 'wall']);
  });

  it('counts garbage and logs it at most once per interval', async () => {
    let now = 0;
    const t = setup([cfg({ id: 'door' })], { now: () => now, garbageLogEveryMs: 60_000 });
    await t.manager.open();
    for (let i = 0; i < 100; i++) t.reader('door').swipe('   ');
    const garbageLogs = () => t.logs.filter((l) => l.msg === 'card reader sent input that is not a card');
    expect(t.garbage).toHaveLength(100);
    expect(garbageLogs()).toHaveLength(1);
    expect(garbageLogs()[0]!.extra).toMatchObject({ readerId: 'door', count: 1, total: 1 });
    now = 59_000;
    t.reader('door').swipe(' ');
    expect(garbageLogs()).toHaveLength(1);
    now = 61_000;
    t.reader('door').swipe(' ');
    expect(garbageLogs()).toHaveLength(2);
    expect(garbageLogs()[1]!.extra).toMatchObject({ count: 101, total: 102 });
    t.reader('door').swipe(' ');
    await t.manager.close();
    expect(garbageLogs()).toHaveLength(3); // the remainder is logged on close
    expect(t.manager.stats()[0]!.garbage).toBe(103);
  });

  it('reports a reader that fails for another reason than absence as error, and keeps retrying', async () => {
    const t = setup([cfg({ id: 'door', reconnect: { minMs: 50, maxMs: 50 } })]);
    t.reader('door').failWith = new DeviceError('permission denied: add a udev rule', 'door');
    await t.manager.open();
    expect(t.statuses).toEqual([{ state: 'error', readerId: 'door', message: 'permission denied: add a udev rule' }]);
    t.reader('door').failWith = null;
    await waitFor(() => t.statuses.at(-1)?.state === 'connected', 'the reader to open once fixed');
  });

  it('stops retrying on close and closes its readers', async () => {
    const t = setup([cfg({ id: 'a', reconnect: { minMs: 50, maxMs: 50 } }), cfg({ id: 'b' })]);
    t.reader('a').unplug();
    await t.manager.open();
    expect(t.manager.isOpen).toBe(true);
    await t.manager.close();
    const opens = t.reader('a').opens;
    expect(t.reader('b').isOpen).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.reader('a').opens).toBe(opens);
    expect(t.manager.isOpen).toBe(false);
  });

  it('refuses two readers with the same id', () => {
    expect(() => new ReaderManager([cfg({ id: 'x' }), cfg({ id: 'x' })], { plugEvents: null })).toThrow(
      /same id|the id "x"/,
    );
  });

  it('builds real readers from configuration, with normalization, and exposes the simulated one for demo taps', async () => {
    const manager = new ReaderManager([cfg({ id: 'demo', normalize: [{ op: 'stripLeadingZeros' }] })], {
      plugEvents: null,
    });
    managers.push(manager);
    const cards: CardRead[] = [];
    manager.on('card', (c) => cards.push(c));
    await manager.open();
    expect(findSimulatedReader([manager])).toBe(manager.simulated());
    expect(findSimulatedReader([manager])!.swipe('000042')).toBe(true);
    expect(cards).toMatchObject([{ card: '42', raw: '000042', readerId: 'demo' }]);
    expect(manager.status()).toEqual([{ state: 'connected', readerId: 'demo' }]);
  });
});
