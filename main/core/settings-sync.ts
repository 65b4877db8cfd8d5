/**
 * Takes the settings admins publish at central (signed like template releases) and applies them.
 *
 * The newest release addressed to this station is verified against the trusted publisher keys,
 * checked against the settings schema, and must carry a higher version than the one applied (a
 * replayed older release is refused, so an attacker who controls central cannot roll settings back).
 * It is saved (`<dataDir>/central-settings.json`, written to a scratch file and renamed, so a crash
 * leaves the old or the new one) and applied at once; at start the saved one is verified and applied
 * again. A refused release is logged once and the station keeps what it has.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { CentralSettings, SettingsRelease, SignedRelease } from '../../shared/central-api.js';
import { openSigned, releaseDigest, ReleaseError } from '../../templates/engine/index.js';
import type { CentralClient } from './central-client.js';
import type { Logger } from './log.js';

export interface SettingsSyncOptions {
  central: Pick<CentralClient, 'call'>;
  terminalId: string;
  trusted: ReadonlyMap<string, KeyObject>;
  /** Where the applied release is kept. */
  file: string;
  log: Logger;
  apply: (settings: CentralSettings, version: number) => void;
}

export type SettingsOutcome = 'none' | 'unchanged' | 'applied' | 'refused';

export class SettingsSync {
  private version = 0;
  /** Refused releases (by digest) and why. */
  private readonly refused = new Map<string, string>();

  constructor(private readonly o: SettingsSyncOptions) {}

  /** Settings releases refused so far, each with its reason (for maintenance mode). */
  refusedReleases(): string[] {
    return [...this.refused.values()];
  }

  /** The version applied now (0: the configuration file only). */
  get applied(): number {
    return this.version;
  }

  private open(signed: SignedRelease): SettingsRelease {
    const content = openSigned(signed, this.o.trusted, 256 * 1024);
    const parsed = SettingsRelease.safeParse(content);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ReleaseError('malformed', `Not a settings release for this version of E-station (${where.slice(0, 300)}).`);
    }
    const r = parsed.data;
    if (!r.terminals.includes('*') && !r.terminals.includes(this.o.terminalId)) throw new ReleaseError('malformed', `Settings version ${r.version} is not addressed to ${this.o.terminalId}.`);
    return r;
  }

  /** At start: re-verifies and applies the settings saved last time (a bad file is logged and ignored). */
  loadSaved(): boolean {
    let signed: SignedRelease;
    try {
      signed = SignedRelease.parse(JSON.parse(readFileSync(this.o.file, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.o.log.error('saved central settings are unreadable; using the configuration file', { error: (err as Error).message });
      return false;
    }
    try {
      const r = this.open(signed);
      this.version = r.version;
      this.o.apply(r.settings, r.version);
      return true;
    } catch (err) {
      this.o.log.error('saved central settings do not verify; using the configuration file', { error: (err as Error).message });
      return false;
    }
  }

  async sync(): Promise<SettingsOutcome> {
    const { settings: signed } = await this.o.central.call('currentSettings', {});
    if (!signed) return 'none';
    const digest = releaseDigest(signed);
    if (this.refused.has(digest)) return 'refused';
    let r: SettingsRelease;
    try {
      r = this.open(signed);
      if (r.version === this.version) return 'unchanged';
      if (r.version < this.version) throw new ReleaseError('malformed', `Settings version ${r.version} is older than the applied version ${this.version}.`);
    } catch (err) {
      if (!(err instanceof ReleaseError)) throw err;
      this.refused.set(digest, `settings: ${err.reason}: ${err.message}`);
      this.o.log.error('central settings refused; the station keeps its settings', { reason: `${err.reason}: ${err.message}` });
      return 'refused';
    }
    const scratch = `${this.o.file}.tmp`;
    writeFileSync(scratch, JSON.stringify(signed));
    renameSync(scratch, this.o.file);
    this.version = r.version;
    this.o.apply(r.settings, r.version);
    this.o.log.info('central settings applied', { version: r.version });
    return 'applied';
  }
}
