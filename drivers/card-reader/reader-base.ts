/**
 * What the hardware readers share: normalization, garbage reports and the status rules of the CardReader
 * contract (types.ts): `connected` on open, exactly one `disconnected` per loss, nothing after close.
 */
import { EventEmitter } from 'node:events';
import { compileNormalizer, type Normalizer } from './normalize.js';
import type { Decoded } from './protocols/decoder.js';
import type { CardReader, CardReaderEvents } from './types.js';

export abstract class ReaderBase extends EventEmitter<CardReaderEvents> implements CardReader {
  #open = false;
  protected readonly normalize: Normalizer;

  constructor(
    readonly id: string,
    normalize: Normalizer = compileNormalizer([]),
  ) {
    super();
    this.normalize = normalize;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  abstract open(): Promise<void>;
  abstract close(): Promise<void>;

  protected markConnected(): void {
    this.#open = true;
    this.emit('status', { state: 'connected', readerId: this.id });
  }

  /** Marks the reader closed without a status (close() called by the owner). */
  protected markClosed(): void {
    this.#open = false;
  }

  /** The device went away: one `disconnected` status, then closed. Returns false when it was not open. */
  protected markLost(message: string): boolean {
    if (!this.#open) return false;
    this.#open = false;
    this.emit('status', { state: 'disconnected', readerId: this.id, message });
    return true;
  }

  protected reportError(message: string): void {
    if (this.#open) this.emit('status', { state: 'error', readerId: this.id, message });
  }

  /** Turns decoder output into `card` and `garbage` events (only while open). */
  protected deliver(results: readonly Decoded[]): void {
    if (!this.#open) return;
    for (const d of results) {
      if (d.kind === 'garbage') {
        this.emit('garbage', { readerId: this.id, reason: d.reason, bytes: d.bytes });
        continue;
      }
      const n = this.normalize(d.value);
      if (n.ok) this.emit('card', { card: n.card, raw: d.value, readerId: this.id, at: new Date() });
      else
        this.emit('garbage', {
          readerId: this.id,
          reason: `normalization rejected ${JSON.stringify(d.value.slice(0, 32))}: ${n.reason}`,
        });
    }
  }
}
