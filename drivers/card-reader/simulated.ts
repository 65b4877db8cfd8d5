import { EventEmitter } from 'node:events';
import { DeviceError } from '../errors.js';
import type { CardReader, CardReaderEvents } from './types.js';

/**
 * A reader driven by hand: `swipe()` taps a card. Powers demo mode (the demo card buttons and
 * `estation simulate swipe`) and the tests. `unplug()` / `replug()` simulate hot-plug.
 */
export class SimulatedCardReader extends EventEmitter<CardReaderEvents> implements CardReader {
  #open = false;
  #present = true;

  constructor(
    readonly id = 'simulated',
    private readonly normalize: (raw: string) => string | null = (raw) => raw.trim() || null,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (!this.#present)
      throw new DeviceError('Simulated reader is unplugged; call replug() first.', this.id, { disconnected: true });
    this.#open = true;
    this.emit('status', { state: 'connected', readerId: this.id });
  }

  async close(): Promise<void> {
    this.#open = false;
  }

  /**
   * Taps a card. Returns false when the reader is closed (nothing emitted) or the value is not a card
   * (reported as `garbage`).
   */
  swipe(raw: string): boolean {
    if (!this.#open) return false;
    const card = this.normalize(raw);
    if (!card) {
      this.emit('garbage', { readerId: this.id, reason: `not a card number: ${JSON.stringify(raw.slice(0, 32))}` });
      return false;
    }
    this.emit('card', { card, raw, readerId: this.id, at: new Date() });
    return true;
  }

  unplug(): void {
    this.#present = false;
    if (this.#open) {
      this.#open = false;
      this.emit('status', { state: 'disconnected', readerId: this.id, message: 'reader unplugged' });
    }
  }

  replug(): void {
    this.#present = true;
  }
}
