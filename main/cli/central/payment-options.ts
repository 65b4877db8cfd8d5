/**
 * `--payments free|campus-card [--campus-card-url URL --campus-card-token-file F] [--release-after-hours N]
 * [--reconcile-at HH:MM|off]`:
 * central's payment provider (docs/payments.md), as `estation central` and `estation central payments` take it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CampusCardProvider } from '../../../central/payments/campus-card-client.js';
import { freeProvider } from '../../../central/payments/free.js';
import type { PaymentProvider } from '../../../central/payments/provider.js';
import { parseLocalTime } from '../../../central/payments/nightly-reconcile.js';
import { intOption, UsageError } from '../args.js';

export const PAYMENT_PROVIDERS = ['free', 'campus-card'] as const;

export const PAYMENT_OPTIONS = {
  payments: { type: 'string' },
  'campus-card-url': { type: 'string' },
  'campus-card-token-file': { type: 'string' },
} as const;

export const RELEASE_OPTION = {
  'release-after-hours': { type: 'string' },
  'reconcile-at': { type: 'string' },
} as const;

/**
 * `--reconcile-at HH:MM|off`: the institution's local time after which the nightly run reconciles the
 * day before (undefined: the default, 02:00), or null for none (central/payments/nightly-reconcile.ts).
 */
export function reconcileAtFromOptions(values: { 'reconcile-at'?: string }): string | null | undefined {
  const v = values['reconcile-at'];
  if (v === undefined) return undefined;
  if (v === 'off') return null;
  if (!parseLocalTime(v))
    throw new UsageError(
      `--reconcile-at ${v}: give a time of the institution's day as HH:MM (e.g. 02:00, after the card office's day is closed), or off`,
    );
  return v;
}

export function providerFromOptions(values: {
  payments?: string;
  'campus-card-url'?: string;
  'campus-card-token-file'?: string;
}): PaymentProvider {
  const name = values.payments ?? 'free';
  if (!(PAYMENT_PROVIDERS as readonly string[]).includes(name))
    throw new UsageError(`--payments ${name}: give one of ${PAYMENT_PROVIDERS.join(', ')}`);
  const url = values['campus-card-url'];
  const tokenFile = values['campus-card-token-file'];
  if (name === 'free') {
    if (url !== undefined || tokenFile !== undefined)
      throw new UsageError('--campus-card-url and --campus-card-token-file go with --payments campus-card');
    return freeProvider;
  }
  if (url === undefined || tokenFile === undefined)
    throw new UsageError(
      "--payments campus-card needs --campus-card-url (e.g. http://127.0.0.1:8700) and --campus-card-token-file (the service's token file)",
    );
  let token: string;
  try {
    token = readFileSync(resolve(tokenFile), 'utf8').trim();
  } catch (err) {
    throw new UsageError(
      `--campus-card-token-file ${tokenFile}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the token file the campus-card service printed`,
    );
  }
  if (!/^[\x21-\x7e]{16,512}$/.test(token))
    throw new UsageError(
      `--campus-card-token-file ${tokenFile} does not hold a token (16 to 512 printable characters, no spaces)`,
    );
  try {
    // A hold is made while the station waits, so all its tries must fit within the station's request
    // timeout to central (central.timeoutMs, 5 s by default): 3 tries of 1.2 s and 0.6 s of pauses.
    return new CampusCardProvider({ url, token, timeoutMs: 1200, attempts: 3, retryDelayMs: 200 });
  } catch (err) {
    throw new UsageError(`--campus-card-url: ${(err as Error).message}`);
  }
}

/** `--release-after-hours N` in ms (undefined: the default of central/payments/wiring.ts). */
export function releaseAfterFromOptions(values: { 'release-after-hours'?: string }): number | undefined {
  const h = intOption(values['release-after-hours'], 'release-after-hours', 1, 24 * 90);
  return h === undefined ? undefined : h * 3600_000;
}
