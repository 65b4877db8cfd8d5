import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTemplatesRoot, TemplatesFolderNotFoundError } from '../../../templates/engine/paths.js';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const REPO_TEMPLATES = join(REPO, 'templates');

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
function fakeRoot(...parts: string[]): string {
  dir = mkdtempSync(join(tmpdir(), 'estation-paths-'));
  const root = join(dir, ...parts);
  mkdirSync(join(root, 'fonts'), { recursive: true });
  mkdirSync(join(root, 'builtin'), { recursive: true });
  return root;
}

describe('finding the templates folder', () => {
  it('from source: the parent of templates/engine', () => {
    expect(findTemplatesRoot({ env: {}, resourcesPath: undefined, here: join(REPO, 'templates', 'engine') })).toBe(
      REPO_TEMPLATES,
    );
  });

  it('from an electron-vite build run in the repo: <repo>/templates, found upwards from out/main', () => {
    expect(findTemplatesRoot({ env: {}, resourcesPath: undefined, here: join(REPO, 'out', 'main') })).toBe(
      REPO_TEMPLATES,
    );
  });

  it('in a packaged app: resources/templates, even though the bundle sits inside app.asar', () => {
    const root = fakeRoot('resources', 'templates');
    const resources = join(dir!, 'resources');
    expect(
      findTemplatesRoot({ env: {}, resourcesPath: resources, here: join(resources, 'app.asar', 'out', 'main') }),
    ).toBe(root);
  });

  it('ESTATION_TEMPLATES_ROOT wins over the rest', () => {
    const root = fakeRoot('custom');
    expect(
      findTemplatesRoot({
        env: { ESTATION_TEMPLATES_ROOT: root },
        resourcesPath: undefined,
        here: join(REPO, 'templates', 'engine'),
      }),
    ).toBe(root);
  });

  it('fails at start with where it looked and how to fix it', () => {
    dir = mkdtempSync(join(tmpdir(), 'estation-paths-'));
    const find = () =>
      findTemplatesRoot({ env: {}, resourcesPath: join(dir!, 'resources'), here: join(dir!, 'app', 'out', 'main') });
    expect(find).toThrow(TemplatesFolderNotFoundError);
    expect(find).toThrow(/resources[/\\]templates.*ESTATION_TEMPLATES_ROOT/);
  });
});
