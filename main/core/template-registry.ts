/**
 * The templates this kiosk can render, indexed by document kind and language: for each, the highest
 * version that is not withdrawn (rolled back or failed to render); the others are kept to go back to.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentKind, Language } from '../../shared/domain.js';
import { BUILTIN_DIR, compareVersions, loadTemplateBundle, type TemplateBundle } from '../../templates/engine/index.js';

export class NoTemplatesError extends Error {
  override name = 'NoTemplatesError';
  constructor(readonly dir: string) {
    super(
      `No certificate template could be loaded from ${dir} (the log names each bundle's problem). ` +
        'Reinstall E-station, or set ESTATION_TEMPLATES_ROOT to the folder that holds builtin/ and fonts/.',
    );
  }
}

export class TemplateRegistry {
  /** Every template offered for a kind and language (built-in and installed), highest version first. */
  private readonly byKey = new Map<string, TemplateBundle[]>();
  /** Versions this station must not use (rolled back, or failed to render): main/core/template-sync.ts decides. */
  private withdrawn: (id: string, version: string) => boolean = () => false;

  constructor(bundles: TemplateBundle[]) {
    for (const b of bundles) this.offer(b);
  }

  /**
   * Adds `bundle` to the templates for its kind and language. The one in use is the highest version
   * (whatever their ids) that is not withdrawn. Returns whether `bundle` is now the one in use.
   */
  offer(bundle: TemplateBundle): boolean {
    const key = `${bundle.manifest.kind}/${bundle.manifest.language}`;
    const list = this.byKey.get(key) ?? [];
    const same = (b: TemplateBundle) =>
      b.manifest.id === bundle.manifest.id && b.manifest.version === bundle.manifest.version;
    if (!list.some(same)) {
      list.push(bundle);
      list.sort((a, b) => compareVersions(b.manifest.version, a.manifest.version));
      this.byKey.set(key, list);
    }
    const active = this.get(bundle.manifest.kind, bundle.manifest.language);
    return active !== undefined && same(active);
  }

  /** Sets which versions may not be used; the next `get` follows it (no bundle is forgotten). */
  setWithdrawn(withdrawn: (id: string, version: string) => boolean): void {
    this.withdrawn = withdrawn;
  }

  /** The template that would be used for this kind and language if `bundle` were withdrawn too. */
  previous(bundle: TemplateBundle): TemplateBundle | undefined {
    const list = this.byKey.get(`${bundle.manifest.kind}/${bundle.manifest.language}`) ?? [];
    return list.find(
      (b) =>
        compareVersions(b.manifest.version, bundle.manifest.version) < 0 &&
        !this.withdrawn(b.manifest.id, b.manifest.version),
    );
  }

  /** Loads every bundle folder under `dir` (default: the built-in templates). A broken bundle is reported and skipped. */
  static load(dir = BUILTIN_DIR, onError: (dir: string, err: Error) => void = () => {}): TemplateRegistry {
    const bundles: TemplateBundle[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      try {
        bundles.push(loadTemplateBundle(join(dir, entry.name)));
      } catch (err) {
        onError(join(dir, entry.name), err as Error);
      }
    }
    return new TemplateRegistry(bundles);
  }

  get(kind: DocumentKind, language: Language): TemplateBundle | undefined {
    return this.byKey.get(`${kind}/${language}`)?.find((b) => !this.withdrawn(b.manifest.id, b.manifest.version));
  }

  /** The template in use for each kind and language. */
  bundles(): TemplateBundle[] {
    return [...this.byKey.values()].flatMap((list) => {
      const b = list.find((x) => !this.withdrawn(x.manifest.id, x.manifest.version));
      return b ? [b] : [];
    });
  }

  list(): { id: string; version: string; kind: DocumentKind; language: Language }[] {
    return this.bundles().map((b) => ({
      id: b.manifest.id,
      version: b.manifest.version,
      kind: b.manifest.kind,
      language: b.manifest.language,
    }));
  }
}
