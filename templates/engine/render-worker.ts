/**
 * Worker-thread side of the render pool: renders one document per message.
 */
import { parentPort } from 'node:worker_threads';
import type { TemplateBundle } from './bundle.js';
import { MissingGlyphsError, TemplateDataError } from './errors.js';
import { renderCertificate, type RenderOptions } from './render.js';

export interface RenderRequest {
  id: number;
  template: TemplateBundle;
  data: Record<string, unknown>;
  options: RenderOptions;
}

export type RenderReply =
  | { id: number; ok: true; result: Awaited<ReturnType<typeof renderCertificate>> }
  | { id: number; ok: false; error: { name: string; message: string; templateId?: string; fields?: { path: string; message: string }[]; characters?: string[] } };

parentPort!.on('message', (req: RenderRequest) => {
  renderCertificate(req.template, req.data, req.options).then(
    (result) => parentPort!.postMessage({ id: req.id, ok: true, result } satisfies RenderReply, [result.pdf.buffer as ArrayBuffer]),
    (err: Error) => {
      const error: Extract<RenderReply, { ok: false }>['error'] = { name: err.name, message: err.message };
      if (err instanceof TemplateDataError) Object.assign(error, { templateId: err.templateId, fields: err.fields });
      if (err instanceof MissingGlyphsError) error.characters = err.characters;
      parentPort!.postMessage({ id: req.id, ok: false, error } satisfies RenderReply);
    },
  );
});
