/**
 * Lays out a template's flow elements onto pages: wrapping, shrinking, tables with a header row
 * repeated on every page and rows that never split, and groups kept on one page. The result is a
 * list of drawing operations per page plus the positions of named anchors; nothing is drawn here.
 */
import type { BindingLanguage } from './bindings.js';
import { interpolate, lookup } from './bindings.js';
import type { FontStack } from './font-stack.js';
import type { FieldsElementT, FlowElementT, LetterheadElementT, TableElementT, TextElementT } from './layout.js';
import { wrapText } from './wrap.js';

export type Op =
  | {
      t: 'text';
      font: FontStack;
      text: string;
      x: number;
      y: number;
      size: number;
      color: string;
      letterSpacing: number;
    }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; thickness: number; color: string }
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | {
      t: 'emblem';
      cx: number;
      cy: number;
      diameter: number;
      rim: string;
      center: string;
      color: string;
      font: FontStack;
    }
  | { t: 'image'; src: string; x: number; y: number; width: number; height: number };

export interface AnchorPos {
  page: number;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface FlowInput {
  data: Record<string, unknown>;
  lang: BindingLanguage;
  fonts: Map<string, FontStack>;
  pageWidth: number;
  pageHeight: number;
  margins: readonly [number, number, number, number];
  /** Pixel size of each bundle image, to keep its aspect ratio. */
  imageSizes?: Map<string, { width: number; height: number }>;
}

export interface FlowResult {
  pages: Op[][];
  anchors: Map<string, AnchorPos>;
}

/** Every row's cells, grouped, as the table will draw them. */
export function tableRows(
  el: TableElementT,
  data: Record<string, unknown>,
  lang: BindingLanguage,
): { heading: string | null; cells: string[] }[] {
  const list = lookup(data, el.rows);
  const rows = Array.isArray(list) ? list : [];
  const out: { heading: string | null; cells: string[] }[] = [];
  let group: unknown = Symbol('none');
  rows.forEach((item, i) => {
    const scope = { ...(item && typeof item === 'object' ? item : {}), $index: i + 1 } as Record<string, unknown>;
    if (el.groupBy && scope[el.groupBy] !== group) {
      group = scope[el.groupBy];
      out.push({ heading: interpolate(el.groupHeading, data, lang, { ...scope, group: String(group) }), cells: [] });
    }
    out.push({ heading: null, cells: el.columns.map((c) => interpolate(c.value, data, lang, scope)) });
  });
  return out;
}

/** Whether a value counts as present for `when`/`unless`: missing, null and empty text do not. */
export function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
}

/** A text element's `when`/`unless` conditions against the data; every other element is always shown. */
export function shown(el: FlowElementT, data: Record<string, unknown>): boolean {
  if (el.type !== 'text') return true;
  if (el.when !== undefined && !present(lookup(data, el.when))) return false;
  return !(el.unless !== undefined && present(lookup(data, el.unless)));
}

class Flow {
  pages: Op[][] = [[]];
  anchors = new Map<string, AnchorPos>();
  y: number;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly width: number;

  constructor(
    readonly input: FlowInput,
    readonly measuring = false,
  ) {
    const [mt, mr, mb, ml] = input.margins;
    this.top = input.pageHeight - mt;
    this.bottom = measuring ? -1e9 : mb;
    this.left = ml;
    this.width = input.pageWidth - ml - mr;
    this.y = this.top;
  }

  get page(): Op[] {
    return this.pages[this.pages.length - 1]!;
  }

  newPage(): void {
    this.pages.push([]);
    this.y = this.top;
  }

  fits(h: number): boolean {
    return this.y - h >= this.bottom;
  }

  /** Starts a new page unless `h` fits (or the page is still empty, where nothing could fit better). */
  ensure(h: number): boolean {
    if (this.fits(h) || this.y >= this.top) return false;
    this.newPage();
    return true;
  }

  font(role: string): FontStack {
    const f = this.input.fonts.get(role);
    if (!f) throw new Error(`font role "${role}" has no font`);
    return f;
  }

  text(s: string, scope?: Record<string, unknown>): string {
    return interpolate(s, this.input.data, this.input.lang, scope);
  }

  run(elements: FlowElementT[]): void {
    for (const el of elements) if (shown(el, this.input.data)) this.element(el);
  }

  element(el: FlowElementT): void {
    switch (el.type) {
      case 'spacer':
        this.y -= el.height;
        return;
      case 'rule':
        this.ensure(el.thickness + (el.double ? 3 : 0));
        this.page.push({
          t: 'line',
          x1: this.left,
          y1: this.y,
          x2: this.left + this.width,
          y2: this.y,
          thickness: el.thickness,
          color: el.color,
        });
        if (el.double)
          this.page.push({
            t: 'line',
            x1: this.left,
            y1: this.y - 2.6,
            x2: this.left + this.width,
            y2: this.y - 2.6,
            thickness: 0.5,
            color: el.color,
          });
        this.y -= el.thickness + (el.double ? 3 : 0) + el.spaceAfter;
        return;
      case 'text':
        return this.textBlock(el);
      case 'letterhead':
        return this.letterhead(el);
      case 'fields':
        return this.fields(el);
      case 'table':
        return this.table(el);
      case 'group': {
        const probe = new Flow(this.input, true);
        probe.run(el.elements);
        const h = probe.top - probe.y;
        if (!this.fits(h) && h <= this.top - this.input.margins[2]) this.newPage();
        this.run(el.elements);
        this.y -= el.spaceAfter;
        return;
      }
    }
  }

  /** Lines of `text` at `size` in `width`; shrinks toward minSize while there are more than maxLines. */
  fit(
    font: FontStack,
    text: string,
    width: number,
    size: number,
    letterSpacing: number,
    maxLines?: number,
    minSize?: number,
    firstWidth = width,
  ): { size: number; lines: string[][] } {
    const wrap = (sz: number) =>
      text.split('\n').map((p) => wrapText(p, width, (s) => font.width(s, sz, letterSpacing), firstWidth));
    let lines = wrap(size);
    if (maxLines) {
      const floor = minSize ?? size * 0.6;
      while (lines.flat().length > maxLines && size - 0.5 >= floor) {
        size -= 0.5;
        lines = wrap(size);
      }
    }
    return { size, lines };
  }

  textBlock(el: TextElementT): void {
    const font = this.font(el.font);
    const { size, lines } = this.fit(
      font,
      this.text(el.text),
      this.width,
      el.size,
      el.letterSpacing,
      el.maxLines,
      el.minSize,
      this.width - el.indent,
    );
    const lineH = size * el.lineHeight;
    for (const paragraph of lines) {
      paragraph.forEach((line, i) => {
        this.ensure(lineH);
        const indent = i === 0 ? el.indent : 0;
        let spacing = el.letterSpacing;
        let w = font.width(line, size, spacing);
        const avail = this.width - indent;
        const justify = el.align === 'justify' && i < paragraph.length - 1 && [...line].length > 1;
        if (justify && / \S/.test(line.trim()) && !/[\u3000-\u9fff]/.test(line)) {
          // Latin text: the extra space goes between words, never between letters.
          const words = line.trim().split(/ +/);
          const gap =
            (avail - words.reduce((sum, word) => sum + font.width(word, size, spacing), 0)) / (words.length - 1);
          let wx = this.left + indent;
          for (const word of words) {
            this.page.push({
              t: 'text',
              font,
              text: word,
              x: wx,
              y: this.y - size,
              size,
              color: el.color,
              letterSpacing: spacing,
            });
            wx += font.width(word, size, spacing) + gap;
          }
          this.y -= lineH;
          return;
        }
        if (justify) {
          spacing += (avail - w) / ([...line].length - 1);
          w = avail;
        }
        const x =
          el.align === 'center'
            ? this.left + (this.width - w) / 2
            : el.align === 'right'
              ? this.left + this.width - w
              : this.left + indent;
        const baseline = this.y - size;
        this.page.push({ t: 'text', font, text: line, x, y: baseline, size, color: el.color, letterSpacing: spacing });
        if (el.anchor) this.anchors.set(el.anchor, { page: this.pages.length - 1, x, y: baseline, width: w, size });
        this.y -= lineH;
      });
    }
    this.y -= el.spaceAfter;
  }

  letterhead(el: LetterheadElementT): void {
    const title = this.font(el.font);
    const sub = this.font(el.subtitleFont);
    const emblem = 58;
    const height = emblem + 6;
    this.ensure(height);
    const top = this.y;
    const logo = el.logo ? this.input.imageSizes?.get(el.logo) : undefined;
    if (el.logo && logo) {
      const scale = Math.min(emblem / logo.width, emblem / logo.height);
      this.page.push({
        t: 'image',
        src: el.logo,
        x: this.left,
        y: top - emblem,
        width: logo.width * scale,
        height: logo.height * scale,
      });
    } else if (el.emblemRim || el.emblemCenter) {
      this.page.push({
        t: 'emblem',
        cx: this.left + emblem / 2,
        cy: top - emblem / 2,
        diameter: emblem,
        rim: this.text(el.emblemRim),
        center: this.text(el.emblemCenter),
        color: el.color,
        font: title,
      });
    }
    const textLeft = this.left + emblem + 12;
    const textWidth = this.width - (emblem + 12) * 2;
    const t = this.fit(title, this.text(el.title), textWidth, 22, 2, 1, 12);
    const tl = t.lines.flat()[0] ?? '';
    const tw = title.width(tl, t.size, 2);
    this.page.push({
      t: 'text',
      font: title,
      text: tl,
      x: textLeft + (textWidth - tw) / 2,
      y: top - 30,
      size: t.size,
      color: el.color,
      letterSpacing: 2,
    });
    const subtitle = this.text(el.subtitle);
    if (subtitle) {
      const s = this.fit(sub, subtitle, textWidth, 10, 0.6, 1, 6);
      const sl = s.lines.flat()[0] ?? '';
      const sw = sub.width(sl, s.size, 0.6);
      this.page.push({
        t: 'text',
        font: sub,
        text: sl,
        x: textLeft + (textWidth - sw) / 2,
        y: top - 48,
        size: s.size,
        color: el.color,
        letterSpacing: 0.6,
      });
    }
    this.y = top - height;
    this.page.push({
      t: 'line',
      x1: this.left,
      y1: this.y,
      x2: this.left + this.width,
      y2: this.y,
      thickness: 1.6,
      color: el.color,
    });
    this.page.push({
      t: 'line',
      x1: this.left,
      y1: this.y - 3,
      x2: this.left + this.width,
      y2: this.y - 3,
      thickness: 0.5,
      color: el.color,
    });
    this.y -= 3 + el.spaceAfter;
  }

  fields(el: FieldsElementT): void {
    const valueFont = this.font(el.font);
    const labelFont = this.font(el.labelFont);
    const colW = this.width / el.columns;
    const lineH = el.size * el.lineHeight;
    // Rows of items, each item spanning one or more columns.
    const rows: { label: string; value: string; span: number }[][] = [[]];
    let used = 0;
    for (const it of el.items) {
      const span = Math.min(it.span, el.columns);
      if (used + span > el.columns) {
        rows.push([]);
        used = 0;
      }
      rows[rows.length - 1]!.push({ label: this.text(it.label), value: this.text(it.value), span });
      used += span;
    }
    for (const row of rows) {
      const cells = row.map((c) => {
        const valueW = c.span * colW - el.labelWidth - 6;
        const label = this.fit(labelFont, c.label, el.labelWidth - 2, el.size, 0, 1, el.size * 0.7);
        const value = this.fit(valueFont, c.value, valueW, el.size, 0, 2, el.size * 0.75);
        return { c, label, value };
      });
      const h = Math.max(...cells.map((x) => x.value.lines.flat().length)) * lineH + 4;
      this.ensure(h);
      let x = this.left;
      for (const { c, label, value } of cells) {
        const base = this.y - 2 - el.size;
        this.page.push({
          t: 'text',
          font: labelFont,
          text: label.lines.flat()[0] ?? '',
          x: x + 2,
          y: base,
          size: label.size,
          color: '#333333',
          letterSpacing: 0,
        });
        value.lines.flat().forEach((line, i) => {
          this.page.push({
            t: 'text',
            font: valueFont,
            text: line,
            x: x + el.labelWidth + 4,
            y: base - i * lineH,
            size: value.size,
            color: '#000000',
            letterSpacing: 0,
          });
        });
        x += c.span * colW;
      }
      if (el.border)
        this.page.push({
          t: 'line',
          x1: this.left,
          y1: this.y - h,
          x2: this.left + this.width,
          y2: this.y - h,
          thickness: 0.3,
          color: '#999999',
        });
      this.y -= h;
    }
    this.y -= el.spaceAfter;
  }

  table(el: TableElementT): void {
    const font = this.font(el.font);
    const headFont = this.font(el.headerFont);
    const total = el.columns.reduce((s, c) => s + c.width, 0);
    const widths = el.columns.map((c) => (c.width / total) * this.width);
    const lineH = el.size * el.lineHeight;
    const pad = el.padding;
    const cellLines = (f: FontStack, text: string, w: number) =>
      this.fit(f, text, w - pad * 2, el.size, 0).lines.flat();
    const headers = el.columns.map((c, i) => cellLines(headFont, this.text(c.header), widths[i]!));
    const headerH = Math.max(...headers.map((l) => l.length)) * lineH + pad * 2;
    const maxRowH = this.top - this.input.margins[2] - headerH;

    const drawRow = (cells: string[][], f: FontStack, h: number, fill: string | null) => {
      if (fill) this.page.push({ t: 'rect', x: this.left, y: this.y - h, w: this.width, h, fill });
      let x = this.left;
      cells.forEach((lines, i) => {
        const w = widths[i]!;
        const align = el.columns[i]!.align;
        lines.forEach((line, k) => {
          const lw = f.width(line, el.size);
          const tx = align === 'center' ? x + (w - lw) / 2 : align === 'right' ? x + w - pad - lw : x + pad;
          this.page.push({
            t: 'text',
            font: f,
            text: line,
            x: tx,
            y: this.y - pad - el.size * 0.92 - k * lineH,
            size: el.size,
            color: '#000000',
            letterSpacing: 0,
          });
        });
        x += w;
      });
      this.page.push({
        t: 'line',
        x1: this.left,
        y1: this.y - h,
        x2: this.left + this.width,
        y2: this.y - h,
        thickness: 0.3,
        color: el.borderColor,
      });
      this.y -= h;
    };
    // Column and frame lines are drawn once per page for the rows since `segmentTop`, not per row.
    let segmentTop = this.y;
    const columnLines = (bottom: number) => {
      let x = this.left;
      widths.slice(0, -1).forEach((w) => {
        x += w;
        this.page.push({ t: 'line', x1: x, y1: segmentTop, x2: x, y2: bottom, thickness: 0.3, color: el.borderColor });
      });
    };
    const frame = (top: number, bottom: number) => {
      const x2 = this.left + this.width;
      this.page.push({
        t: 'line',
        x1: this.left,
        y1: top,
        x2: this.left,
        y2: bottom,
        thickness: 0.8,
        color: el.borderColor,
      });
      this.page.push({ t: 'line', x1: x2, y1: top, x2, y2: bottom, thickness: 0.8, color: el.borderColor });
      this.page.push({ t: 'line', x1: this.left, y1: bottom, x2, y2: bottom, thickness: 0.8, color: el.borderColor });
    };
    let tableTop = this.y;
    const header = () => {
      tableTop = this.y;
      this.page.push({
        t: 'line',
        x1: this.left,
        y1: this.y,
        x2: this.left + this.width,
        y2: this.y,
        thickness: 0.8,
        color: el.borderColor,
      });
      segmentTop = this.y;
      drawRow(headers, headFont, headerH, el.headerFill);
    };
    const closePage = () => {
      columnLines(this.y);
      frame(tableTop, this.y);
    };
    const heading = (text: string) => {
      const lines = cellLines(headFont, text, this.width);
      const h = lines.length * lineH + pad * 2;
      this.page.push({ t: 'rect', x: this.left, y: this.y - h, w: this.width, h, fill: el.groupFill });
      // Column lines stop above a group heading and start again below it.
      columnLines(this.y);
      lines.forEach((line, k) =>
        this.page.push({
          t: 'text',
          font: headFont,
          text: line,
          x: this.left + pad,
          y: this.y - pad - el.size * 0.92 - k * lineH,
          size: el.size,
          color: '#000000',
          letterSpacing: 0,
        }),
      );
      this.page.push({
        t: 'line',
        x1: this.left,
        y1: this.y - h,
        x2: this.left + this.width,
        y2: this.y - h,
        thickness: 0.3,
        color: el.borderColor,
      });
      this.y -= h;
      segmentTop = this.y;
    };

    const rows = tableRows(el, this.input.data, this.input.lang).map((r) => {
      if (r.heading !== null) {
        const lines = cellLines(headFont, r.heading, this.width);
        return { heading: r.heading, cells: [] as string[][], h: lines.length * lineH + pad * 2 };
      }
      let cells = r.cells.map((text, i) => cellLines(font, text, widths[i]!));
      // A row taller than a page would overflow it: keep what fits (never happens with schema-limited data).
      const maxLines = Math.max(1, Math.floor((maxRowH - pad * 2) / lineH));
      cells = cells.map((l) => l.slice(0, maxLines));
      return { heading: null, cells, h: Math.max(...cells.map((l) => l.length)) * lineH + pad * 2 };
    });

    this.ensure(headerH + (rows[0]?.h ?? 0));
    header();
    let group: { text: string } | null = null;
    rows.forEach((row, i) => {
      // A group heading stays with its first row; a row is never split across pages.
      const need = row.h + (row.heading !== null ? (rows[i + 1]?.h ?? 0) : 0);
      if (!this.fits(need)) {
        closePage();
        this.newPage();
        header();
        // The group a page starts in is named again at its top.
        if (row.heading === null && group) heading(group.text);
      }
      if (row.heading !== null) {
        group = { text: row.heading };
        heading(row.heading);
      } else drawRow(row.cells, font, row.h, null);
    });
    closePage();
    this.y -= el.spaceAfter;
  }
}

export function layoutFlow(elements: FlowElementT[], input: FlowInput): FlowResult {
  const flow = new Flow(input);
  flow.run(elements);
  return { pages: flow.pages, anchors: flow.anchors };
}
