/**
 * The certificate engine's public API. pdf-lib stays behind this module: callers pass a template
 * bundle and data and get PDF bytes back.
 */
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { TemplateBundle, TemplateManifest } from './bundle.js';
import { interpolate, lookup } from './bindings.js';
import { MissingGlyphsError, TemplateDataError } from './errors.js';
import { subsetFace } from './fonts.js';
import { wrapText } from './wrap.js';

export interface RenderOptions {
  /** Written into the PDF metadata. */
  producer?: string;
  /** Fixed creation date, for reproducible output in tests. */
  creationDate?: Date;
}

export interface RenderResult {
  pdf: Uint8Array;
  pages: number;
  /** SHA-256 (hex) of the template id, version and canonical data: what the document says, independent of PDF bytes. */
  digest: string;
}

const PAGE_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;

/** Checks `data` against the manifest's schema and returns field-level problems. */
export function validateData(manifest: TemplateManifest, data: unknown): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const [path, type] of Object.entries(manifest.schema)) {
    const v = lookup(data, path);
    if (v === undefined || v === null || v === '') problems.push({ path, message: 'is required' });
    else if (type === 'number' && typeof v !== 'number') problems.push({ path, message: 'must be a number' });
    else if (type === 'string' && typeof v !== 'string') problems.push({ path, message: 'must be text' });
    else if (type === 'date' && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v))) problems.push({ path, message: 'must be a date like 2024-09-01' });
  }
  return problems;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentDigest(template: TemplateBundle, data: unknown): string {
  return createHash('sha256').update(`${template.manifest.id}@${template.manifest.version}\n${canonical(data)}`).digest('hex');
}

function assertGlyphs(font: PDFFont, text: string, missing: Set<string>): void {
  const glyphs = font.getCharacterSet();
  for (const ch of text) if (ch.trim() && !glyphs.includes(ch.codePointAt(0)!)) missing.add(ch);
}

export async function renderCertificate(template: TemplateBundle, data: Record<string, unknown>, options: RenderOptions = {}): Promise<RenderResult> {
  const { manifest, layout } = template;
  const problems = validateData(manifest, data);
  if (problems.length) throw new TemplateDataError(manifest.id, problems);

  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setProducer(options.producer ?? 'E-station');
  doc.setTitle(manifest.title);
  if (options.creationDate) {
    doc.setCreationDate(options.creationDate);
    doc.setModificationDate(options.creationDate);
  }
  // Bind data first, so that each font is subset to exactly the characters it will draw.
  const texts = layout.elements.map((el) => (el.type === 'text' ? interpolate(el.text, data, manifest.language) : ''));
  const charsByRole = new Map<string, string>();
  layout.elements.forEach((el, i) => {
    if (el.type === 'text') charsByRole.set(el.font, (charsByRole.get(el.font) ?? '') + texts[i]);
  });
  const fonts = new Map<string, PDFFont>();
  for (const [role, id] of Object.entries(manifest.fonts)) {
    const subset = (await subsetFace(id)).subset(charsByRole.get(role) ?? ' ');
    fonts.set(role, await doc.embedFont(subset, { subset: false }));
  }

  const [pw, ph] = PAGE_SIZES[layout.page.size];
  const [mt, mr, mb, ml] = layout.page.margins;
  const contentWidth = pw - ml - mr;
  let page: PDFPage = doc.addPage([pw, ph]);
  let y = ph - mt;
  const missing = new Set<string>();
  const ensure = (h: number) => {
    if (y - h < mb) {
      page = doc.addPage([pw, ph]);
      y = ph - mt;
    }
  };

  for (const [index, el] of layout.elements.entries()) {
    if (el.type === 'spacer') {
      y -= el.height;
      continue;
    }
    if (el.type === 'rule') {
      ensure(el.thickness + el.spaceAfter);
      page.drawLine({ start: { x: ml, y }, end: { x: pw - mr, y }, thickness: el.thickness, color: rgb(0, 0, 0) });
      y -= el.thickness + el.spaceAfter;
      continue;
    }
    const font = fonts.get(el.font)!;
    const text = texts[index]!;
    assertGlyphs(font, text, missing);
    const measure = (s: string) => font.widthOfTextAtSize(s, el.size) + el.letterSpacing * Math.max(0, [...s].length - 1);
    const lineH = el.size * el.lineHeight;
    for (const paragraph of text.split('\n')) {
      const lines = wrapText(paragraph, contentWidth, measure, contentWidth - el.indent);
      lines.forEach((line, i) => {
        ensure(lineH);
        const w = measure(line);
        const indent = i === 0 ? el.indent : 0;
        const x = el.align === 'center' ? ml + (contentWidth - w) / 2 : el.align === 'right' ? pw - mr - w : ml + indent;
        const baseline = y - el.size;
        if (el.letterSpacing > 0) {
          let cx = x;
          for (const ch of line) {
            page.drawText(ch, { x: cx, y: baseline, size: el.size, font });
            cx += font.widthOfTextAtSize(ch, el.size) + el.letterSpacing;
          }
        } else {
          page.drawText(line, { x, y: baseline, size: el.size, font });
        }
        y -= lineH;
      });
    }
    y -= el.spaceAfter;
  }
  if (missing.size) throw new MissingGlyphsError([...missing]);

  const pdf = await doc.save();
  return { pdf, pages: doc.getPageCount(), digest: contentDigest(template, data) };
}
