/**
 * Configuration of card readers and their card-number normalization (owned by the card-reader drivers).
 */
import { z } from 'zod';
import { hex16 } from './common.js';

/** One step of the card-number normalization pipeline (see drivers/card-reader/normalize.ts). */
export const NormalizeStep = z.discriminatedUnion('op', [
  z.object({ op: z.literal('regex'), pattern: z.string(), group: z.number().int().min(0).default(1) }).strict(),
  z.object({ op: z.literal('hexToDec') }).strict(),
  z.object({ op: z.literal('decToHex'), width: z.number().int().min(0).default(0) }).strict(),
  z.object({ op: z.literal('reverseBytes') }).strict(),
  z.object({ op: z.literal('strip'), chars: z.string().default(' -:') }).strict(),
  z.object({ op: z.literal('stripLeadingZeros') }).strict(),
  z.object({ op: z.literal('padStart'), width: z.number().int().min(1).max(64), char: z.string().length(1).default('0') }).strict(),
  z.object({ op: z.literal('upper') }).strict(),
  z.object({ op: z.literal('prefixMap'), map: z.record(z.string(), z.string()) }).strict(),
]);
export type NormalizeStep = z.infer<typeof NormalizeStep>;

const readerCommon = {
  id: z.string().min(1).default('reader-1'),
  normalize: z.array(NormalizeStep).default([]),
};

export const ReaderConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('simulated'), ...readerCommon }).strict(),
  z
    .object({
      type: z.literal('hid'),
      ...readerCommon,
      vendorId: hex16,
      productId: hex16,
      /** A half-typed card is dropped after this many milliseconds without a key. */
      charTimeoutMs: z.number().int().min(50).max(5000).default(500),
    })
    .strict(),
  z
    .object({
      type: z.literal('serial'),
      ...readerCommon,
      path: z.string().min(1),
      baudRate: z.number().int().positive().default(9600),
      protocol: z.enum(['line', 'rdm6300', 'binary']).default('line'),
    })
    .strict(),
  z
    .object({
      type: z.literal('ccid'),
      ...readerCommon,
      vendorId: hex16.optional(),
      productId: hex16.optional(),
      pollMs: z.number().int().min(50).max(10_000).default(250),
    })
    .strict(),
]);
export type ReaderConfig = z.infer<typeof ReaderConfig>;

