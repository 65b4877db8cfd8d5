/**
 * fontkit for pdf-lib, remembering the parsed font of each subset. Subsets are cached and reused
 * across documents (font-stack.ts), so parsing them again for every document is wasted work;
 * fontkit fonts are read-only once parsed, and pdf-lib only reads them.
 */
import fontkit from '@pdf-lib/fontkit';

type Font = ReturnType<typeof fontkit.create>;
const parsed = new WeakMap<Uint8Array, Font>();

export const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(buffer: Uint8Array, postscriptName?: string): Font {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (!font) {
      font = fontkit.create(buffer);
      parsed.set(buffer, font);
    }
    return font;
  },
};
