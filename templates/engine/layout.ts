/**
 * The layout language of a template bundle (layout.json), as zod schemas. A layout is pure data:
 * flow elements that paginate, fixed elements drawn at absolute positions on chosen pages, overlays
 * anchored to a flow element (the seal over the date line), and a background pattern.
 * Coordinates are PDF points; fixed positions are measured from the page's top-left corner.
 */
import { z } from 'zod';

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like "#8b1a1a"');
const Align = z.enum(['left', 'center', 'right', 'justify']);
const Anchor = z.string().regex(/^[a-z][a-zA-Z0-9-]{0,31}$/);
const Size = z.number().min(4).max(72);
const DataPath = z.string().regex(/^[A-Za-z_][\w.]*$/, 'a data path like "teacher.title.zh"');
/** A PNG file inside the bundle folder (checked and read by the bundle loader). */
const Asset = z.string().regex(/^[\w-]+(\/[\w-]+)*\.png$/, 'a PNG file inside the bundle, like "assets/logo.png"');

export const TextElement = z
  .object({
    type: z.literal('text'),
    text: z.string().max(4000),
    font: z.string().default('body'),
    size: Size.default(12),
    color: Color.default('#000000'),
    align: Align.default('left'),
    letterSpacing: z.number().min(0).max(40).default(0),
    lineHeight: z.number().min(1).max(3).default(1.5),
    indent: z.number().min(0).max(200).default(0),
    spaceAfter: z.number().min(0).max(400).default(0),
    /** Shrink the text (down to minSize) until it fits in this many lines; wrapping goes on below that. */
    maxLines: z.number().int().min(1).max(50).optional(),
    minSize: Size.optional(),
    /** Names the position of this element's last line, for overlays (the seal over the date). */
    anchor: Anchor.optional(),
    /**
     * Draw the paragraph only when this data path holds a value (not missing, null or empty text), or
     * only when it does not (`unless`): a sentence that names a teacher's title has a twin without it.
     */
    when: DataPath.optional(),
    unless: DataPath.optional(),
  })
  .strict();

export const SpacerElement = z.object({ type: z.literal('spacer'), height: z.number().min(0).max(800) }).strict();

export const RuleElement = z
  .object({
    type: z.literal('rule'),
    thickness: z.number().min(0.1).max(10).default(1),
    color: Color.default('#000000'),
    /** A thin second line under the first, as on a letterhead. */
    double: z.boolean().default(false),
    spaceAfter: z.number().min(0).max(400).default(8),
  })
  .strict();

export const LetterheadElement = z
  .object({
    type: z.literal('letterhead'),
    title: z.string().max(200),
    subtitle: z.string().max(300).default(''),
    /** Text around the emblem's rim and in its middle. */
    emblemRim: z.string().max(120).default(''),
    emblemCenter: z.string().max(60).default(''),
    /** The university's logo (PNG in the bundle) instead of the drawn emblem. */
    logo: Asset.optional(),
    font: z.string().default('title'),
    subtitleFont: z.string().default('body'),
    color: Color.default('#7a1f1f'),
    spaceAfter: z.number().min(0).max(400).default(12),
  })
  .strict();

export const FieldsElement = z
  .object({
    type: z.literal('fields'),
    items: z
      .array(
        z
          .object({
            label: z.string().max(200),
            value: z.string().max(2000),
            span: z.number().int().min(1).max(4).default(1),
          })
          .strict(),
      )
      .min(1)
      .max(40),
    columns: z.number().int().min(1).max(4).default(2),
    labelWidth: z.number().min(10).max(300).default(70),
    font: z.string().default('body'),
    labelFont: z.string().default('body'),
    size: Size.default(10),
    lineHeight: z.number().min(1).max(3).default(1.6),
    border: z.boolean().default(false),
    spaceAfter: z.number().min(0).max(400).default(8),
  })
  .strict();

export const TableColumn = z
  .object({
    header: z.string().max(200),
    value: z.string().max(500),
    /** Relative width: columns share the content width in proportion. */
    width: z.number().min(0.1).max(100),
    align: Align.default('left'),
  })
  .strict();

export const TableElement = z
  .object({
    type: z.literal('table'),
    /** Data path of the list of rows; bindings in cells read the row first, then the whole document. */
    rows: z.string().regex(/^[A-Za-z_][\w.]*$/),
    /** Rows are grouped under a full-width heading whenever this row field changes (e.g. the term). */
    groupBy: z
      .string()
      .regex(/^[A-Za-z_]\w*$/)
      .optional(),
    groupHeading: z.string().max(300).default('{{group}}'),
    columns: z.array(TableColumn).min(1).max(12),
    font: z.string().default('body'),
    headerFont: z.string().default('title'),
    size: Size.default(9),
    lineHeight: z.number().min(1).max(3).default(1.35),
    padding: z.number().min(0).max(20).default(3),
    headerFill: Color.default('#ece6dc'),
    groupFill: Color.default('#f6f2ea'),
    borderColor: Color.default('#6b6b6b'),
    spaceAfter: z.number().min(0).max(400).default(8),
  })
  .strict();

/** Flow elements that must stay on one page together (the closing lines, date and signature). */
export interface GroupElementT {
  type: 'group';
  elements: FlowElementT[];
  spaceAfter: number;
}
export type FlowElementT =
  | z.infer<typeof TextElement>
  | z.infer<typeof SpacerElement>
  | z.infer<typeof RuleElement>
  | z.infer<typeof LetterheadElement>
  | z.infer<typeof FieldsElement>
  | z.infer<typeof TableElement>
  | GroupElementT;

export const GroupElement: z.ZodType<GroupElementT, unknown> = z.lazy(() =>
  z
    .object({
      type: z.literal('group'),
      elements: z.array(FlowElement).min(1).max(50),
      spaceAfter: z.number().min(0).max(400).default(0),
    })
    .strict(),
) as unknown as z.ZodType<GroupElementT, unknown>;

export const FlowElement: z.ZodType<FlowElementT, unknown> = z.lazy(() =>
  z.union([TextElement, SpacerElement, RuleElement, LetterheadElement, FieldsElement, TableElement, GroupElement]),
) as unknown as z.ZodType<FlowElementT, unknown>;

const On = z.enum(['all', 'first', 'last', 'notFirst']).default('all');

export const FixedText = z
  .object({
    type: z.literal('text'),
    on: On,
    x: z.number(),
    y: z.number(),
    width: z.number().min(10).max(2000),
    text: z.string().max(1000),
    font: z.string().default('body'),
    size: Size.default(8),
    minSize: Size.optional(),
    color: Color.default('#333333'),
    align: Align.default('left'),
    lineHeight: z.number().min(1).max(3).default(1.4),
  })
  .strict();

export const FixedQr = z
  .object({
    type: z.literal('qr'),
    on: On,
    x: z.number(),
    y: z.number(),
    size: z.number().min(30).max(300),
    /** What the code holds when the document is not signed; a signed render puts the verification URL here. */
    text: z.string().max(1000).default('{{document.verificationCode}}'),
  })
  .strict();

export const FixedLine = z
  .object({
    type: z.literal('line'),
    on: On,
    x1: z.number(),
    y1: z.number(),
    x2: z.number(),
    y2: z.number(),
    thickness: z.number().min(0.1).max(10).default(0.5),
    color: Color.default('#000000'),
  })
  .strict();

export const FixedBox = z
  .object({
    type: z.literal('box'),
    on: On,
    x: z.number(),
    y: z.number(),
    width: z.number().min(1),
    height: z.number().min(1),
    thickness: z.number().min(0.1).max(10).default(0.5),
    color: Color.default('#000000'),
  })
  .strict();

export const FixedImage = z
  .object({
    type: z.literal('image'),
    on: On,
    src: Asset,
    x: z.number(),
    y: z.number(),
    width: z.number().min(1).max(2000),
    opacity: z.number().min(0.05).max(1).default(1),
  })
  .strict();

export const FixedElement = z.discriminatedUnion('type', [FixedText, FixedQr, FixedLine, FixedBox, FixedImage]);

export const SealOverlay = z
  .object({
    type: z.literal('seal'),
    /** The flow element (by its anchor name) the seal is stamped over, on whichever page it lands. */
    anchor: Anchor,
    dx: z.number().default(0),
    dy: z.number().default(0),
    diameter: z.number().min(40).max(250).default(118),
    rim: z.string().max(120),
    center: z.string().max(40).default(''),
    font: z.string().default('title'),
    color: Color.default('#d7191f'),
    /** A scanned seal (PNG in the bundle, transparent background) instead of the drawn one. */
    image: Asset.optional(),
    /**
     * The data path of a scanned seal sent with the document's data (a base64 PNG, the institution's
     * office seal: `university.seal`); when the data carries one it is drawn instead of `image` or the drawn seal.
     */
    imageData: z
      .string()
      .regex(/^[A-Za-z_][\w.]*$/)
      .optional(),
    /** Slight tilt, as a hand-pressed stamp never lands perfectly straight. */
    rotate: z.number().min(-30).max(30).default(0),
  })
  .strict();

export const Background = z
  .object({
    pattern: z.enum(['guilloche', 'none']).default('guilloche'),
    color: Color.default('#c9d8e8'),
  })
  .strict();

export const TemplateLayout = z
  .object({
    page: z
      .object({
        size: z.enum(['A4', 'Letter']).default('A4'),
        /** top, right, bottom, left in points */
        margins: z
          .tuple([z.number().min(0), z.number().min(0), z.number().min(0), z.number().min(0)])
          .default([72, 72, 72, 72]),
      })
      .strict(),
    background: Background.optional(),
    elements: z.array(FlowElement).min(1).max(200),
    fixed: z.array(FixedElement).max(50).default([]),
    overlays: z.array(SealOverlay).max(10).default([]),
  })
  .strict();
export type TemplateLayout = z.infer<typeof TemplateLayout>;
export type FixedElementT = z.infer<typeof FixedElement>;
export type TableElementT = z.infer<typeof TableElement>;
export type FieldsElementT = z.infer<typeof FieldsElement>;
export type TextElementT = z.infer<typeof TextElement>;
export type LetterheadElementT = z.infer<typeof LetterheadElement>;

/** Every bundle file a layout refers to. */
export function layoutAssets(layout: TemplateLayout): string[] {
  const out = new Set<string>();
  const walk = (els: FlowElementT[]) =>
    els.forEach((e) =>
      e.type === 'letterhead' && e.logo ? out.add(e.logo) : e.type === 'group' ? walk(e.elements) : undefined,
    );
  walk(layout.elements);
  for (const f of layout.fixed) if (f.type === 'image') out.add(f.src);
  for (const o of layout.overlays) if (o.image) out.add(o.image);
  return [...out];
}

export const PAGE_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;
