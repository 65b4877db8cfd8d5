/**
 * The kiosk configuration: one schema, a default for every key.
 * Objects are strict so that a misspelt key is reported instead of silently ignored.
 */
import { z } from 'zod';

const hex16 = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^0x[0-9a-fA-F]{1,4}$/).transform((s) => parseInt(s, 16))]);

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

const Localized = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

export const KioskConfig = z
  .object({
    terminal: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" or "_"').default('demo-01'),
        name: z.string().min(1).default('Demo station'),
      })
      .strict()
      .default({ id: 'demo-01', name: 'Demo station' }),
    central: z
      .object({
        /** `embedded` starts the reference central server in-process with demo data. */
        url: z.union([z.literal('embedded'), z.url()]).default('embedded'),
        token: z.string().default(''),
        timeoutMs: z.number().int().min(100).max(60_000).default(5000),
        heartbeatS: z.number().int().min(1).max(3600).default(15),
      })
      .strict()
      .default({ url: 'embedded', token: '', timeoutMs: 5000, heartbeatS: 15 }),
    readers: z.array(ReaderConfig).min(1).default([{ type: 'simulated', id: 'reader-1', normalize: [] }]),
    printer: DocumentPrinterConfig.default({ type: 'file', dir: 'out/prints' }),
    receiptPrinter: ReceiptPrinterConfig.default({ type: 'none' }),
    session: z
      .object({
        idleTimeoutS: z.number().int().min(10).max(600).default(60),
        doneCountdownS: z.number().int().min(3).max(120).default(15),
      })
      .strict()
      .default({ idleTimeoutS: 60, doneCountdownS: 15 }),
    /** Folder for the job database and other local state. */
    dataDir: z.string().min(1).default('.data/kiosk'),
    language: z.enum(['zh', 'en']).default('zh'),
    branding: z
      .object({
        campusName: Localized.default({ zh: '示范大学 · 校园E站', en: 'Demo University · Campus E-station' }),
        primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like "#8b1a1a"').default('#8b1a1a'),
        /** Path of a PNG or SVG logo; relative paths are resolved against the config file. */
        logo: z.string().optional(),
      })
      .strict()
      .default({ campusName: { zh: '示范大学 · 校园E站', en: 'Demo University · Campus E-station' }, primaryColor: '#8b1a1a' }),
  })
  .strict();

export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
