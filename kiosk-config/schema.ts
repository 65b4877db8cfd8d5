/**
 * The kiosk configuration: one schema, a default for every key.
 * Objects are strict so that a misspelt key is reported instead of silently ignored.
 */
import { z } from 'zod';
import { plainHttpToAnotherMachine } from '../lib/insecure-url.js';
import { DocumentPrinterConfig, ReceiptPrinterConfig } from './printers.js';
import { ReaderConfig } from './readers.js';

export * from './printers.js';
export * from './readers.js';

const Localized = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

/**
 * Values that override other keys, for end-to-end tests and benchmarks that cannot wait a minute for
 * an idle timeout. Usually set through ESTATION_* environment variables (kiosk-config/env.ts), which
 * win over the file; they also win over settings published at central.
 */
export const ConfigOverrides = z
  .object({
    /** Seconds without a touch before "Still there?" appears (instead of session.idleTimeoutS). */
    idleTimeoutS: z.number().int().min(1).max(3600).optional(),
    /** Seconds the "Still there?" countdown runs (default 15). */
    stillTherePromptS: z.number().int().min(1).max(120).optional(),
    /** Seconds the done screen waits before signing out (instead of session.doneCountdownS). */
    doneCountdownS: z.number().int().min(1).max(600).optional(),
    /** Wrong staff PINs before the keypad locks (default 3). */
    staffPinAttempts: z.number().int().min(1).max(10).optional(),
    /** Seconds the staff keypad stays locked (default 300). */
    staffLockoutS: z.number().int().min(1).max(86_400).optional(),
  })
  .strict();
export type ConfigOverrides = z.infer<typeof ConfigOverrides>;

/** How many addresses `central.url` may list (each costs a timeout when all are down). */
export const MAX_CENTRAL_URLS = 8;

export const KioskConfig = z
  .object({
    terminal: z
      .object({
        id: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" or "_"')
          .default('demo-01'),
        name: z.string().min(1).default('Demo station'),
      })
      .strict()
      .default({ id: 'demo-01', name: 'Demo station' }),
    central: z
      .object({
        /**
         * `embedded`: the command line (estation demo, estation kiosk) starts the reference central server with demo data and points the kiosk at it.
         * A list: several addresses of one central (instances, or proxies in front of them); the station
         * fails over to the next on connection errors and timeouts (main/core/central-failover.ts).
         */
        url: z
          .union([
            z.literal('embedded'),
            z.url(),
            z
              .array(z.url())
              .min(1, 'give at least one address')
              .max(MAX_CENTRAL_URLS, `at most ${MAX_CENTRAL_URLS} addresses`)
              .refine((urls) => new Set(urls).size === urls.length, 'an address is listed twice'),
          ])
          .default('embedded'),
        token: z.string().default(''),
        timeoutMs: z.number().int().min(100).max(60_000).default(5000),
        heartbeatS: z.number().int().min(1).max(3600).default(15),
        /** Public address of central's verification page, printed in each document's QR code. Default: `url`. */
        verifyUrl: z.url().optional(),
        /**
         * Allows `url` with plain http:// to another machine (card numbers and staff PINs then cross the
         * network unencrypted). Off: such a URL is refused. On: a warning at every start.
         */
        allowInsecure: z.boolean().default(false),
      })
      .strict()
      .superRefine((c, ctx) => {
        if (c.allowInsecure) return;
        const urls = centralUrls(c);
        for (const [i, url] of urls.entries())
          if (insecureCentral({ url }))
            ctx.addIssue({
              code: 'custom',
              path: Array.isArray(c.url) ? ['url', i] : ['url'],
              message: `${url} is plain http:// to another machine: card numbers and staff PINs would cross the network unencrypted. Use https://, or set central.allowInsecure to true on a network you trust (a warning is then logged at every start).`,
            });
      })
      .default({ url: 'embedded', token: '', timeoutMs: 5000, heartbeatS: 15, allowInsecure: false }),
    readers: z
      .array(ReaderConfig)
      .min(1)
      .default([{ type: 'simulated', id: 'reader-1', normalize: [] }]),
    printer: DocumentPrinterConfig.default({ type: 'file', dir: 'out/prints' }),
    receiptPrinter: ReceiptPrinterConfig.default({ type: 'none' }),
    session: z
      .object({
        idleTimeoutS: z.number().int().min(10).max(600).default(60),
        doneCountdownS: z.number().int().min(3).max(120).default(15),
      })
      .strict()
      .default({ idleTimeoutS: 60, doneCountdownS: 15 }),
    queue: z
      .object({
        /** Confirmed jobs (and their audit trail) are deleted after this many days; unconfirmed jobs never are. */
        pruneConfirmedAfterDays: z.number().int().min(1).max(3650).default(30),
        /**
         * Minutes after which a job not yet on paper is cancelled instead of printed, once nobody at the
         * station waits for it (central or the printer came back after the student left).
         */
        unattendedLimitMinutes: z.number().int().min(1).max(1440).default(10),
      })
      .strict()
      .default({ pruneConfirmedAfterDays: 30, unattendedLimitMinutes: 10 }),
    staff: z
      .object({
        /**
         * Days a staff card and PIN that central accepted still open maintenance mode while central is
         * unreachable (stored hashed in the kiosk database). 0: maintenance mode needs central.
         */
        offlineAccessDays: z.number().int().min(0).max(90).default(14),
      })
      .strict()
      .default({ offlineAccessDays: 14 }),
    publishing: z
      .object({
        /**
         * PEM files of the publisher keys (Ed25519, public or private) whose signed template and
         * settings releases this station takes from central. Empty: the station keeps its built-in
         * templates and the settings of this file.
         */
        publisherKeys: z.array(z.string().min(1)).default([]),
        /** How often to look for new releases at central. */
        syncMinutes: z.number().int().min(1).max(1440).default(15),
      })
      .strict()
      .default({ publisherKeys: [], syncMinutes: 15 }),
    /** Folder for the job database and other local state. */
    dataDir: z.string().min(1).default('.data/kiosk'),
    language: z.enum(['zh', 'en']).default('zh'),
    /** Key that signs the verification QR code on every document (Ed25519, PEM). Unset: a key is generated under dataDir. */
    signing: z
      .object({ privateKeyFile: z.string().min(1).optional(), keyId: z.string().min(1).max(64).optional() })
      .strict()
      .default({}),
    branding: z
      .object({
        campusName: Localized.default({ zh: '示范大学 · 校园E站', en: 'Demo University · Campus E-station' }),
        primaryColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like "#8b1a1a"')
          .default('#8b1a1a'),
        /** Path of a PNG or SVG logo; relative paths are resolved against the config file. */
        logo: z.string().optional(),
      })
      .strict()
      .default({
        campusName: { zh: '示范大学 · 校园E站', en: 'Demo University · Campus E-station' },
        primaryColor: '#8b1a1a',
      }),
    /**
     * Cards shown as buttons on the idle screen of a station with the simulated reader. The command
     * line fills them in with the people of its built-in demo central server.
     */
    demoCards: z
      .array(z.object({ card: z.string().min(1).max(64), label: z.string().max(200) }).strict())
      .max(100)
      .default([]),
    overrides: ConfigOverrides.default({}),
  })
  .strict();

export type KioskConfig = z.infer<typeof KioskConfig>;

/** Every address `central.url` names, in the order the station tries them ("embedded" stays as it is). */
export function centralUrls(c: { url: string | readonly string[] }): string[] {
  return typeof c.url === 'string' ? [c.url] : [...c.url];
}

/** True when `url` (any of them, for a list) is plain http:// to a host other than this machine (loopback is not on the network). */
export function insecureCentral(c: { url: string | readonly string[] }): boolean {
  return centralUrls(c).some(plainHttpToAnotherMachine);
}

/** A station with the simulated card reader is a demo: its screen shows card buttons, staff may inject faults. */
export function hasSimulatedReader(config: Pick<KioskConfig, 'readers'>): boolean {
  return config.readers.some((r) => r.type === 'simulated');
}
export type KioskConfigInput = z.input<typeof KioskConfig>;
