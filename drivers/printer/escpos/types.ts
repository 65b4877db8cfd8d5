/**
 * Receipt printers (ESC/POS thermal printers on USB or a serial line).
 *
 * Contract:
 * - print() resolves when every byte of the receipt was handed to the link; it rejects with
 *   PrinterError (`disconnected`, `timeout`) and is never retried here (a receipt printed twice is
 *   harmless, but the caller decides).
 * - status() asks the printer with DLE EOT when the link is two-way; `known: false` when it cannot
 *   (one-way link, no answer in time). It never rejects for a missing printer: that is `offline`.
 * - close() releases the port or USB interface; a later print() opens it again.
 */
import type { PrinterCondition } from '../types.js';

export interface ReceiptDocument {
  /** The document's serial number from central, printed so staff can trace it. */
  serial: string;
  /** Document title as printed, e.g. "在读证明 Enrollment certificate". */
  title: string;
  copies: number;
  /** What the student paid for it in fen (0: free); absent when the station does not know. */
  chargedCents?: number;
}

export interface Receipt {
  terminalId: string;
  terminalName?: string;
  time: Date;
  /** IANA timezone the time is printed in: the institution's, from central's document data. */
  timeZone?: string;
  documents: ReceiptDocument[];
  /** Payload of the QR code, e.g. the verification URL of the documents. */
  qr: string;
}

export interface ReceiptStatus {
  /** False when the printer could not be asked (one-way link or no answer). */
  known: boolean;
  online: boolean;
  paper: 'ok' | 'low' | 'out' | 'unknown';
  coverOpen: boolean;
  conditions: PrinterCondition[];
}

export interface ReceiptPrinter {
  readonly id: string;
  print(receipt: Receipt): Promise<void>;
  status(): Promise<ReceiptStatus>;
  close(): Promise<void>;
}

/** A byte pipe to the printer. `read` exists only on two-way links. */
export interface ReceiptLink {
  write(bytes: Uint8Array, timeoutMs: number): Promise<void>;
  /** Resolves with exactly `length` bytes, or rejects after `timeoutMs`. */
  read?(length: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
  /** Set once the link broke by itself (cable out): the printer opens a new one instead of failing on it. */
  readonly brokenBecause?: string | null;
}
