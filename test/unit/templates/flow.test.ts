/**
 * Pagination rules with a stand-in font (every character 1 unit wide): header rows repeat, rows
 * never split, groups stay together, anchors record where the date landed.
 */
import { describe, expect, it } from 'vitest';
import type { FontStack } from '../../../templates/engine/font-stack.js';
import { layoutFlow, type Op } from '../../../templates/engine/flow.js';
import { TemplateLayout } from '../../../templates/engine/layout.js';

const mono = {
  width: (s: string, size: number, ls = 0) => [...s].length * size * 0.5 + ls * Math.max(0, [...s].length - 1),
} as unknown as FontStack;
const fonts = new Map([
  ['body', mono],
  ['title', mono],
]);
const texts = (ops: Op[]) => ops.flatMap((o) => (o.t === 'text' ? [o.text] : []));

function run(elements: unknown[], data: Record<string, unknown>) {
  const layout = TemplateLayout.parse({ page: { size: 'A4', margins: [50, 50, 50, 50] }, elements });
  return layoutFlow(layout.elements, {
    data,
    lang: 'zh',
    fonts,
    pageWidth: 595.28,
    pageHeight: 841.89,
    margins: layout.page.margins,
  });
}

describe('layoutFlow', () => {
  const rows = Array.from({ length: 120 }, (_, i) => ({ term: `T${Math.floor(i / 30)}`, name: `row${i + 1}` }));
  const table = {
    type: 'table',
    rows: 'rows',
    groupBy: 'term',
    groupHeading: 'term {{group}}',
    columns: [{ header: 'Name', value: '{{name}}', width: 1 }],
    size: 10,
  };

  it('repeats the header row on every page and keeps rows whole and in order', () => {
    const { pages } = run([table], { rows });
    expect(pages.length).toBeGreaterThan(2);
    for (const ops of pages) expect(texts(ops)[0]).toBe('Name');
    const names = pages.flatMap((ops) => texts(ops).filter((t) => t.startsWith('row')));
    expect(names).toEqual(rows.map((r) => r.name));
    // nothing below the bottom margin
    for (const ops of pages) for (const o of ops) if (o.t === 'text') expect(o.y).toBeGreaterThanOrEqual(50);
  });

  it('names the current group again at the top of a page that starts inside it', () => {
    const { pages } = run([table], { rows });
    for (const ops of pages.slice(1)) expect(texts(ops)[1]).toMatch(/^term T\d$/);
  });

  it('moves a group that does not fit to the next page whole, and anchors its date line', () => {
    const filler = { type: 'text', text: 'x'.repeat(2000), size: 12 };
    const group = {
      type: 'group',
      elements: [
        { type: 'text', text: 'issuer' },
        { type: 'text', text: 'date', anchor: 'date' },
        { type: 'spacer', height: 200 },
      ],
    };
    const { pages, anchors } = run([filler, filler, group], {});
    const pageOf = (t: string) => pages.findIndex((ops) => texts(ops).includes(t));
    expect(pageOf('issuer')).toBe(pageOf('date'));
    expect(anchors.get('date')?.page).toBe(pageOf('date'));
  });

  it('shrinks text with maxLines down to minSize, then wraps', () => {
    const { pages } = run([{ type: 'text', text: 'y'.repeat(120), size: 20, maxLines: 1, minSize: 8 }], {});
    const ops = pages[0]!.filter((o) => o.t === 'text');
    expect(ops.length).toBeGreaterThanOrEqual(1);
    expect((ops[0] as { size: number }).size).toBeLessThan(20);
    expect((ops[0] as { size: number }).size).toBeGreaterThanOrEqual(8);
  });

  it('draws a text with `when` only when its path holds a value, and one with `unless` only when it does not', () => {
    const twins = [
      { type: 'text', text: 'with {{t}}', when: 't' },
      { type: 'text', text: 'without', unless: 't' },
      { type: 'text', text: 'always' },
    ];
    const drawn = (data: Record<string, unknown>) => texts(run(twins, data).pages[0]!);
    expect(drawn({ t: '教授' })).toEqual(['with 教授', 'always']);
    for (const none of [{}, { t: '' }, { t: '  ' }, { t: null }]) expect(drawn(none)).toEqual(['without', 'always']);
    expect(drawn({ t: 0 })).toEqual(['with 0', 'always']);
  });
});
