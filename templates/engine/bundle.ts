/**
 * Template bundles: a folder with manifest.json, layout.json, sample.json and assets.
 * Everything is parsed as data and validated; nothing in a bundle can run code or name a file
 * outside the bundle.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { DocumentKind } from '../../shared/domain.js';
import { TemplateVersion } from '../../shared/semver.js';
import { DataSchema } from './data-schema.js';
import { TemplateError } from './errors.js';
import { isFontId } from './fonts.js';
import { bindingPaths } from './bindings.js';
import { layoutAssets, TemplateLayout, type FlowElementT } from './layout.js';
import { templatesRoot } from './paths.js';

export { TemplateLayout } from './layout.js';

export const TemplateManifest = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    version: TemplateVersion,
    kind: DocumentKind,
    language: z.enum(['zh', 'en']),
    title: z.string().min(1),
    description: z.string().max(500).optional(),
    /** Data the template needs: dotted path -> type (or a list with its item fields). Checked before every render. */
    schema: DataSchema,
    /** Font roles used by the layout -> font ids from the font registry. */
    fonts: z.record(z.string().regex(/^[a-zA-Z][\w-]{0,31}$/), z.string()),
  })
  .strict();
export type TemplateManifest = z.infer<typeof TemplateManifest>;

export interface TemplateBundle {
  dir: string;
  manifest: TemplateManifest;
  layout: TemplateLayout;
  sample: Record<string, unknown>;
  /** The PNG files the layout refers to, read and checked at load: rendering never touches the disk. */
  assets: Record<string, Uint8Array>;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const MAX_ASSET_BYTES = 1024 * 1024;

function readAssets(dir: string, layout: TemplateLayout): { assets: Record<string, Uint8Array>; problems: string[] } {
  const assets: Record<string, Uint8Array> = {};
  const problems: string[] = [];
  for (const name of layoutAssets(layout)) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(bundlePath(dir, name)));
    } catch (err) {
      problems.push(`${name}: ${err instanceof TemplateError ? err.problems[0] : (err as Error).message}`);
      continue;
    }
    if (bytes.byteLength > MAX_ASSET_BYTES) problems.push(`${name}: larger than ${MAX_ASSET_BYTES} bytes`);
    else if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) problems.push(`${name}: not a PNG file`);
    else assets[name] = bytes;
  }
  return { assets, problems };
}

/** Resolves a file name inside the bundle; refuses anything that would leave it. */
export function bundlePath(dir: string, name: string): string {
  const root = resolve(dir);
  const p = resolve(root, name);
  if (!p.startsWith(root + sep)) throw new TemplateError(dir, [`"${name}" points outside the bundle`]);
  return p;
}

function readJson(dir: string, name: string): unknown {
  try {
    return JSON.parse(readFileSync(bundlePath(dir, name), 'utf8'));
  } catch (err) {
    throw new TemplateError(dir, [`${name}: ${(err as Error).message}`]);
  }
}

function check<T>(dir: string, name: string, schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new TemplateError(
      dir,
      r.error.issues.map((i) => `${name} ${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return r.data;
}

/** Every font role the layout names, with where it is named. */
function fontRoles(layout: TemplateLayout): [string, string][] {
  const out: [string, string][] = [];
  const walk = (els: FlowElementT[], at: string) =>
    els.forEach((e, i) => {
      const where = `${at}.${i}`;
      if (e.type === 'text') out.push([`${where}.font`, e.font]);
      else if (e.type === 'letterhead') out.push([`${where}.font`, e.font], [`${where}.subtitleFont`, e.subtitleFont]);
      else if (e.type === 'fields') out.push([`${where}.font`, e.font], [`${where}.labelFont`, e.labelFont]);
      else if (e.type === 'table') out.push([`${where}.font`, e.font], [`${where}.headerFont`, e.headerFont]);
      else if (e.type === 'group') walk(e.elements, `${where}.elements`);
    });
  walk(layout.elements, 'elements');
  layout.fixed.forEach((f, i) => f.type === 'text' && out.push([`fixed.${i}.font`, f.font]));
  layout.overlays.forEach((o, i) => out.push([`overlays.${i}.font`, o.font]));
  return out;
}

/**
 * Bindings that read data the manifest's schema does not declare (they would print as empty text).
 * Table cells may also read their row's fields and `$index`, group headings `group`, fixed texts
 * `page` and `pages`.
 */
function undeclaredBindings(manifest: TemplateManifest, layout: TemplateLayout): string[] {
  const declared = (path: string) => Object.prototype.hasOwnProperty.call(manifest.schema, path);
  const problems: string[] = [];
  const check = (where: string, text: string, extra: (path: string) => boolean = () => false) => {
    for (const path of bindingPaths(text))
      if (!declared(path) && !extra(path))
        problems.push(`layout.json ${where}: {{${path}}} is not in the manifest's schema`);
  };
  const walk = (els: FlowElementT[], at: string) =>
    els.forEach((e, i) => {
      const where = `${at}.${i}`;
      if (e.type === 'text') {
        check(where, e.text);
        for (const path of [e.when, e.unless])
          if (path !== undefined && !declared(path))
            problems.push(`layout.json ${where}: the condition "${path}" is not in the manifest's schema`);
      } else if (e.type === 'letterhead')
        [e.title, e.subtitle, e.emblemRim, e.emblemCenter].forEach((t) => check(where, t));
      else if (e.type === 'fields') e.items.forEach((it) => (check(where, it.label), check(where, it.value)));
      else if (e.type === 'table') {
        const list = manifest.schema[e.rows];
        const item = (path: string) =>
          path === '$index' || (typeof list === 'object' && Object.prototype.hasOwnProperty.call(list.list, path));
        if (typeof list !== 'object')
          problems.push(`layout.json ${where}.rows: "${e.rows}" is not a list in the manifest's schema`);
        e.columns.forEach((c) => (check(where, c.header), check(where, c.value, item)));
        check(where, e.groupHeading, (p) => p === 'group' || item(p));
      } else if (e.type === 'group') walk(e.elements, `${where}.elements`);
    });
  walk(layout.elements, 'elements');
  layout.fixed.forEach(
    (f, i) =>
      (f.type === 'text' || f.type === 'qr') && check(`fixed.${i}`, f.text, (p) => p === 'page' || p === 'pages'),
  );
  layout.overlays.forEach((o, i) => [o.rim, o.center].forEach((t) => check(`overlays.${i}`, t)));
  return problems;
}

export function loadTemplateBundle(dir: string): TemplateBundle {
  const manifest = check(dir, 'manifest.json', TemplateManifest, readJson(dir, 'manifest.json'));
  const layout = check(dir, 'layout.json', TemplateLayout, readJson(dir, 'layout.json'));
  const sample = check(dir, 'sample.json', z.record(z.string(), z.unknown()), readJson(dir, 'sample.json'));
  const problems = [
    ...Object.entries(manifest.fonts).flatMap(([role, id]) =>
      isFontId(id) ? [] : [`manifest.json fonts.${role}: "${id}" is not a known font`],
    ),
    ...fontRoles(layout).flatMap(([where, role]) =>
      Object.prototype.hasOwnProperty.call(manifest.fonts, role)
        ? []
        : [`layout.json ${where}: "${role}" is not a font role in manifest.json`],
    ),
  ];
  const { assets, problems: assetProblems } = readAssets(dir, layout);
  problems.push(...assetProblems, ...undeclaredBindings(manifest, layout));
  if (problems.length) throw new TemplateError(dir, problems);
  return { dir, manifest, layout, sample, assets };
}

/** The built-in bundles that ship with E-station. */
export const BUILTIN_DIR = join(templatesRoot(), 'builtin');

export function builtinTemplateDir(id: string): string {
  return join(BUILTIN_DIR, id);
}
