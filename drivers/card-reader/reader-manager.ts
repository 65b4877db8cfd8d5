/**
 * Runs the card readers a kiosk configuration names, as one CardReader for the kiosk core:
 * - opens them all; a reader that is missing or fails gets a clear `disconnected` (or `error`) status and
 *   is retried with capped exponential backoff (reconnect.minMs doubling up to reconnect.maxMs), and soon
 *   after any USB device is plugged in (attachSettleMs), so re-plugging a reader restores it without a restart;
 * - drops the same card read again by the same reader within its dedupe window (the window slides while
 *   the card keeps being read, so a card left lying on the reader counts once);
 * - counts garbage per reader and logs it at most once per garbageLogEveryMs.
 * `status` events carry the id of the reader they are about, and are only emitted on a change.
 * `open()` never rejects because of a device; `close()` stops retries and closes every reader.
 */
import { EventEmitter } from 'node:events';
import type { ReaderConfig, ReconnectConfig } from '../../kiosk-config/readers.js';
import { DeviceError } from '../errors.js';
import { nodeUsb } from './ccid-reader.js';
import { createCardReader } from './create.js';
import { SimulatedCardReader } from './simulated.js';
import type { CardRead, CardReader, CardReaderEvents, GarbageReport, ReaderStatus } from './types.js';

export const DEFAULT_RECONNECT: ReconnectConfig = { minMs: 500, maxMs: 10_000 };
export const DEFAULT_DEDUPE_MS = 1500;

/** Structurally the kiosk's Logger (main/core/log.ts), so the core can hand in its own. */
export interface ReaderLog {
  warn(msg: string, extra?: Record<string, unknown>): void;
}

/** Emits 'attach' when a device is plugged in (the `usb` package's hot-plug emitter has this shape). */
export interface PlugEvents {
  on(event: 'attach', listener: () => void): unknown;
  off(event: 'attach', listener: () => void): unknown;
}

export interface ReaderManagerOptions {
  log?: ReaderLog;
  /** Builds one reader; default createCardReader. Tests hand in fakes. */
  create?: (config: ReaderConfig) => CardReader;
  /** Hot-plug events. Default: the `usb` package's, when a hardware reader is configured and `usb` loads. */
  plugEvents?: PlugEvents | null;
  garbageLogEveryMs?: number;
  /** After a USB attach event, retry missing readers this soon (the OS needs a moment to create device nodes). */
  attachSettleMs?: number;
  now?: () => number;
}

export interface ReaderStats {
  id: string;
  type: ReaderConfig['type'];
  status: ReaderStatus | null;
  cards: number;
  duplicates: number;
  garbage: number;
  reconnects: number;
}

interface Entry {
  config: ReaderConfig;
  reader: CardReader;
  dedupeMs: number;
  reconnect: ReconnectConfig;
  status: ReaderStatus | null;
  attempt: number;
  timer: NodeJS.Timeout | null;
  opening: Promise<void> | null;
  last: { card: string; at: number } | null;
  stats: { cards: number; duplicates: number; garbage: number; reconnects: number };
  garbageLog: { at: number; since: number; reason: string };
}

/** The wait before retry number `attempt` (0-based): minMs doubling per attempt, capped at maxMs. */
export function backoffDelay(reconnect: ReconnectConfig, attempt: number): number {
  return Math.min(reconnect.maxMs, reconnect.minMs * 2 ** Math.min(attempt, 30));
}

function defaultPlugEvents(configs: readonly ReaderConfig[]): PlugEvents | null {
  if (!configs.some((c) => c.type !== 'simulated')) return null;
  try {
    return nodeUsb().events;
  } catch {
    return null; // no usb addon on this platform: polling alone
  }
}

export class ReaderManager extends EventEmitter<CardReaderEvents> implements CardReader {
  readonly id = 'readers';
  readonly #entries: Entry[];
  readonly #log: ReaderLog | undefined;
  readonly #now: () => number;
  readonly #garbageEvery: number;
  readonly #plug: PlugEvents | null;
  readonly #attachSettleMs: number;
  #open = false;
  #onAttach = () => {
    for (const e of this.#entries) {
      if (this.#open && !e.reader.isOpen && !e.opening) this.#schedule(e, this.#attachSettleMs, true);
    }
  };

  /** Throws (e.g. NormalizeConfigError) for a configuration that can never work. */
  constructor(configs: readonly ReaderConfig[], options: ReaderManagerOptions = {}) {
    super();
    const create = options.create ?? createCardReader;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#garbageEvery = options.garbageLogEveryMs ?? 60_000;
    this.#attachSettleMs = options.attachSettleMs ?? 250;
    this.#plug = options.plugEvents === undefined ? defaultPlugEvents(configs) : options.plugEvents;
    const ids = new Set<string>();
    this.#entries = configs.map((config) => {
      if (ids.has(config.id))
        throw new DeviceError(
          `Two card readers have the id "${config.id}"; give each reader its own id in the configuration.`,
          config.id,
        );
      ids.add(config.id);
      const entry: Entry = {
        config,
        reader: create(config),
        dedupeMs: config.dedupeMs ?? (config.type === 'simulated' ? 0 : DEFAULT_DEDUPE_MS),
        reconnect: config.reconnect ?? DEFAULT_RECONNECT,
        status: null,
        attempt: 0,
        timer: null,
        opening: null,
        last: null,
        stats: { cards: 0, duplicates: 0, garbage: 0, reconnects: 0 },
        garbageLog: { at: -Infinity, since: 0, reason: '' },
      };
      entry.reader.on('card', (c) => this.#onCard(entry, c));
      entry.reader.on('garbage', (g) => this.#onGarbage(entry, g));
      entry.reader.on('status', (s) => this.#onStatus(entry, s));
      return entry;
    });
  }

  /** True between open() and close(), whatever the state of the readers (see status()). */
  get isOpen(): boolean {
    return this.#open;
  }

  get readers(): readonly CardReader[] {
    return this.#entries.map((e) => e.reader);
  }

  /** The simulated reader, when one is configured (demo mode taps cards through it). */
  simulated(): SimulatedCardReader | undefined {
    return this.#entries.map((e) => e.reader).find((r): r is SimulatedCardReader => r instanceof SimulatedCardReader);
  }

  status(): ReaderStatus[] {
    return this.#entries.map(
      (e) => e.status ?? { state: 'disconnected', readerId: e.reader.id, message: 'not opened yet' },
    );
  }

  stats(): ReaderStats[] {
    return this.#entries.map((e) => ({ id: e.reader.id, type: e.config.type, status: e.status, ...e.stats }));
  }

  async open(): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    this.#plug?.on('attach', this.#onAttach);
    await Promise.all(this.#entries.map((e) => this.#tryOpen(e)));
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.#plug?.off('attach', this.#onAttach);
    await Promise.all(
      this.#entries.map(async (e) => {
        if (e.timer) clearTimeout(e.timer);
        e.timer = null;
        await e.opening;
        await e.reader.close().catch(() => {});
        this.#flushGarbageLog(e);
      }),
    );
  }

  #tryOpen(e: Entry): Promise<void> {
    if (e.opening) return e.opening;
    e.opening = (async () => {
      try {
        await e.reader.open();
        if (!this.#open) return void (await e.reader.close().catch(() => {}));
        // Lost again before open() returned (its `disconnected` status was already emitted): keep retrying.
        if (!e.reader.isOpen) return this.#scheduleBackoff(e);
        if (e.attempt > 0) e.stats.reconnects++;
        e.attempt = 0;
        // Readers emit `connected` themselves; this covers one that does not.
        this.#setStatus(e, { state: 'connected', readerId: e.reader.id });
      } catch (err) {
        if (!this.#open) return;
        const message = (err as Error).message;
        const gone = !(err instanceof DeviceError) || err.disconnected;
        this.#setStatus(
          e,
          gone
            ? { state: 'disconnected', readerId: e.reader.id, message }
            : { state: 'error', readerId: e.reader.id, message },
        );
        this.#scheduleBackoff(e);
      }
    })().finally(() => {
      e.opening = null;
    });
    return e.opening;
  }

  #scheduleBackoff(e: Entry): void {
    const delay = backoffDelay(e.reconnect, e.attempt);
    e.attempt++;
    this.#schedule(e, delay, false);
  }

  #schedule(e: Entry, delayMs: number, resetBackoff: boolean): void {
    if (!this.#open) return;
    if (e.timer) clearTimeout(e.timer);
    if (resetBackoff) e.attempt = Math.min(e.attempt, 1);
    e.timer = setTimeout(() => {
      e.timer = null;
      if (this.#open && !e.reader.isOpen) void this.#tryOpen(e);
    }, delayMs);
    e.timer.unref?.();
  }

  #onStatus(e: Entry, s: ReaderStatus): void {
    this.#setStatus(e, s);
    if (s.state === 'disconnected' && this.#open && !e.opening) {
      e.last = null;
      e.attempt = Math.max(e.attempt, 1); // counts as a reconnect once it comes back
      this.#schedule(e, e.reconnect.minMs, false);
    }
  }

  #setStatus(e: Entry, s: ReaderStatus): void {
    const prev = e.status;
    if (prev && prev.state === s.state && ('message' in prev ? prev.message : '') === ('message' in s ? s.message : ''))
      return;
    e.status = s;
    // Not logged here: whoever consumes `status` (the kiosk core, the CLI) reports it.
    this.emit('status', s);
  }

  #onCard(e: Entry, c: CardRead): void {
    if (!this.#open) return;
    const now = this.#now();
    if (e.dedupeMs > 0 && e.last && e.last.card === c.card && now - e.last.at < e.dedupeMs) {
      e.last.at = now;
      e.stats.duplicates++;
      return;
    }
    e.last = { card: c.card, at: now };
    e.stats.cards++;
    this.emit('card', c);
  }

  #onGarbage(e: Entry, g: GarbageReport): void {
    e.stats.garbage++;
    const log = e.garbageLog;
    log.since++;
    log.reason = g.reason;
    const now = this.#now();
    if (now - log.at >= this.#garbageEvery) this.#flushGarbageLog(e, now);
    this.emit('garbage', g);
  }

  #flushGarbageLog(e: Entry, now = this.#now()): void {
    const log = e.garbageLog;
    if (log.since === 0) return;
    this.#log?.warn('card reader sent input that is not a card', {
      readerId: e.reader.id,
      count: log.since,
      total: e.stats.garbage,
      lastReason: log.reason,
    });
    log.at = now;
    log.since = 0;
  }
}
