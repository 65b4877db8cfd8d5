/**
 * Configuration of the document printer and the receipt printer (owned by the printer drivers).
 */
import { z } from 'zod';
import { hex16 } from './common.js';

const ippUri = z
  .string()
  .regex(
    /^(ipp|ipps|http|https):\/\/[^/\s]+\/\S*$/,
    'an IPP printer URI like "ipp://127.0.0.1:631/printers/office" or "ipp://printer.local/ipp/print"',
  );

export const DocumentPrinterConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file'), dir: z.string().min(1).default('out/prints') }).strict(),
  z
    .object({
      type: z.literal('ipp'),
      /** A CUPS queue (`ipp://host:631/printers/NAME`) or a driverless IPP Everywhere printer. */
      uri: ippUri,
      /** Name shown to staff and stored with each job; defaults to the URI. */
      id: z.string().min(1).max(128).optional(),
      /** Limit for every single IPP request (connect, send, answer). */
      timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
      /** User name the jobs are submitted as; CUPS shows job names only to the same user. */
      user: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/)
        .default('estation'),
    })
    .strict(),
]);
export type DocumentPrinterConfig = z.infer<typeof DocumentPrinterConfig>;

const receiptCommon = {
  /** Characters per line of the receipt paper: 32 for 58 mm paper, 42 or 48 for 80 mm. */
  columns: z.number().int().min(24).max(64).default(32),
  /** Limit for writing a receipt and for a status answer. */
  timeoutMs: z.number().int().min(100).max(60_000).default(3000),
};

export const ReceiptPrinterConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('escpos-serial'),
      path: z.string().min(1),
      baudRate: z.number().int().positive().default(19200),
      ...receiptCommon,
    })
    .strict(),
  z.object({ type: z.literal('escpos-usb'), vendorId: hex16, productId: hex16, ...receiptCommon }).strict(),
]);
export type ReceiptPrinterConfig = z.infer<typeof ReceiptPrinterConfig>;
