/**
 * Configuration of the document printer and the receipt printer (owned by the printer drivers).
 */
import { z } from 'zod';
import { hex16 } from './common.js';

export const DocumentPrinterConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file'), dir: z.string().min(1).default('out/prints') }).strict(),
  z.object({ type: z.literal('ipp'), uri: z.url(), timeoutMs: z.number().int().min(100).default(10_000) }).strict(),
]);
export type DocumentPrinterConfig = z.infer<typeof DocumentPrinterConfig>;

export const ReceiptPrinterConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('escpos-serial'), path: z.string().min(1), baudRate: z.number().int().positive().default(19200) }).strict(),
  z.object({ type: z.literal('escpos-usb'), vendorId: hex16, productId: hex16 }).strict(),
]);

