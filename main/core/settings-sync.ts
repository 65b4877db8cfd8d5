/**
 * Takes the settings admins publish at central (signed like template releases) and applies them.
 *
 * The newest release addressed to this station is verified against the trusted publisher keys,
 * checked against the settings schema, and must carry a higher version than the one applied (a
 * replayed older release is refused, so an attacker who controls central cannot roll settings back).
 * It is saved twice (`<dataDir>/central-settings.json` and a copy beside it, `.bak`), each written
 * durably (scratch file, fsync, rename, fsync of the folder: a power cut leaves the old or the new one)
 * and applied at once; at start the saved one is verified and applied again. The applied version is
 * what protects against a replay, so it is never forgotten quietly: a damaged file falls back on the
 * copy, and when every copy that exists is damaged the station takes no central settings (it keeps its
 * configuration file's) until staff remove them. A refused release is logged once and the station
 * keeps what it has.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CentralSettings, SettingsRelease, SignedRelease } from '../../shared/central-api.js';
import { writeFileDurable } from '../../drivers/durable-file.js';
import { openSigned, releaseDigest, ReleaseError } from '../../templates/engine/index.js';
import type { CentralApi } from './central-client.js';
import type { Logger } from './log.js';

export interface SettingsSyncOptions {
  central: CentralApi;
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
  /** Saved copies that exist but are damaged, while no copy is whole: no central settings are taken. */
  private blocked: string[] | null = null;
  /** Refused releases (by digest) and why. */
  private readonly refused = new Map<string, string>();

  constructor(private readonly o: SettingsSyncOptions) {}

  /** Settings releases refused so far, each with its reason (for maintenance mode). */
  refusedReleases(): string[] {
    const blocked = this.blocked
      ? [
          `settings: saved settings damaged: ${this.blocked.join(', ')} cannot be read, so the applied version is unknown and central settings are held back; remove the damaged file(s) to take central's settings again`,
        ]
      : [];
    return [...blocked, ...this.refused.values()];
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
      throw new ReleaseError(
        'malformed',
        `Not a settings release for this version of E-station (${where.slice(0, 300)}).`,
      );
    }
    const r = parsed.data;
    if (!r.terminals.includes('*') && !r.terminals.includes(this.o.terminalId))
      throw new ReleaseError('malformed', `Settings version ${r.version} is not addressed to ${this.o.terminalId}.`);
    return r;
  }

  /** The saved copies, newest first in priority: the file itself, then its copy. */
  private copies(): string[] {
    return [this.o.file, `${this.o.file}.bak`];
  }

  /**
   * Reads the saved copies: the newest one that verifies, and the copies that exist but are damaged
   * (unreadable, empty, not a signed release). A copy that is whole but no longer verifies (its key is
   * no longer trusted) is skipped, not counted as damaged. `log`: say why each copy is not used.
   */
  private readSaved(log: boolean): {
    best: { release: SettingsRelease; signed: SignedRelease } | null;
    damaged: string[];
  } {
    let best: { release: SettingsRelease; signed: SignedRelease } | null = null;
    const damaged: string[] = [];
    for (const file of this.copies()) {
      let signed: SignedRelease;
      try {
        signed = SignedRelease.parse(JSON.parse(readFileSync(file, 'utf8')));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        damaged.push(file);
        if (log)
          this.o.log.error('saved central settings are damaged', { file, error: (err as Error).message.slice(0, 300) });
        continue;
      }
      try {
        const release = this.open(signed);
        if (!best || release.version > best.release.version) best = { release, signed };
      } catch (err) {
        if (log)
          this.o.log.error('saved central settings do not verify; ignored', { file, error: (err as Error).message });
      }
    }
    return { best, damaged };
  }

  /**
   * At start: re-verifies and applies the settings saved last time (the newer of the file and its
   * copy; a damaged file is repaired from the copy). With no copy that verifies the configuration file
   * applies; if a copy exists but is damaged, central settings are held back (see `blocked`).
   */
  loadSaved(): boolean {
    const { best, damaged } = this.readSaved(true);
    if (best) {
      this.version = best.release.version;
      this.o.apply(best.release.settings, best.release.version);
      if (damaged.length) {
        try {
          this.save(best.signed, best.release.version);
        } catch (err) {
          this.o.log.error('damaged central settings could not be repaired from the copy', {
            error: (err as Error).message,
          });
        }
      }
      return true;
    }
    this.blocked = damaged.length ? damaged : null;
    if (this.blocked)
      this.o.log.error(
        'saved central settings are damaged and no copy is whole: central settings are held back until staff remove the damaged files (the station uses its configuration file)',
        { files: this.blocked },
      );
    return false;
  }

  /**
   * Writes the release to the file (throws if it cannot: nothing is applied that is not saved), then to
   * the copy (a copy left older is harmless: the newer of the two counts).
   */
  private save(signed: SignedRelease, version: number): void {
    const text = JSON.stringify(signed);
    const [file, copy] = this.copies() as [string, string];
    writeFileDurable(file, text);
    try {
      writeFileDurable(copy, text);
    } catch (err) {
      this.o.log.error('the copy of the central settings could not be saved', {
        file: copy,
        version,
        error: (err as Error).message,
      });
    }
  }

  async sync(): Promise<SettingsOutcome> {
    const { settings: signed } = await this.o.central.call('currentSettings', {});
    if (!signed) return 'none';
    if (this.blocked) {
      // The applied version was lost with the damaged files: taking any release now could take back
      // an older one. Staff removing the files (or replacing them with whole ones) lifts this.
      const { best, damaged } = this.readSaved(false);
      if (damaged.length && !best) return 'refused';
      this.blocked = null;
      if (best) {
        this.version = best.release.version;
        this.o.apply(best.release.settings, best.release.version);
      }
    }
    const digest = releaseDigest(signed);
    if (this.refused.has(digest)) return 'refused';
    let r: SettingsRelease;
    try {
      r = this.open(signed);
      if (r.version === this.version) return 'unchanged';
      if (r.version < this.version)
        throw new ReleaseError(
          'malformed',
          `Settings version ${r.version} is older than the applied version ${this.version}.`,
        );
    } catch (err) {
      if (!(err instanceof ReleaseError)) throw err;
      this.refused.set(digest, `settings: ${err.reason}: ${err.message}`);
      this.o.log.error('central settings refused; the station keeps its settings', {
        reason: `${err.reason}: ${err.message}`,
      });
      return 'refused';
    }
    this.save(signed, r.version);
    this.version = r.version;
    this.o.apply(r.settings, r.version);
    this.o.log.info('central settings applied', { version: r.version });
    return 'applied';
  }
}
