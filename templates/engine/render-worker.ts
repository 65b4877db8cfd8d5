/**
 * Worker-thread side of the render pool: renders one document per message.
 */
import { parentPort } from 'node:worker_threads';
import type { TemplateBundle } from './bundle.js';
import { MissingGlyphsError, TemplateDataError } from './errors.js';
import { preloadFonts } from './fonts.js';
import { renderCertificate, type RenderOptions } from './render.js';

export interface RenderRequest {
  id: number;
  /** A warm-up request renders nothing: its reply says the fonts are loaded. */
  warmUp?: true;
  template: TemplateBundle | null;
  data: Record<string, unknown>;
  options: RenderOptions;
}

export type RenderReply =
  | { id: number; ok: true; result: Awaited<ReturnType<typeof renderCertificate>> | null }
  | {
      id: number;
      ok: false;
      error: {
        name: string;
        message: string;
        templateId?: string;
        fields?: { path: string; message: string }[];
        characters?: string[];
      };
    };

// Fonts load while the kiosk starts, not when the first student is waiting for a document.
const ready = preloadFonts().catch(() => undefined);

parentPort!.on('message', (req: RenderRequest) => {
  if (req.warmUp || !req.template) {
    // Rendering the template's own sample also compiles the engine's hot paths and caches its subsets.
    void ready
      .then(() => (req.template ? renderCertificate(req.template, req.template.sample) : null))
      .catch(() => null)
      .then(() => parentPort!.postMessage({ id: req.id, ok: true, result: null } satisfies RenderReply));
    return;
  }
  renderCertificate(req.template, req.data, req.options).then(
    (result) =>
      parentPort!.postMessage({ id: req.id, ok: true, result } satisfies RenderReply, [
        result.pdf.buffer as ArrayBuffer,
      ]),
    (err: Error) => {
      const error: Extract<RenderReply, { ok: false }>['error'] = { name: err.name, message: err.message };
      if (err instanceof TemplateDataError) Object.assign(error, { templateId: err.templateId, fields: err.fields });
      if (err instanceof MissingGlyphsError) error.characters = err.characters;
      parentPort!.postMessage({ id: req.id, ok: false, error } satisfies RenderReply);
    },
  );
});
