/**
 * Every text a layout will draw, per font role, before anything is laid out: fonts are subset to
 * exactly these characters (plus digits for page numbers).
 */
import { interpolate, type BindingLanguage } from './bindings.js';
import { shown, tableRows } from './flow.js';
import type { FlowElementT, TemplateLayout } from './layout.js';

export function collectText(
  layout: TemplateLayout,
  data: Record<string, unknown>,
  lang: BindingLanguage,
  extra: Record<string, string> = {},
): Map<string, string> {
  const out = new Map<string, string>();
  const add = (role: string, text: string) => out.set(role, (out.get(role) ?? '') + text);
  const t = (s: string) => interpolate(s, data, lang);
  const walk = (elements: FlowElementT[]) => {
    for (const el of elements) {
      if (!shown(el, data)) continue;
      if (el.type === 'text') add(el.font, t(el.text));
      else if (el.type === 'letterhead') {
        add(el.font, t(el.title) + t(el.emblemRim) + t(el.emblemCenter));
        add(el.subtitleFont, t(el.subtitle));
      } else if (el.type === 'fields') {
        for (const it of el.items) {
          add(el.labelFont, t(it.label));
          add(el.font, t(it.value));
        }
      } else if (el.type === 'table') {
        add(el.headerFont, el.columns.map((c) => t(c.header)).join(''));
        for (const row of tableRows(el, data, lang)) {
          if (row.heading !== null) add(el.headerFont, row.heading);
          else add(el.font, row.cells.join(''));
        }
      } else if (el.type === 'group') walk(el.elements);
    }
  };
  walk(layout.elements);
  for (const f of layout.fixed)
    if (f.type === 'text') add(f.font, `${interpolate(f.text, data, lang, { page: 0, pages: 0 })}0123456789`);
  for (const o of layout.overlays) add(o.font, t(o.rim) + t(o.center));
  for (const [role, text] of Object.entries(extra)) add(role, text);
  return out;
}
