/**
 * The template versions this station must not use, and why (docs/templates.md, "Publishing safely"):
 *
 * - **Rollbacks**: signed instructions (`TemplateRollback`, from `estation template rollback`) that
 *   withdraw the versions of one template above `to`, up to `through`. Each is checked against the
 *   publisher keys this station trusts, exactly as a release is; an unsigned, tampered or foreign one is
 *   refused. Per template id the instruction issued last is in force, and an older one never replaces it.
 * - **Fallbacks**: a version that failed to render here after it was activated
 *   (main/core/template-fallback.ts). It stays withdrawn until a newer version arrives (which is simply
 *   another version) or a rollback instruction names it as its target.
 *
 * Kept in `<dataDir>/templates/withdrawn.json` (written atomically), so that a restart does not put a
 * withdrawn version back into use.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurable } from '../../drivers/durable-file.js';
import { TemplateFallback, TemplateRollback, type SignedRelease } from '../../shared/central-api.js';
import { compareVersions, openSigned, ReleaseError } from '../../templates/engine/index.js';

const State = z.object({
  rollbacks: z.record(z.string(), TemplateRollback).default({}),
  failed: z.array(TemplateFallback).default([]),
});
type State = z.infer<typeof State>;

export const WITHDRAWN_FILE = 'withdrawn.json';

export class TemplateWithdrawals {
  private state: State = { rollbacks: {}, failed: [] };

  constructor(
    /** The folder releases are installed in (`<dataDir>/templates`). */
    private readonly dir: string,
    private readonly trusted: ReadonlyMap<string, KeyObject>,
  ) {}

  /** Reads what was withdrawn before a restart; an unreadable file is reported and withdraws nothing. */
  load(): void {
    const file = join(this.dir, WITHDRAWN_FILE);
    if (!existsSync(file)) return;
    this.state = State.parse(JSON.parse(readFileSync(file, 'utf8')));
  }

  private save(): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileDurable(join(this.dir, WITHDRAWN_FILE), JSON.stringify(this.state));
  }

  isWithdrawn = (id: string, version: string): boolean => {
    if (this.state.failed.some((f) => f.failed.id === id && f.failed.version === version)) return true;
    const r = this.state.rollbacks[id];
    return r !== undefined && compareVersions(version, r.to) > 0 && compareVersions(version, r.through) <= 0;
  };

  /**
   * Verifies a signed rollback instruction and puts it in force if it is the newest for its template.
   * Returns the instruction when it changed anything, null when it was already in force (or older).
   * Throws ReleaseError (unknown_key, bad_signature, malformed) for one this station must not obey.
   */
  applyRollback(signed: SignedRelease): TemplateRollback | null {
    const content = openSigned(signed, this.trusted);
    const parsed = TemplateRollback.safeParse(content);
    if (!parsed.success)
      throw new ReleaseError(
        'malformed',
        `The signed document is not a rollback instruction (${parsed.error.issues[0]?.message ?? 'unknown'}).`,
      );
    const r = parsed.data;
    const current = this.state.rollbacks[r.id];
    if (current && Date.parse(current.issuedAt) >= Date.parse(r.issuedAt)) return null;
    this.state.rollbacks[r.id] = r;
    // An explicit instruction to use a version that had failed here: the admin says it is good now.
    this.state.failed = this.state.failed.filter((f) => !(f.failed.id === r.id && f.failed.version === r.to));
    this.save();
    return r;
  }

  /** Records that a version failed to render and which one is used instead. */
  markFailed(fallback: TemplateFallback): void {
    this.state.failed.push(fallback);
    this.save();
  }

  /** Takes a failure back (the previous version failed on the same data too: the data was at fault). */
  unmarkFailed(id: string, version: string): void {
    this.state.failed = this.state.failed.filter((f) => !(f.failed.id === id && f.failed.version === version));
    this.save();
  }

  failures(): TemplateFallback[] {
    return [...this.state.failed];
  }
}
