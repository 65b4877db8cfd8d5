/**
 * Renders the preview of a document for the signed-in student: the same template and the same data
 * from central as the print, through the same engine, so the student sees the page that will print.
 * Only the serial and the verification code differ: central assigns them when the student commits
 * (authorizeJob), and a preview must never reserve quota or a serial. They appear as placeholders
 * that say so, in the document's language.
 */
import type { DocumentKind, Language } from '../../../shared/domain.js';
import type { PreviewView } from '../../../shared/kiosk-api.js';
import { renderCertificate } from '../../../templates/engine/index.js';
import { documentTime } from '../document-date.js';
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
): Record<string, string> {
  const p = PREVIEW_PLACEHOLDERS[language];
  return {
    serial: p.serial,
    verificationCode: p.verificationCode,
    issuedAt: documentTime(today, data),
    purpose: '学习、工作等相关事宜',
    purposeEn: 'General purposes',
  };
}

export async function renderPreview(
  templates: TemplateRegistry,
  kind: DocumentKind,
  language: Language,
  data: Record<string, unknown>,
  today = new Date(),
  render: RenderFn = renderCertificate,
): Promise<PreviewView | null> {
  const template = templates.get(kind, language);
  if (!template) return null;
  const rendered = await render(template, { ...data, document: previewDocumentBlock(language, today, data) });
  return {
    kind,
    language,
    pages: rendered.pages,
    pdfBase64: Buffer.from(rendered.pdf).toString('base64'),
    placeholders: PREVIEW_PLACEHOLDERS[language],
  };
}
