/**
 * The certificate engine's public API. pdf-lib stays behind this module: callers pass a template
 * bundle and data and get PDF bytes back.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { BlendMode, PDFDocument, PDFName, type PDFImage, type PDFPage } from 'pdf-lib';
import type { TemplateBundle, TemplateManifest } from './bundle.js';
import { interpolate, lookup } from './bindings.js';
import { hex } from './color.js';
import { collectText } from './collect.js';
import { validateAgainst, type FieldProblem } from './data-schema.js';
import { TemplateDataError } from './errors.js';
import { layoutFlow, type Op } from './flow.js';
import { installFastDeflate } from './fast-deflate.js';
import { cachingFontkit } from './fontkit-cache.js';
import { embedFonts, type FontStack } from './font-stack.js';
import { PAGE_SIZES, type FixedElementT } from './layout.js';
import { drawBackground, embedPattern } from './pattern.js';
import { drawQr } from './qr.js';
import { drawSeal } from './seal.js';
import { dataImages } from './data-images.js';
import { keyIdOf, maskName, signVerification, verificationUrl } from '../../lib/verification.js';
import { wrapText } from './wrap.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { fileSignatureCarrier, signPdfFile } from '../../lib/pdf-file-signature.js';
import { pageContentDigest } from './page-content.js';

export interface SigningOptions {
  /** Ed25519 private key (KeyObject or PEM) of the terminal or the university. */
  privateKey: KeyObject | string;
  /** Published id of the key; default: derived from the public key (keyIdOf). */
  keyId?: string;
  terminalId: string;
  /** Central's public address; the QR code then holds `<baseUrl>/verify/<code>?p=<payload>`. Without it, the bare payload. */
  baseUrl?: string;
  /** How long the code vouches for the document when its data has no `document.validUntil` (default 365 days). */
  validDays?: number;
}

export interface RenderOptions {
  /** Written into the PDF metadata. */
  producer?: string;
  /** Fixed creation date, for reproducible output in tests. */
  creationDate?: Date;
  /** Signs the verification payload printed in the QR code. Unsigned documents carry the bare verification code. */
  signing?: SigningOptions;
  /** Fonts tried for characters a template's fonts lack (default: the built-in fallback chain). */
  fallbackFonts?: readonly string[];
}

export interface RenderResult {
  pdf: Uint8Array;
  pages: number;
  /** SHA-256 (hex) of the template id, version and canonical data: what the document says, independent of PDF bytes. */
  digest: string;
  /** What the QR code holds; `payload` is set when the document was signed. */
  qr: { text: string; payload: string | null };
}

/** Checks `data` against the manifest's schema and returns field-level problems. */
export function validateData(manifest: TemplateManifest, data: unknown): FieldProblem[] {
  return validateAgainst(manifest.schema, data);
}

export function contentDigest(template: TemplateBundle, data: unknown): string {
  return createHash('sha256')
    .update(`${template.manifest.id}@${template.manifest.version}\n${canonicalJson(data)}`)
    .digest('hex');
}

/** The QR code's text: a signed verification URL or payload, or the bare verification code. */
function qrContent(
  template: TemplateBundle,
  data: Record<string, unknown>,
  digest: string,
  signing: SigningOptions | undefined,
): { text: string; payload: string | null } {
  const code = String(lookup(data, 'document.verificationCode') ?? '');
  if (!signing) return { text: code, payload: null };
  const issued = String(lookup(data, 'document.issuedAt') ?? '');
  const issuedAt = Number.isNaN(Date.parse(issued)) ? new Date() : new Date(issued);
  // The kind's validity (`document.validUntil`, a date) to the end of that day, at the offset the issue
  // time is written in (the institution's); without one, `validDays` from the issue.
  const until = String(lookup(data, 'document.validUntil') ?? '');
  const offset = /(Z|[+-]\d{2}:\d{2})$/.exec(issued)?.[1] ?? 'Z';
  const endOfUntil = /^\d{4}-\d{2}-\d{2}$/.test(until) ? Date.parse(`${until}T23:59:59${offset}`) : Number.NaN;
  const expiresAt = Number.isNaN(endOfUntil)
    ? new Date(issuedAt.getTime() + (signing.validDays ?? 365) * 86_400_000)
    : new Date(endOfUntil);
  const payload = signVerification(
    {
      serial: String(lookup(data, 'document.serial') ?? ''),
      kind: template.manifest.kind,
      issuedAt: issuedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      terminalId: signing.terminalId,
      digest,
      holder: maskName(String(lookup(data, 'student.name') ?? '')),
      keyId: signing.keyId ?? keyIdOf(signing.privateKey),
    },
    signing.privateKey,
  );
  return { text: signing.baseUrl ? verificationUrl(signing.baseUrl, code, payload) : payload, payload };
}

function drawOp(page: PDFPage, op: Op, images: Map<string, PDFImage>): void {
  switch (op.t) {
    case 'image':
      page.drawImage(images.get(op.src)!, { x: op.x, y: op.y, width: op.width, height: op.height });
      return;
    case 'text':
      op.font.draw(page, op.text, {
        x: op.x,
        y: op.y,
        size: op.size,
        color: hex(op.color),
        letterSpacing: op.letterSpacing,
      });
      return;
    case 'line':
      page.drawLine({
        start: { x: op.x1, y: op.y1 },
        end: { x: op.x2, y: op.y2 },
        thickness: op.thickness,
        color: hex(op.color),
      });
      return;
    case 'rect':
      page.drawRectangle({ x: op.x, y: op.y, width: op.w, height: op.h, color: hex(op.fill), opacity: 0.85 });
      return;
    case 'emblem':
      drawSeal(page, {
        cx: op.cx,
        cy: op.cy,
        diameter: op.diameter,
        rim: op.rim,
        center: op.center,
        color: hex(op.color),
        font: op.font,
        emblem: true,
      });
      return;
  }
}

const shows = (on: string, index: number, count: number) =>
  on === 'all' ||
  (on === 'first' && index === 0) ||
  (on === 'last' && index === count - 1) ||
  (on === 'notFirst' && index > 0);

function drawFixed(
  page: PDFPage,
  f: FixedElementT,
  ctx: {
    fonts: Map<string, FontStack>;
    images: Map<string, PDFImage>;
    data: Record<string, unknown>;
    lang: 'zh' | 'en';
    page: number;
    pages: number;
    qr: string;
  },
): void {
  const h = page.getHeight();
  if (f.type === 'image') {
    const img = ctx.images.get(f.src)!;
    const height = (img.height / img.width) * f.width;
    return void page.drawImage(img, { x: f.x, y: h - f.y - height, width: f.width, height, opacity: f.opacity });
  }
  if (f.type === 'qr') return drawQr(page, ctx.qr || interpolate(f.text, ctx.data, ctx.lang), f.x, h - f.y, f.size);
  if (f.type === 'line')
    return void page.drawLine({
      start: { x: f.x1, y: h - f.y1 },
      end: { x: f.x2, y: h - f.y2 },
      thickness: f.thickness,
      color: hex(f.color),
    });
  if (f.type === 'box')
    return void page.drawRectangle({
      x: f.x,
      y: h - f.y - f.height,
      width: f.width,
      height: f.height,
      borderWidth: f.thickness,
      borderColor: hex(f.color),
    });
  const font = ctx.fonts.get(f.font)!;
  const text = interpolate(f.text, ctx.data, ctx.lang, { page: ctx.page, pages: ctx.pages });
  // Shrink to fit the box's width (down to minSize), then wrap.
  let size = f.size;
  const longest = () => Math.max(...text.split('\n').map((l) => font.width(l, size)));
  while (longest() > f.width && size - 0.25 >= (f.minSize ?? f.size * 0.7)) size -= 0.25;
  const lines = text.split('\n').flatMap((p) => wrapText(p, f.width, (s) => font.width(s, size)));
  lines.forEach((line, i) => {
    const w = font.width(line, size);
    const x = f.align === 'center' ? f.x + (f.width - w) / 2 : f.align === 'right' ? f.x + f.width - w : f.x;
    font.draw(page, line, { x, y: h - f.y - size - i * size * f.lineHeight, size, color: hex(f.color) });
  });
}

/** A PNG from the data, embedded; a PNG that pdf-lib cannot read is a data error with its path. */
async function embedDataPng(doc: PDFDocument, path: string, bytes: Uint8Array, templateId: string): Promise<PDFImage> {
  try {
    return await doc.embedPng(bytes);
  } catch {
    throw new TemplateDataError(templateId, [{ path, message: 'is not a PNG image that can be printed' }]);
  }
}

/**
 * Renders a document: validates the data against the template's schema, lays it out, embeds font
 * subsets (with fallbacks for rare characters) and returns the PDF.
 * @throws TemplateDataError with one entry per invalid field
 * @throws MissingGlyphsError listing characters that no font can draw
 */
export async function renderCertificate(
  template: TemplateBundle,
  data: Record<string, unknown>,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const { manifest, layout } = template;
  const given = dataImages(layout, data);
  const problems = [...validateData(manifest, data), ...given.problems];
  if (problems.length) throw new TemplateDataError(manifest.id, problems);
  const lang = manifest.language;
  const digest = contentDigest(template, data);
  const qr = qrContent(template, data, digest, options.signing);

  installFastDeflate();
  const doc = await PDFDocument.create();
  doc.registerFontkit(cachingFontkit);
  doc.setProducer(options.producer ?? 'E-station');
  doc.setCreator('E-station certificate engine');
  doc.setTitle(manifest.title);
  const created = options.creationDate ?? new Date();
  doc.setCreationDate(created);
  doc.setModificationDate(created);

  // Bind data first, so that each font is subset to exactly the characters it will draw.
  const fonts = await embedFonts(
    doc,
    manifest.fonts,
    collectText(layout, data, lang),
    options.fallbackFonts ? { fallbacks: options.fallbackFonts } : {},
  );
  const images = new Map<string, PDFImage>();
  for (const [name, bytes] of Object.entries(template.assets ?? {})) images.set(name, await doc.embedPng(bytes));
  const fromData = new Map<string, PDFImage>();
  for (const [path, bytes] of given.images) fromData.set(path, await embedDataPng(doc, path, bytes, manifest.id));
  const imageSizes = new Map([...images].map(([name, img]) => [name, { width: img.width, height: img.height }]));
  const [pw, ph] = PAGE_SIZES[layout.page.size];
  const flow = layoutFlow(layout.elements, {
    data,
    lang,
    fonts,
    pageWidth: pw,
    pageHeight: ph,
    margins: layout.page.margins,
    imageSizes,
  });

  const count = flow.pages.length;
  const bg = layout.background;
  const pattern = bg && bg.pattern !== 'none' ? embedPattern(doc, pw, ph, bg.color) : null;
  flow.pages.forEach((ops, index) => {
    const page = doc.addPage([pw, ph]);
    if (pattern) drawBackground(page, pattern);
    for (const op of ops) drawOp(page, op, images);
    for (const f of layout.fixed)
      if (shows(f.on, index, count))
        drawFixed(page, f, {
          fonts,
          images,
          data,
          lang,
          page: index + 1,
          pages: count,
          qr: f.type === 'qr' ? qr.text : '',
        });
  });
  for (const o of layout.overlays) {
    const at = flow.anchors.get(o.anchor);
    if (!at) continue;
    const page = doc.getPage(at.page);
    const scan = (o.imageData ? fromData.get(o.imageData) : undefined) ?? (o.image ? images.get(o.image) : undefined);
    if (scan) {
      const cx = at.x + at.width / 2 + o.dx;
      const cy = at.y + at.size * 0.35 + o.dy;
      const height = (scan.height / scan.width) * o.diameter;
      page.drawImage(scan, {
        x: cx - o.diameter / 2,
        y: cy - height / 2,
        width: o.diameter,
        height,
        opacity: 0.92,
        blendMode: BlendMode.Multiply,
      });
      continue;
    }
    drawSeal(page, {
      cx: at.x + at.width / 2 + o.dx,
      cy: at.y + at.size * 0.35 + o.dy,
      diameter: o.diameter,
      rim: interpolate(o.rim, data, lang),
      center: interpolate(o.center, data, lang),
      color: hex(o.color),
      font: fonts.get(o.font)!,
      rotate: o.rotate,
    });
  }

  if (!qr.payload || !options.signing)
    return { pdf: await doc.save({ useObjectStreams: true }), pages: count, digest, qr };
  // A signed document also signs its file (lib/pdf-file-signature.ts): the carrier is an unfiltered stream,
  // so its placeholders stay verbatim in the saved bytes and are filled in place afterwards.
  const carrier = doc.context.register(
    doc.context.stream(fileSignatureCarrier(qr.payload), { Type: 'ESFileSignature' }),
  );
  doc.catalog.set(PDFName.of('ESFileSignature'), carrier);
  const unsigned = await doc.save({ useObjectStreams: true });
  const pdf = signPdfFile(
    unsigned,
    String(lookup(data, 'document.serial') ?? ''),
    options.signing.privateKey,
    await pageContentDigest(unsigned),
  );
  return { pdf, pages: count, digest, qr };
}
