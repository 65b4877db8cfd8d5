/**
 * Font registry. Fonts come from the project's own install (OFL Noto fonts from npm, and the
 * Hanazono Extension B subset committed under templates/fonts/), never from a system font path, so
 * a document renders the same on every kiosk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { templatesRoot } from './paths.js';
import { SubsetFace } from './subset.js';

const requireFromHere = createRequire(import.meta.url);
const FONTS_DIR = join(templatesRoot(), 'fonts');

const FONT_FILES: Record<string, () => string> = {
  'serif-regular': () =>
    requireFromHere.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
  'serif-bold': () => requireFromHere.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
  'sans-regular': () => requireFromHere.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  'sans-bold': () => requireFromHere.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  'hanamin-extb': () => resolve(FONTS_DIR, 'hanazono', 'HanaMinB-ExtB.ttf'),
};

/**
 * Fonts tried, in order, for characters a template's own font lacks. Noto SC has 䶮 喆 堃 but only
 * a few dozen Extension B ideographs; HanaMinB has all of Extension B (𠮷 and other rare name characters).
 */
export const FALLBACK_FONTS = ['serif-regular', 'hanamin-extb'] as const;

const cache = new Map<string, Uint8Array>();

export function fontIds(): string[] {
  return Object.keys(FONT_FILES);
}

export function isFontId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(FONT_FILES, id);
}

function fontFile(id: string): string {
  const file = FONT_FILES[id];
  if (!file) throw new Error(`Unknown font id "${id}". Known fonts: ${fontIds().join(', ')}.`);
  return file();
}

/** Bytes of a registered font; read once per process. (Rendering reads fonts into HarfBuzz directly, subsetFace.) */
export function fontBytes(id: string): Uint8Array {
  const hit = cache.get(id);
  if (hit) return hit;
  const buffer = readFileSync(fontFile(id));
  // A plain Uint8Array over the file's own memory: no copy of 10-22 MB.
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  cache.set(id, bytes);
  return bytes;
}

const faces = new Map<string, Promise<SubsetFace>>();

/** The HarfBuzz face of a registered font, loaded once per process. */
export function subsetFace(id: string): Promise<SubsetFace> {
  let face = faces.get(id);
  if (!face) {
    face = SubsetFace.loadFile(fontFile(id));
    // A failed load (a missing font file) is not remembered: the next document tries again.
    face.catch(() => faces.delete(id));
    faces.set(id, face);
  }
  return face;
}

/** Loads the HarfBuzz faces of the given fonts ahead of the first document (a kiosk calls this at start-up). */
export async function preloadFonts(
  ids: readonly string[] = ['serif-regular', 'serif-bold', 'sans-regular', 'sans-bold'],
): Promise<void> {
  await Promise.all(ids.map(async (id) => (await subsetFace(id)).subset(' ')));
}
