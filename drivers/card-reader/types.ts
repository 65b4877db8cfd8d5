/**
 * Card readers: one small async interface, one implementation per technology
 * (HID keyboard-wedge, serial, USB CCID, simulated).
 *
 * Contract:
 * - `open()` resolves once the device is open and emits `status` {state: 'connected'}. It rejects with a
 *   DeviceError (flag `disconnected` when the device is absent) and leaves the reader closed.
 * - `card` is emitted once per complete, valid read. Partial, garbled or checksum-failing input never
 *   becomes a card: it is counted in `stats().garbage` and dropped.
 * - Unplug or link loss while open: emits `status` {state: 'disconnected', message} exactly once and the
 *   reader becomes closed; it never throws from an event handler. Reconnecting is the device
 *   manager's job (it calls `open()` again with backoff).
 * - `close()` is idempotent; a read in progress is discarded (no `card` is emitted after close resolves).
 * - Errors that are not a disconnect emit `status` {state: 'error', message} and the reader stays open if it can.
 */
import type { EventEmitter } from 'node:events';

export interface CardRead {
  /** The campus card number after the reader's normalization pipeline. */
  card: string;
  /** What the reader sent, before normalization (hex for binary protocols). */
  raw: string;
  readerId: string;
  at: Date;
}

export type ReaderStatus =
  | { state: 'connected'; readerId: string }
  | { state: 'disconnected'; readerId: string; message: string }
  | { state: 'error'; readerId: string; message: string };

export interface CardReaderEvents {
  card: [CardRead];
  status: [ReaderStatus];
}

export interface CardReader extends EventEmitter<CardReaderEvents> {
  readonly id: string;
  /** True between a successful open() and close() or a disconnect. */
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
}
