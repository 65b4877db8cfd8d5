/**
 * Mapping files (docs/import.md): how a university's own columns become canonical fields. A field
 * names its column (or several names, the first the file has wins: vendors differ, some write
 * pinyin initials such as XH for 学号), optionally a map of the values written there (在读 →
 * enrolled) and a value for anything else; constants fill fields no column holds (role). Columns
 * are found by name, never by position.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CANONICAL_FIELDS, type FieldKind, type MappingKind } from './canonical-fields.js';
import { ImportFileError, type ImportProblem } from './problems.js';
import type { TableRow } from './table-row.js';

const Value = z.union([z.string(), z.number(), z.boolean()]);
type Value = z.infer<typeof Value>;
const ColumnNames = z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]);

const FieldSpec = z.union([
  ColumnNames,
  z.strictObject({
    /** The column, or its names in several vendors' exports. */
    column: ColumnNames,
    /** What a written value means (`"在读": "enrolled"`); a value not listed is a problem of its row, unless `otherwise`. */
    values: z.record(z.string(), Value).optional(),
    /** The value for anything `values` does not list (for example "" for an English name not known). */
    otherwise: Value.optional(),
    /** Between several values in one cell (cards); by default any of ; ， , | or a space. */
    split: z.string().min(1).optional(),
    /** A file without this column is read all the same (the field stays empty). */
    optional: z.boolean().default(false),
  }),
]);

export const MappingFile = z
  .strictObject({
    $schema: z.string().optional(),
    /** What the mapping is for, for the admin who reads it. */
    description: z.string().optional(),
    kind: z.enum(['people', 'grades']),
    constants: z.record(z.string(), Value).default({}),
    fields: z.record(z.string(), FieldSpec),
  })
  .superRefine((m, ctx) => {
    const known = CANONICAL_FIELDS[m.kind];
    for (const [where, names] of [
      ['fields', Object.keys(m.fields)],
      ['constants', Object.keys(m.constants)],
    ] as const)
      for (const f of names)
        if (!known.has(f))
          ctx.addIssue({
            code: 'custom',
            path: [where, f],
            message: `"${f}" is not a canonical field of ${m.kind} (${[...known.keys()].join(', ')})`,
          });
    for (const f of Object.keys(m.constants))
      if (f in m.fields)
        ctx.addIssue({ code: 'custom', path: ['constants', f], message: `"${f}" is both a constant and a column` });
    if (!('id' in m.fields))
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'a mapping needs the column that holds "id"' });
  });
export type MappingFile = z.infer<typeof MappingFile>;

/** Reads and validates a mapping file; a wrong one is refused with what to fix. */
export function loadMapping(file: string, kind: MappingKind): MappingFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ImportFileError({ file, message: `not a readable JSON mapping: ${(err as Error).message}` });
  }
  const parsed = MappingFile.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ImportFileError({ file, message: `${i.path.join('.') || 'the mapping'}: ${i.message}` });
  }
  if (parsed.data.kind !== kind)
    throw new ImportFileError({
      file,
      message: `this is a mapping for ${parsed.data.kind} files, given for a ${kind} file (use --mapping for people, --grades-mapping for grades)`,
    });
  return parsed.data;
}

/** Without a mapping, a column named as a canonical field (`id`, `name.zh`, `entryDate`...) fills it. */
export function identityMapping(kind: MappingKind, header: readonly string[]): MappingFile {
  const known = CANONICAL_FIELDS[kind];
  return {
    kind,
    constants: {},
    fields: Object.fromEntries(header.filter((h) => known.has(h)).map((h) => [h, h])),
  };
}

interface BoundField {
  field: string;
  kind: FieldKind;
  column: string;
  /** The column's place in the header (the first column of that name: a second is an export artefact). */
  index: number;
  values?: Record<string, Value>;
  otherwise?: Value;
  split?: string;
}

/** A mapping bound to a file's header: each field with the column it is read from. */
export class BoundMapping {
  private constructor(
    readonly file: string,
    private readonly constants: Record<string, Value>,
    private readonly fields: BoundField[],
  ) {}

  /** Binds the mapping to the header; a column the mapping needs and the file lacks stops the file. */
  static bind(mapping: MappingFile, file: string, header: readonly string[]): BoundMapping {
    const kinds = CANONICAL_FIELDS[mapping.kind];
    const fields: BoundField[] = [];
    for (const [field, spec] of Object.entries(mapping.fields)) {
      const s = typeof spec === 'string' || Array.isArray(spec) ? { column: spec, optional: false } : spec;
      const names = typeof s.column === 'string' ? [s.column] : s.column;
      const column = names.find((n) => header.includes(n));
      if (column === undefined) {
        if (s.optional) continue;
        throw new ImportFileError({
          file,
          row: 1,
          field,
          message: `no column ${names.map((n) => `"${n}"`).join(' or ')} for ${field}; the header has: ${header.join(', ')}. Rename the column or fix the mapping.`,
        });
      }
      fields.push({ field, kind: kinds.get(field) ?? 'text', column, index: header.indexOf(column), ...pick(s) });
    }
    return new BoundMapping(file, mapping.constants, fields);
  }

  /** The column a canonical field (or a field under it: `name` for `name.zh`) is read from. */
  columnOf(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`))?.column;
  }

  /** The row as a canonical (not yet validated) object, or the problems of its cells. */
  apply(row: TableRow): { value: Record<string, unknown>; problems: ImportProblem[] } {
    const value: Record<string, unknown> = {};
    const problems: ImportProblem[] = [];
    for (const [field, v] of Object.entries(this.constants)) setPath(value, field, v);
    for (const f of this.fields) {
      const cell = (row.values[f.index] ?? '').trim();
      const converted = convert(f, cell);
      if ('problem' in converted)
        problems.push({ file: this.file, row: row.row, column: f.column, field: f.field, message: converted.problem });
      else if (converted.value !== undefined) setPath(value, f.field, converted.value);
    }
    dropEmpty(value);
    return { value, problems };
  }
}

function pick(s: { values?: Record<string, Value>; otherwise?: Value; split?: string }) {
  return {
    ...(s.values ? { values: s.values } : {}),
    ...(s.otherwise !== undefined ? { otherwise: s.otherwise } : {}),
    ...(s.split ? { split: s.split } : {}),
  };
}

function setPath(target: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let at = target;
  // The row's own objects: mutating them is safe.
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[keys.at(-1)!] = v;
}

/**
 * Drops the objects of a row whose every cell is empty (a teacher without a title: 职称 left blank
 * fills `title.zh` and `title.en` with ""): an optional field not given, not one given empty.
 */
function dropEmpty(value: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) continue;
    dropEmpty(v as Record<string, unknown>);
    if (Object.values(v).every((x) => x === '' || x === undefined)) delete value[k];
  }
}

type Converted = { value: unknown } | { problem: string };

function convert(f: BoundField, cell: string): Converted {
  let v: Value | undefined = cell;
  if (f.values) {
    if (Object.hasOwn(f.values, cell)) v = f.values[cell];
    else if (f.otherwise !== undefined) v = f.otherwise;
    else if (cell === '') v = undefined;
    else
      return {
        problem: `"${cell}" is not a value the mapping knows here (it knows ${Object.keys(f.values)
          .map((k) => `"${k}"`)
          .join(', ')}); correct the cell or add the value to the mapping`,
      };
  } else if (cell === '') v = f.otherwise;
  if (typeof v !== 'string') return { value: v };
  if (v === '' && f.kind !== 'text') return { value: undefined };
  switch (f.kind) {
    case 'number': {
      const n = Number(v);
      return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(v) && Number.isFinite(n)
        ? { value: n }
        : { problem: `"${v}" is not a number` };
    }
    case 'boolean': {
      const b = BOOLEANS[v.toLowerCase()];
      return b === undefined
        ? { problem: `"${v}" is neither yes nor no (write 是/否, true/false or 1/0)` }
        : { value: b };
    }
    case 'date':
      return { value: normalizeDate(v) };
    case 'list':
      return {
        value: v
          .split(f.split ?? /[;；,，|\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      };
    default:
      return { value: v };
  }
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  1: true,
  0: false,
  是: true,
  否: false,
  y: true,
  n: false,
};

/**
 * Dates as Chinese exports write them (2023/9/1, 2023.9.1, 2023年9月1日, 20230901) as YYYY-MM-DD;
 * anything else is left for the record's validation to explain.
 */
export function normalizeDate(s: string): string {
  const m = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))(?:[ T]0{1,2}:00(?::00)?)?$/.exec(s);
  if (!m) return s;
  const [, y, mo, d] = m[2] ? m : [m[0], m[1], m[4], m[5]];
  return `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}
