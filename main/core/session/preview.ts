/**
 * Renders the preview of a document for the signed-in student: the same template and the same data
 * from central as the print, through the same engine, so the student sees the page that will print.
 * Only the serial and the verification code differ: central assigns them when the student commits
 * (authorizeJob), and a preview must never reserve quota or a serial. They appear as placeholders
 * that say so, in the document's language.
 */
import type { DocumentKind, Language, Purpose } from '../../../shared/domain.js';
import type { PreviewView } from '../../../shared/kiosk-api.js';
import { renderCertificate } from '../../../templates/engine/index.js';
import { documentBlock } from '../document-block.js';
import type { RenderFn } from '../print-runner.js';
import type { TemplateRegistry } from '../template-registry.js';

export const PREVIEW_PLACEHOLDERS: Record<Language, PreviewView['placeholders']> = {
  zh: { serial: '打印时分配', verificationCode: '打印时生成' },
  en: { serial: 'Assigned at printing', verificationCode: 'Issued at printing' },
};

/**
 * The `document` block of the template data; the print runner builds the same one with the real values.
 * `issuedAt` is now in the institution's timezone (`data`'s `university.timezone`), as the print will say.
 */
export function previewDocumentBlock(
  language: Language,
  today: Date,
  data: Record<string, unknown> = {},
  purpose?: Purpose,
  validDays?: number,
): Record<string, string> {
  const p = PREVIEW_PLACEHOLDERS[language];
  return documentBlock(
    { serial: p.serial, verificationCode: p.verificationCode, requestedAt: today, purpose, validDays },
    data,
  );
}

/** What a preview is of: a document in a language, with the purpose picked and the paths to hide on screen. */
export interface PreviewRequest {
  kind: DocumentKind;
  language: Language;
  purpose?: Purpose | undefined;
  /** Data paths the kind marks sensitive (an income): shown as MASK on screen, printed in full. */
  sensitive?: readonly string[] | undefined;
  /** The kind's validity in days (the print says until when). */
  validityDays?: number | undefined;
}

/** What a sensitive figure shows on screen. */
export const MASK = '＊＊＊＊';

/** `data` with every `paths` value that is present replaced by MASK (a copy; `data` is unchanged). */
export function maskSensitive(
  data: Record<string, unknown>,
  paths: readonly string[],
): { data: Record<string, unknown>; masked: boolean } {
  const copy = structuredClone(data);
  let masked = false;
  for (const path of paths) {
    const keys = path.split('.');
    let at: unknown = copy;
    for (const k of keys.slice(0, -1))
      at = at && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined;
    const last = keys[keys.length - 1]!;
    if (at && typeof at === 'object' && Object.prototype.hasOwnProperty.call(at, last)) {
      (at as Record<string, unknown>)[last] = MASK;
      masked = true;
    }
  }
  return { data: copy, masked };
}

export async function renderPreview(
  templates: TemplateRegistry,
  doc: PreviewRequest,
  data: Record<string, unknown>,
  options: { today?: Date; render?: RenderFn | undefined } = {},
): Promise<PreviewView | null> {
  const { kind, language } = doc;
  const template = templates.get(kind, language);
  if (!template) return null;
  const shown = maskSensitive(data, doc.sensitive ?? []);
  const document = previewDocumentBlock(language, options.today ?? new Date(), data, doc.purpose, doc.validityDays);
  const rendered = await (options.render ?? renderCertificate)(template, { ...shown.data, document });
  return {
    kind,
    language,
    pages: rendered.pages,
    pdfBase64: Buffer.from(rendered.pdf).toString('base64'),
    placeholders: PREVIEW_PLACEHOLDERS[language],
    ...(shown.masked ? { masked: true } : {}),
  };
}
