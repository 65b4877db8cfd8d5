/**
 * Card readers: one small async interface, one implementation per technology
 * (HID keyboard-wedge, serial, USB CCID, simulated), and a ReaderManager that runs the configured ones
 * with reconnects and duplicate suppression and is itself a CardReader.
 *
 * Contract:
 * - `open()` resolves once the device is open and emits `status` {state: 'connected'}. It rejects with a
 *   DeviceError (flag `disconnected` when the device is absent) and leaves the reader closed.
 * - `card` is emitted once per complete, valid read. Partial, garbled or checksum-failing input never
 *   becomes a card: it is reported once as `garbage` and dropped.
 * - Unplug or link loss while open: emits `status` {state: 'disconnected', message} exactly once and the
 *   reader becomes closed; it never throws from an event handler. Reconnecting is the device
 *   manager's job (it calls `open()` again with backoff).
 * - `close()` is idempotent and never rejects for a device that went away; a read in progress is
 *   discarded (no `card` is emitted after close resolves) and no `status` is emitted by close itself.
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

/** Input that was not a card: noise, a bad checksum, a half-typed number, a value normalization rejected. */
export interface GarbageReport {
  readerId: string;
  reason: string;
  /** How many input bytes (or HID reports) were dropped, when known. */
  bytes?: number;
}

export interface CardReaderEvents {
  card: [CardRead];
  status: [ReaderStatus];
  garbage: [GarbageReport];
}

export interface CardReader extends EventEmitter<CardReaderEvents> {
  readonly id: string;
  /** True between a successful open() and close() or a disconnect. */
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
}
