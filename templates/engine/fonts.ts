/**
 * Font registry. Fonts come from the project's own npm dependencies (OFL Noto fonts), never from a
 * system font path, so a document renders the same on every kiosk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SubsetFace } from './subset.js';

const require = createRequire(import.meta.url);

const FONT_FILES: Record<string, string> = {
  'serif-regular': '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  'serif-bold': '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  'sans-regular': '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'sans-bold': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

const cache = new Map<string, Uint8Array>();

export function fontIds(): string[] {
  return Object.keys(FONT_FILES);
}

/** Bytes of a registered font; read once per process. */
export function fontBytes(id: string): Uint8Array {
  const hit = cache.get(id);
  if (hit) return hit;
  const file = FONT_FILES[id];
  if (!file) throw new Error(`Unknown font id "${id}". Known fonts: ${fontIds().join(', ')}.`);
  const bytes = new Uint8Array(readFileSync(require.resolve(file)));
  cache.set(id, bytes);
  return bytes;
}

const faces = new Map<string, Promise<SubsetFace>>();

/** The HarfBuzz face of a registered font, loaded once per process. */
export function subsetFace(id: string): Promise<SubsetFace> {
  let face = faces.get(id);
  if (!face) {
    face = SubsetFace.load(fontBytes(id));
    faces.set(id, face);
  }
  return face;
}
