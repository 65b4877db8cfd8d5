/**
 * Fetches template releases that admins published at central, verifies them and activates them.
 *
 * For each newest release central lists that is newer than this station's template of the same kind
 * and language: download it, check its signature against the publisher keys the configuration
 * trusts, unpack it into a scratch folder, load it as a bundle (schema, fonts, assets, bindings) and
 * render its own sample, and only then rename the folder into place (`<dir>/<id>@<version>`) and
 * offer it to the registry. A release that fails any step is refused, logged once with the reason,
 * and never retried (central serves the same bytes again); the station keeps its current template.
 *
 * Activation waits while a student or staff member is using the station, so a document never changes
 * between its preview and its print. A crash at any point leaves either the old template or the new
 * one installed: scratch folders are removed at the next start, and a folder is complete once renamed
 * (its files and folders are fsynced before the rename, and the rename after it, so a power cut cannot
 * leave an installed folder with empty files; the check at every start would refuse one).
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir, fsyncTree, nodeDurableFs, type DurableFs } from '../../drivers/durable-file.js';
import { SignedRelease, type ReleaseInfo, type TemplateFallback } from '../../shared/central-api.js';
import {
  compareVersions,
  loadTemplateBundle,
  releaseDigest,
  ReleaseError,
  RenderPoolClosedError,
  unpackRelease,
  verifyRelease,
  type TemplateBundle,
} from '../../templates/engine/index.js';
import { CentralUnavailableError, type CentralApi } from './central-client.js';
import type { Logger } from './log.js';
import type { RenderFn } from './print-runner.js';
import type { TemplateRegistry } from './template-registry.js';
import { TemplateWithdrawals } from './template-withdrawals.js';

export interface TemplateSyncOptions {
  central: CentralApi;
  registry: TemplateRegistry;
  /** Where releases are installed (`<dataDir>/templates`). */
  dir: string;
  /** Publisher keys by key id; without any, nothing is ever installed. */
  trusted: ReadonlyMap<string, KeyObject>;
  log: Logger;
  /** Renders a bundle's sample before it goes live (the kiosk's renderer: the worker pool). */
  render: RenderFn;
  /** False while someone uses the station: activation waits. */
  idle: () => boolean;
  /** Called after templates were activated. */
  onActivated?: (bundles: TemplateBundle[]) => void;
  /** The calls that make an installed folder durable (tests count them). */
  fs?: DurableFs;
}

export interface SyncResult {
  installed: string[];
  refused: { release: string; reason: string }[];
  waiting: string[];
}

const folderName = (id: string, version: string) => `${id}@${version}`;
/** Kept in each installed folder: the release as signed. */
const SIGNED_FILE = 'release.signed.json';
/** A release is up to a few megabytes: give a slow campus link time to carry it. */
const FETCH_TIMEOUT_MS = 120_000;

export class TemplateSync {
  /** Releases refused once (by sha256): not fetched again. */
  private readonly refused = new Map<string, string>();
  /** Installed but not yet active (someone was using the station). */
  private readonly pending = new Map<string, TemplateBundle>();
  private running: Promise<SyncResult> | null = null;
  /** Versions rolled back by a signed instruction, or that failed to render here. */
  private readonly withdrawals: TemplateWithdrawals;

  constructor(private readonly o: TemplateSyncOptions) {
    this.withdrawals = new TemplateWithdrawals(o.dir, o.trusted);
    o.registry.setWithdrawn(this.withdrawals.isWithdrawn);
  }

  /**
   * At start: activates the releases installed earlier and removes scratch folders left by a crash.
   * Each folder is checked again against the signed release kept in it and the keys trusted now, so
   * a key removed from the configuration takes its templates with it, and a folder changed on disk
   * is not used; such a folder is logged and skipped, and the previous template stays.
   */
  loadInstalled(): TemplateBundle[] {
    if (!existsSync(this.o.dir)) return [];
    try {
      this.withdrawals.load();
    } catch (err) {
      this.o.log.error('the record of withdrawn template versions is unreadable; none is withdrawn', {
        error: (err as Error).message,
      });
    }
    const loaded: TemplateBundle[] = [];
    for (const entry of readdirSync(this.o.dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(this.o.dir, entry.name);
      if (entry.name.startsWith('.')) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      try {
        this.checkInstalled(path, entry.name);
        const bundle = loadTemplateBundle(path);
        if (this.o.registry.offer(bundle)) loaded.push(bundle);
      } catch (err) {
        this.o.log.error('installed template release does not load; the previous template stays', {
          dir: path,
          error: (err as Error).message,
        });
      }
    }
    return loaded;
  }

  private checkInstalled(path: string, name: string): void {
    let signed;
    try {
      signed = SignedRelease.parse(JSON.parse(readFileSync(join(path, SIGNED_FILE), 'utf8')));
    } catch (err) {
      throw new ReleaseError('malformed', `no readable ${SIGNED_FILE} (${(err as Error).message})`);
    }
    const release = verifyRelease(signed, this.o.trusted);
    if (folderName(release.id, release.version) !== name)
      throw new ReleaseError('malformed', `the folder holds ${folderName(release.id, release.version)}`);
    for (const [file, content] of Object.entries(release.files)) {
      if (!readFileSync(join(path, file)).equals(Buffer.from(content, 'base64')))
        throw new ReleaseError('malformed', `${file} differs from the signed release`);
    }
  }

  /** Releases refused so far, each with its reason (for maintenance mode). */
  refusedReleases(): string[] {
    return [...this.refused.values()];
  }

  /** One round; concurrent calls share it. */
  sync(): Promise<SyncResult> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private isNewer(r: ReleaseInfo): boolean {
    if (this.withdrawals.isWithdrawn(r.id, r.version)) return false;
    const current = this.o.registry.get(r.kind, r.language);
    const pending = [...this.pending.values()].find(
      (b) => b.manifest.kind === r.kind && b.manifest.language === r.language,
    );
    const best = [current?.manifest.version, pending?.manifest.version]
      .filter((v): v is string => Boolean(v))
      .sort(compareVersions)
      .at(-1);
    return !best || compareVersions(r.version, best) > 0;
  }

  private async round(): Promise<SyncResult> {
    const result: SyncResult = { installed: [], refused: [], waiting: [] };
    if (this.o.trusted.size === 0) return result;
    const { releases, rollbacks = [] } = await this.o.central.call('listTemplates', {});
    // Rollbacks first: a release they withdraw is then not installed.
    for (const signed of rollbacks) this.applyRollback(signed, result);
    for (const info of releases) {
      const name = folderName(info.id, info.version);
      if (this.refused.has(info.sha256) || !this.isNewer(info)) continue;
      try {
        this.pending.set(name, await this.install(info));
        this.o.log.info('template release installed', { release: name });
      } catch (err) {
        // Central unreachable: the round ends and is tried again. A bad release is refused for good.
        // Anything else (central lost the release, the render pool shutting down) skips this one
        // release until the next round, so one problem never holds up the others.
        if (err instanceof CentralUnavailableError) throw err;
        if (!(err instanceof ReleaseError)) {
          this.o.log.warn('template release not installed this time', { release: name, error: (err as Error).message });
          continue;
        }
        const reason = `${err.reason}: ${err.message}`;
        this.refused.set(info.sha256, `${name}: ${reason}`);
        result.refused.push({ release: name, reason });
        this.o.log.error('template release refused; the current template stays', { release: name, reason });
      }
    }
    if (this.pending.size && !this.o.idle()) result.waiting.push(...this.pending.keys());
    else result.installed.push(...this.activatePending());
    return result;
  }

  /** Obeys a signed rollback instruction at once (the version it withdraws is bad), or refuses it for good. */
  private applyRollback(signed: SignedRelease, result: SyncResult): void {
    const digest = releaseDigest(signed);
    if (this.refused.has(digest)) return;
    try {
      const r = this.withdrawals.applyRollback(signed);
      if (!r) return;
      this.o.log.warn('template rolled back by a signed instruction', { template: r.id, to: r.to, through: r.through });
      this.o.onActivated?.(this.o.registry.bundles());
    } catch (err) {
      if (!(err instanceof ReleaseError)) throw err;
      const reason = `${err.reason}: ${err.message}`;
      this.refused.set(digest, `rollback instruction ${digest.slice(0, 12)}…: ${reason}`);
      result.refused.push({ release: `rollback ${digest.slice(0, 12)}`, reason });
      this.o.log.error('rollback instruction refused; nothing changed', { reason });
    }
  }

  /**
   * A template that failed to render (template-fallback.ts): withdraws it and returns the version now in
   * use for its kind and language (`withdrew`: by this call), or null (and withdraws nothing) when there
   * is no earlier one.
   */
  fallBack(bundle: TemplateBundle, error: Error): { use: TemplateBundle; withdrew: boolean } | null {
    const m0 = bundle.manifest;
    // Two renders that failed at once: the first withdrew it already; use what is in use now.
    if (this.withdrawals.isWithdrawn(m0.id, m0.version)) {
      const current = this.o.registry.get(m0.kind, m0.language);
      return current ? { use: current, withdrew: false } : null;
    }
    const previous = this.o.registry.previous(bundle);
    if (!previous) return null;
    const m = bundle.manifest;
    this.withdrawals.markFailed({
      kind: m.kind,
      language: m.language,
      failed: { id: m.id, version: m.version },
      using: { id: previous.manifest.id, version: previous.manifest.version },
      error: error.message.slice(0, 300),
      at: new Date().toISOString(),
    });
    this.o.log.error('template failed to render; back to the previous version', {
      failed: `${m.id}@${m.version}`,
      using: `${previous.manifest.id}@${previous.manifest.version}`,
      error: error.message.slice(0, 300),
    });
    this.o.onActivated?.(this.o.registry.bundles());
    return { use: previous, withdrew: true };
  }

  /** Puts a template back after `fallBack` when the previous version failed on the same data too. */
  restore(bundle: TemplateBundle): void {
    this.withdrawals.unmarkFailed(bundle.manifest.id, bundle.manifest.version);
    this.o.log.warn('the previous template failed on the same data: the data is at fault, not the template', {
      template: `${bundle.manifest.id}@${bundle.manifest.version}`,
    });
  }

  /** The fallbacks still in effect (the station uses a lower version than the one that failed), for the heartbeat. */
  fallbacks(): TemplateFallback[] {
    return this.withdrawals
      .failures()
      .flatMap((f) => {
        const using = this.o.registry.get(f.kind, f.language);
        if (!using || compareVersions(using.manifest.version, f.failed.version) >= 0) return [];
        return [{ ...f, using: { id: using.manifest.id, version: using.manifest.version } }];
      })
      .slice(-50);
  }

  /** Activates installed releases now if nobody is using the station (the kiosk calls this when a session ends). */
  activatePending(): string[] {
    if (!this.pending.size || !this.o.idle()) return [];
    const activated = [...this.pending.entries()].filter(([, b]) => this.o.registry.offer(b));
    this.pending.clear();
    for (const [name] of activated) this.o.log.info('template release activated', { release: name });
    if (activated.length) this.o.onActivated?.(activated.map(([, b]) => b));
    return activated.map(([name]) => name);
  }

  private async install(info: ReleaseInfo): Promise<TemplateBundle> {
    const name = folderName(info.id, info.version);
    const signed = await this.o.central.call(
      'fetchTemplate',
      { id: info.id, version: info.version },
      { timeoutMs: FETCH_TIMEOUT_MS },
    );
    // What central listed is what it sent (so a refusal, kept by digest, sticks to these very bytes).
    if (releaseDigest(signed) !== info.sha256)
      throw new ReleaseError(
        'malformed',
        `Central listed ${name} as ${info.sha256.slice(0, 12)}… but sent other bytes.`,
      );
    const release = verifyRelease(signed, this.o.trusted);
    if (release.id !== info.id || release.version !== info.version) {
      throw new ReleaseError(
        'malformed',
        `Central listed ${name} but sent ${folderName(release.id, release.version)}.`,
      );
    }
    mkdirSync(this.o.dir, { recursive: true });
    const scratch = join(this.o.dir, `.${name}-${process.pid}`);
    const final = join(this.o.dir, name);
    rmSync(scratch, { recursive: true, force: true });
    try {
      const staged = unpackRelease(release, scratch);
      try {
        await this.o.render(staged, staged.sample, { creationDate: new Date() });
      } catch (err) {
        if (err instanceof RenderPoolClosedError) throw err;
        throw new ReleaseError(
          'invalid_template',
          `The released template cannot render its own sample: ${(err as Error).message}`,
        );
      }
      // The signed release stays with the files, so that every start can check them again.
      writeFileSync(join(scratch, SIGNED_FILE), JSON.stringify(signed));
      const fs = this.o.fs ?? nodeDurableFs;
      fsyncTree(scratch, fs);
      rmSync(final, { recursive: true, force: true });
      renameSync(scratch, final);
      fsyncDir(this.o.dir, fs);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return loadTemplateBundle(final);
  }
}
