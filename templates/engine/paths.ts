/**
 * Where the engine's data lives: the committed fonts (`fonts/`) and the built-in bundles (`builtin/`).
 * The same code runs from source (tsx), from an electron-vite build (`out/main/index.js`, one bundle,
 * so its own folder says nothing about `templates/`) and from a packaged app, where electron-builder
 * puts both folders under `resources/templates` (electron-builder.yml, extraResources). So the folder
 * is searched for, not assumed, and a missing one is a clear start-up error.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export class TemplatesFolderNotFoundError extends Error {
  override name = 'TemplatesFolderNotFoundError';
  constructor(searched: string[]) {
    super(
      `E-station cannot find its templates folder (fonts/ and builtin/). Looked in: ${searched.join(', ')}. ` +
        'Reinstall the application, or set ESTATION_TEMPLATES_ROOT to the folder that holds fonts/ and builtin/.',
    );
  }
}

const isTemplatesRoot = (dir: string) => existsSync(join(dir, 'fonts')) && existsSync(join(dir, 'builtin'));

export interface TemplatesRootSources {
  env?: NodeJS.ProcessEnv;
  /** Electron's `process.resourcesPath` in a packaged app; undefined under Node. */
  resourcesPath?: string | undefined;
  /** The folder of the running module (a source file, or the bundle). */
  here?: string;
}

export function findTemplatesRoot({
  env = process.env,
  resourcesPath = (process as { resourcesPath?: string }).resourcesPath,
  here = import.meta.dirname,
}: TemplatesRootSources = {}): string {
  const candidates = [env.ESTATION_TEMPLATES_ROOT, resourcesPath && join(resourcesPath, 'templates')].filter(
    (d): d is string => Boolean(d),
  );
  // Upwards from here: from source this file's parent is the root; from a build, <repo>/templates is.
  for (let dir = resolve(here); ; dir = dirname(dir)) {
    candidates.push(dir, join(dir, 'templates'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find(isTemplatesRoot);
  if (found) return found;
  const searched = candidates.slice(0, 6);
  throw new TemplatesFolderNotFoundError(searched);
}

let cached: string | undefined;
/** The templates folder of this installation (found once). */
export function templatesRoot(): string {
  return (cached ??= findTemplatesRoot());
}
