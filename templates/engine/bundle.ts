/**
 * Template bundles: a folder with manifest.json, layout.json, sample.json and assets.
 * Everything is parsed as data and validated; nothing in a bundle can run code or name a file
 * outside the bundle.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { TemplateError } from './errors.js';

const FieldType = z.enum(['string', 'date', 'number']);

export const TemplateManifest = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    kind: z.enum(['enrollment', 'transcript', 'student-status']),
    language: z.enum(['zh', 'en']),
    title: z.string().min(1),
    /** Data the template needs: dotted path -> type. Checked before every render. */
    schema: z.record(z.string().regex(/^[A-Za-z_][\w.]*$/), FieldType),
    /** Font roles used by the layout -> font ids from the font registry. */
    fonts: z.record(z.string(), z.string()),
  })
  .strict();
export type TemplateManifest = z.infer<typeof TemplateManifest>;

const Align = z.enum(['left', 'center', 'right', 'justify']);

export const TextElement = z
  .object({
    type: z.literal('text'),
    text: z.string(),
    font: z.string().default('body'),
    size: z.number().min(4).max(72).default(12),
    align: Align.default('left'),
    letterSpacing: z.number().min(0).max(40).default(0),
    lineHeight: z.number().min(1).max(3).default(1.5),
    indent: z.number().min(0).max(200).default(0),
    spaceAfter: z.number().min(0).max(400).default(0),
  })
  .strict();

export const SpacerElement = z.object({ type: z.literal('spacer'), height: z.number().min(0).max(800) }).strict();
export const RuleElement = z
  .object({ type: z.literal('rule'), thickness: z.number().min(0.1).max(10).default(1), spaceAfter: z.number().min(0).default(8) })
  .strict();

export const LayoutElement = z.discriminatedUnion('type', [TextElement, SpacerElement, RuleElement]);
export type LayoutElement = z.infer<typeof LayoutElement>;

export const TemplateLayout = z
  .object({
    page: z
      .object({
        size: z.enum(['A4', 'Letter']).default('A4'),
        /** top, right, bottom, left in points */
        margins: z.tuple([z.number(), z.number(), z.number(), z.number()]).default([72, 72, 72, 72]),
      })
      .strict(),
    elements: z.array(LayoutElement).min(1),
  })
  .strict();
export type TemplateLayout = z.infer<typeof TemplateLayout>;

export interface TemplateBundle {
  dir: string;
  manifest: TemplateManifest;
  layout: TemplateLayout;
  sample: Record<string, unknown>;
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
  if (!r.success) throw new TemplateError(dir, r.error.issues.map((i) => `${name} ${i.path.join('.') || '(root)'}: ${i.message}`));
  return r.data;
}

export function loadTemplateBundle(dir: string): TemplateBundle {
  const manifest = check(dir, 'manifest.json', TemplateManifest, readJson(dir, 'manifest.json'));
  const layout = check(dir, 'layout.json', TemplateLayout, readJson(dir, 'layout.json'));
  const sample = check(dir, 'sample.json', z.record(z.string(), z.unknown()), readJson(dir, 'sample.json'));
  const roles = new Set(Object.keys(manifest.fonts));
  const problems = layout.elements.flatMap((e, i) =>
    e.type === 'text' && !roles.has(e.font) ? [`layout.json elements.${i}.font: "${e.font}" is not a font role in manifest.json`] : [],
  );
  if (problems.length) throw new TemplateError(dir, problems);
  return { dir, manifest, layout, sample };
}

/** The built-in bundles that ship with E-station. */
export const BUILTIN_DIR = resolve(import.meta.dirname, '..', 'builtin');

export function builtinTemplateDir(id: string): string {
  return join(BUILTIN_DIR, id);
}
