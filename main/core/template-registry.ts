/**
 * The templates this kiosk can render, indexed by document kind and language.
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
  private readonly byKey = new Map<string, TemplateBundle>();

  constructor(bundles: TemplateBundle[]) {
    for (const b of bundles) this.offer(b);
  }

  /**
   * Makes `bundle` the template for its kind and language when its version is higher than the current
   * one's (whatever their ids), or when there is none. Returns whether it did.
   */
  offer(bundle: TemplateBundle): boolean {
    const key = `${bundle.manifest.kind}/${bundle.manifest.language}`;
    const current = this.byKey.get(key);
    if (current && compareVersions(bundle.manifest.version, current.manifest.version) <= 0) return false;
    this.byKey.set(key, bundle);
    return true;
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
    return this.byKey.get(`${kind}/${language}`);
  }

  bundles(): TemplateBundle[] {
    return [...this.byKey.values()];
  }

  list(): { id: string; version: string; kind: DocumentKind; language: Language }[] {
    return [...this.byKey.values()].map((b) => ({
      id: b.manifest.id,
      version: b.manifest.version,
      kind: b.manifest.kind,
      language: b.manifest.language,
    }));
  }
}
