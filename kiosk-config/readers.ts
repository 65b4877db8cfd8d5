/**
 * Configuration of card readers and their card-number normalization (owned by the card-reader drivers).
 * See docs/readers.md for the meaning of every key and kiosk-config/examples/reader-*.json for common cases.
 */
import { z } from 'zod';
import { hex16 } from './common.js';

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** One step of the card-number normalization pipeline (see drivers/card-reader/normalize.ts). */
export const NormalizeStep = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('regex'),
      pattern: z.string().refine(isRegex, 'a valid JavaScript regular expression'),
      group: z.number().int().min(0).default(1),
    })
    .strict(),
  z.object({ op: z.literal('hexToDec') }).strict(),
  z.object({ op: z.literal('decToHex'), width: z.number().int().min(0).default(0) }).strict(),
  z.object({ op: z.literal('reverseBytes') }).strict(),
  z.object({ op: z.literal('strip'), chars: z.string().default(' -:') }).strict(),
  z.object({ op: z.literal('stripLeadingZeros') }).strict(),
  z
    .object({
      op: z.literal('padStart'),
      width: z.number().int().min(1).max(64),
      char: z.string().length(1).default('0'),
    })
    .strict(),
  z.object({ op: z.literal('upper') }).strict(),
  z.object({ op: z.literal('prefixMap'), map: z.record(z.string(), z.string()) }).strict(),
]);
export type NormalizeStep = z.infer<typeof NormalizeStep>;
export type NormalizeStepInput = z.input<typeof NormalizeStep>;

/** Reconnect backoff of the reader manager: doubles from minMs up to maxMs while the reader is missing. */
export const ReconnectConfig = z
  .object({
    minMs: z.number().int().min(50).max(60_000).default(500),
    maxMs: z.number().int().min(50).max(300_000).default(10_000),
  })
  .strict()
  .refine((r) => r.maxMs >= r.minMs, { message: 'reconnect.maxMs must be at least reconnect.minMs' });
export type ReconnectConfig = z.infer<typeof ReconnectConfig>;

const readerCommon = {
  id: z.string().min(1).default('reader-1'),
  normalize: z.array(NormalizeStep).default([]),
  /**
   * The same card read again within this many milliseconds is dropped (readers repeat while a card lies on
   * them). Unset: 1500, or 0 for the simulated reader so demo taps are never swallowed.
   * (Optional rather than defaulted so that the output type stays assignable from `{ type, id, normalize }`.)
   */
  dedupeMs: z.number().int().min(0).max(60_000).optional(),
  /** Unset: { minMs: 500, maxMs: 10000 } (see DEFAULT_RECONNECT in drivers/card-reader/reader-manager.ts). */
  reconnect: ReconnectConfig.optional(),
};

const hexBytes = z
  .string()
  .transform((s) => s.replace(/[\s:-]/g, ''))
  .pipe(z.string().regex(/^([0-9a-fA-F]{2})*$/, 'hex bytes such as "02 0A" or "020A"'));

/**
 * Fixed-length binary frames: `header` at offset 0, `length` bytes in all, the card bytes at
 * [dataOffset, dataOffset + dataLength), and a one-byte checksum at `checksumOffset` (negative: from the
 * end) computed over [checksumFrom, checksumOffset). The card value is the data bytes as upper-case hex.
 */
export const BinaryFrameConfig = z
  .object({
    header: hexBytes.default('02'),
    length: z.number().int().min(2).max(256),
    dataOffset: z.number().int().min(0),
    dataLength: z.number().int().min(1),
    checksum: z.enum(['xor', 'sum8', 'none']).default('xor'),
    checksumOffset: z.number().int().default(-1),
    checksumFrom: z.number().int().min(0).default(0),
    /** Optional trailer (e.g. "03"), checked at the end of the frame. */
    trailer: hexBytes.default(''),
  })
  .strict()
  .superRefine((f, ctx) => {
    const headerLen = f.header.length / 2;
    const trailerLen = f.trailer.length / 2;
    if (headerLen < 1)
      ctx.addIssue({
        code: 'custom',
        message: 'binary frames need a header of at least one byte to find frame starts',
        path: ['header'],
      });
    if (f.dataOffset + f.dataLength > f.length - trailerLen)
      ctx.addIssue({
        code: 'custom',
        message: 'dataOffset + dataLength runs past the end of the frame',
        path: ['dataLength'],
      });
    if (f.checksum !== 'none') {
      const at = f.checksumOffset < 0 ? f.length + f.checksumOffset : f.checksumOffset;
      if (at < 0 || at >= f.length)
        ctx.addIssue({ code: 'custom', message: 'checksumOffset lies outside the frame', path: ['checksumOffset'] });
      else if (f.checksumFrom >= at)
        ctx.addIssue({
          code: 'custom',
          message: 'checksumFrom must come before checksumOffset',
          path: ['checksumFrom'],
        });
    }
  });
export type BinaryFrameConfig = z.infer<typeof BinaryFrameConfig>;
export type BinaryFrameConfigInput = z.input<typeof BinaryFrameConfig>;

/**
 * The protocols a serial reader can speak; drivers/card-reader/protocols/serial-protocols.ts has a decoder
 * for each (and explains how to add one).
 */
export const SerialProtocol = z.enum(['line', 'rdm6300', 'binary']);
export type SerialProtocol = z.infer<typeof SerialProtocol>;

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
      /**
       * Linux only. `libusb` detaches the kernel keyboard driver so keystrokes never reach the UI (needs a
       * udev rule giving the kiosk user access to the device); `hidraw` reads alongside the keyboard driver.
       */
      hidDriver: z.enum(['libusb', 'hidraw']).default('libusb'),
    })
    .strict(),
  z
    .object({
      type: z.literal('serial'),
      ...readerCommon,
      path: z.string().min(1),
      baudRate: z.number().int().positive().default(9600),
      dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
      stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
      parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
      protocol: SerialProtocol.default('line'),
      /** `line` protocol: a line longer than this is garbage (a reader spewing noise without line ends). */
      maxLineLength: z.number().int().min(4).max(4096).default(64),
      /** Required when protocol is `binary`. */
      frame: BinaryFrameConfig.optional(),
    })
    .strict()
    .refine((s) => s.protocol !== 'binary' || s.frame !== undefined, {
      message: 'protocol "binary" needs a "frame" description',
      path: ['frame'],
    }),
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
export type ReaderConfigInput = z.input<typeof ReaderConfig>;
