/**
 * Embeds the fonts a document needs, subset to the characters it draws, and gives each font role a
 * stack: the role's own font first, then fallback fonts for characters it lacks (rare name
 * characters such as 𠮷). Characters no font has are reported, never drawn as boxes.
 */
import { type PDFDocument, type PDFFont, type PDFPage, type Color, type Degrees, BlendMode } from 'pdf-lib';
import { MissingGlyphsError } from './errors.js';
import { cachingFontkit } from './fontkit-cache.js';
import { FALLBACK_FONTS, subsetFace } from './fonts.js';

interface Member {
  font: PDFFont;
  has: Set<number>;
}

const isBlank = (cp: number) => cp === 0x20 || cp === 0x3000 || cp === 0x0a || cp === 0x09 || cp === 0xa0;

/** A role's fonts in order; text is split into runs, each drawn with the first font that has its glyphs. */
export class FontStack {
  constructor(private readonly members: Member[]) {}

  private fontFor(cp: number): PDFFont {
    if (isBlank(cp)) return this.members[0]!.font;
    return (this.members.find((m) => m.has.has(cp)) ?? this.members[0]!).font;
  }

  runs(text: string): { font: PDFFont; text: string }[] {
    const runs: { font: PDFFont; text: string }[] = [];
    for (const ch of text) {
      const font = this.fontFor(ch.codePointAt(0)!);
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.text += ch;
      else runs.push({ font, text: ch });
    }
    return runs;
  }

  /** Advance widths at size 1, per text: layout measures the same strings (credits, course types) over and over. */
  private readonly widths = new Map<string, number>();

  width(text: string, size: number, letterSpacing = 0): number {
    let unit = this.widths.get(text);
    if (unit === undefined) {
      unit = 0;
      for (const r of this.runs(text)) unit += r.font.widthOfTextAtSize(r.text, 1);
      this.widths.set(text, unit);
    }
    return unit * size + letterSpacing * Math.max(0, [...text].length - 1);
  }

  draw(
    page: PDFPage,
    text: string,
    o: {
      x: number;
      y: number;
      size: number;
      color: Color;
      letterSpacing?: number;
      opacity?: number;
      rotate?: Degrees;
      blendMode?: BlendMode;
    },
  ): void {
    let x = o.x;
    const spacing = o.letterSpacing ?? 0;
    for (const r of this.runs(text)) {
      if (spacing > 0) {
        for (const ch of r.text) {
          page.drawText(ch, {
            x,
            y: o.y,
            size: o.size,
            font: r.font,
            color: o.color,
            opacity: o.opacity,
            rotate: o.rotate,
            blendMode: o.blendMode,
          });
          x += r.font.widthOfTextAtSize(ch, o.size) + spacing;
        }
      } else {
        page.drawText(r.text, {
          x,
          y: o.y,
          size: o.size,
          font: r.font,
          color: o.color,
          opacity: o.opacity,
          rotate: o.rotate,
          blendMode: o.blendMode,
        });
        x += r.font.widthOfTextAtSize(r.text, o.size);
      }
    }
  }
}

/** Recently made subsets by font and character set: documents of one kind mostly draw the same characters. */
const subsetCache = new Map<string, Uint8Array>();
const SUBSET_CACHE_SIZE = 64;

async function subsetBytes(fontId: string, chars: string): Promise<Uint8Array> {
  const key = `${fontId}\n${chars}`;
  const hit = subsetCache.get(key);
  if (hit) {
    subsetCache.delete(key);
    subsetCache.set(key, hit);
    return hit;
  }
  const bytes = (await subsetFace(fontId)).subset(chars);
  subsetCache.set(key, bytes);
  if (subsetCache.size > SUBSET_CACHE_SIZE) subsetCache.delete(subsetCache.keys().next().value!);
  return bytes;
}

function charSet(text: string): string {
  const cps = new Set<number>([0x20]);
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20) cps.add(cp);
  }
  return [...cps]
    .sort((a, b) => a - b)
    .map((cp) => String.fromCodePoint(cp))
    .join('');
}

export interface EmbedOptions {
  /** Fonts tried for characters the role's font lacks (default: FALLBACK_FONTS). */
  fallbacks?: readonly string[];
}

/**
 * Embeds one subset per font used and returns a stack per role.
 * @param roles role -> font id (from the manifest)
 * @param textByRole every text each role will draw
 * @throws MissingGlyphsError listing every character no font has
 */
export async function embedFonts(
  doc: PDFDocument,
  roles: Record<string, string>,
  textByRole: Map<string, string>,
  options: EmbedOptions = {},
): Promise<Map<string, FontStack>> {
  const fallbacks = options.fallbacks ?? FALLBACK_FONTS;
  // Characters per font id: roles sharing a font share one subset.
  const textByFont = new Map<string, string>();
  for (const [role, id] of Object.entries(roles))
    textByFont.set(id, (textByFont.get(id) ?? '') + (textByRole.get(role) ?? ''));
  // Loading a font into HarfBuzz is mostly reading a 10-22 MB file: start them all at once, so that
  // a cold render reads its fonts side by side rather than one after the other.
  await Promise.all([...textByFont.keys()].map((id) => subsetFace(id)));
  const primary = new Map<string, Member>();
  const missing = new Set<number>();
  for (const [id, text] of textByFont) {
    const font = await doc.embedFont(await subsetBytes(id, charSet(text)), { subset: false });
    const has = new Set(font.getCharacterSet());
    primary.set(id, { font, has });
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0x20 && !isBlank(cp) && !has.has(cp)) missing.add(cp);
    }
  }
  const extra: Member[] = [];
  for (const id of fallbacks) {
    // A font already embedded as some role's own font was subset to that role's text only.
    if (!missing.size || primary.has(id)) continue;
    const wanted = [...missing].map((cp) => String.fromCodePoint(cp)).join('');
    const sub = await subsetBytes(id, charSet(wanted));
    let covered: number[];
    try {
      covered = cachingFontkit.create(sub).characterSet;
    } catch {
      covered = []; // nothing of the font was kept: no cmap at all
    }
    const has = new Set(covered.filter((cp) => missing.has(cp)));
    if (!has.size) continue;
    const font = await doc.embedFont(sub, { subset: false });
    for (const cp of has) missing.delete(cp);
    extra.push({ font, has });
  }
  if (missing.size) throw new MissingGlyphsError([...missing].map((cp) => String.fromCodePoint(cp)));
  const stacks = new Map<string, FontStack>();
  for (const [role, id] of Object.entries(roles)) stacks.set(role, new FontStack([primary.get(id)!, ...extra]));
  return stacks;
}

export { BlendMode };
