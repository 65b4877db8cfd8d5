/**
 * Registers the station's document-signing public key with central (route registerSigningKey), so that
 * central's verification page accepts the station's documents at once, without a restart or a
 * `--verify-key` flag. Asked at start and at every heartbeat interval until central has recorded the
 * key; the key central recorded is remembered in the data folder (signing-key-registration.json), so a
 * registered key is not sent again, and a new key (a rotation, a new data folder) is.
 *
 * Never fatal: a central that is down is asked again later; an older central (HTTP 501 or 404: it has no
 * key registry) is logged once and asked again later, in case it was upgraded. A refusal (e.g. the key is
 * another terminal's) is logged once per reason, for an admin to settle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '../../../drivers/durable-file.js';
import { CentralRejectedError, CentralUnavailableError, type CentralApi } from '../central-client.js';
import type { Logger } from '../log.js';
import type { StationTask } from './station-task.js';

export const REGISTRATION_FILE = 'signing-key-registration.json';
/** How often an unrecorded key is offered again when the host does not say. */
const ASK_AGAIN_MS = 60_000;

export interface RegisteredKey {
  keyId: string;
  publicKey: string;
  registeredAt: string;
}

export type RegistrationOutcome = 'registered' | 'already' | 'unsupported' | 'unavailable' | 'refused';

export interface KeyRegistrationOptions {
  central: CentralApi;
  log: Logger;
  dataDir: string;
  /** The key to register: its id as printed in payloads and its SPKI PEM. */
  key: { kid: string; publicKey: string };
  /** How often to ask again until central has recorded the key (create-kiosk passes the heartbeat interval). */
  everyMs?: number;
}

export class KeyRegistration implements StationTask {
  readonly name = 'signing key registration';
  readonly everyMs: number;
  private readonly file: string;
  /** What was last logged about a failure, so that a repeated failure is logged once. */
  private lastProblem: string | null = null;
  private asking: Promise<RegistrationOutcome> | null = null;

  constructor(private readonly o: KeyRegistrationOptions) {
    this.file = join(o.dataDir, REGISTRATION_FILE);
    this.everyMs = o.everyMs ?? ASK_AGAIN_MS;
  }

  run(): Promise<RegistrationOutcome> {
    return this.ensure();
  }

  /** The registration central confirmed for the current key, or undefined (never, or for another key). */
  recorded(): RegisteredKey | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<RegisteredKey>;
      return saved.publicKey === this.o.key.publicKey && typeof saved.registeredAt === 'string'
        ? (saved as RegisteredKey)
        : undefined;
    } catch {
      // A damaged file only means asking central again (registering a key twice is a no-op there).
      return undefined;
    }
  }

  /** Registers the key unless central has already recorded it. Never throws. */
  ensure(): Promise<RegistrationOutcome> {
    if (this.recorded()) return Promise.resolve('already');
    this.asking ??= this.ask().finally(() => (this.asking = null));
    return this.asking;
  }

  private async ask(): Promise<RegistrationOutcome> {
    let outcome: RegistrationOutcome;
    try {
      const answer = await this.o.central.call('registerSigningKey', { publicKey: this.o.key.publicKey });
      if (answer.keyId !== this.o.key.kid)
        this.o.log.warn('central names the signing key differently from this station', {
          station: this.o.key.kid,
          central: answer.keyId,
        });
      const saved: RegisteredKey = {
        keyId: answer.keyId,
        publicKey: this.o.key.publicKey,
        registeredAt: answer.registeredAt,
      };
      writeFileDurable(this.file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
      this.lastProblem = null;
      this.o.log.info('signing key registered with central', { keyId: answer.keyId });
      return 'registered';
    } catch (err) {
      const e = err as Error;
      const status =
        err instanceof CentralRejectedError
          ? err.status
          : err instanceof CentralUnavailableError
            ? err.flags.status
            : 0;
      if (status === 501 || status === 404) {
        outcome = 'unsupported';
        this.once(
          'unsupported',
          'info',
          'central does not register station signing keys (an older central): documents verify there only with a key given to central with --verify-key; asking again later',
          {},
        );
      } else if (err instanceof CentralRejectedError) {
        outcome = 'refused';
        this.once(
          `refused ${err.code}`,
          'error',
          "central refused to register this station's signing key: its documents do not verify at central until an admin settles it there (the key may be recorded for another terminal)",
          { code: err.code, error: e.message, keyId: this.o.key.kid },
        );
      } else {
        outcome = 'unavailable';
        this.once('unavailable', 'warn', 'could not register the signing key with central; asking again later', {
          error: e.message,
        });
      }
    }
    return outcome;
  }

  private once(problem: string, level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) {
    if (this.lastProblem === problem) return;
    this.lastProblem = problem;
    this.o.log[level](message, fields);
  }
}
