/**
 * The station's own safety net for template releases (docs/templates.md, "Publishing safely"): when a
 * template fails to render a preview or a print (any person, any language) and an earlier version of
 * it is installed, the station withdraws the failing version, renders the same document again with the
 * earlier one, and carries on; the heartbeat then reports the fallback, which central shows as an alert.
 * The failed version stays withdrawn until a newer version or a rollback instruction names it.
 *
 * If the earlier version fails on the same data too, the data is at fault, not the template: the
 * withdrawal is taken back and the first error stands.
 */
import { RenderPoolClosedError, type TemplateBundle } from '../../templates/engine/index.js';
import type { RenderFn } from './print-runner.js';

export interface FallbackTarget {
  /** Withdraws `bundle` and returns the version now in use instead (`withdrew`: by this call), or null when there is none earlier. */
  fallBack(bundle: TemplateBundle, error: Error): { use: TemplateBundle; withdrew: boolean } | null;
  /** Takes the withdrawal of `bundle` back. */
  restore(bundle: TemplateBundle): void;
}

/** `render`, falling back to the previous version of a template that fails; the result names the template used. */
export function withFallback(render: RenderFn, target: () => FallbackTarget | null): RenderFn {
  return async (template, data, options) => {
    try {
      return await render(template, data, options);
    } catch (err) {
      const t = target();
      // A render pool shutting down is no template's fault.
      if (!t || err instanceof RenderPoolClosedError) throw err;
      const fallback = t.fallBack(template, err as Error);
      if (!fallback) throw err;
      try {
        return { ...(await render(fallback.use, data, options)), template: fallback.use };
      } catch {
        // Only the call that withdrew it takes it back (another render may have proved it bad meanwhile).
        if (fallback.withdrew) t.restore(template);
        throw err;
      }
    }
  };
}
