/**
 * The data a template needs, declared in its manifest as dotted path -> type, and checked before
 * every render with one message per offending field. A list (the transcript's courses) declares the
 * fields of its items.
 */
import { z } from 'zod';
import { lookup } from './bindings.js';

const Path = z.string().regex(/^[A-Za-z_][\w.]*$/);
/**
 * `text` is text or a number; `optional` is text or a number that may also be missing or empty (a
 * tuition payment not yet made has no date, a teacher without a title has none).
 */
export const FieldType = z.enum(['string', 'date', 'number', 'text', 'optional']);
export const ListType = z
  .object({
    list: z.record(z.string().regex(/^[A-Za-z_]\w*$/), FieldType),
    min: z.number().int().min(0).default(0),
    max: z.number().int().min(1).max(1000).default(500),
  })
  .strict();
export const DataSchema = z.record(Path, z.union([FieldType, ListType]));
export type DataSchema = z.infer<typeof DataSchema>;

export interface FieldProblem {
  path: string;
  message: string;
}

/** Longest text accepted for one field: longer values are a data error, not a layout problem. */
export const MAX_FIELD_LENGTH = 500;

function checkValue(path: string, type: z.infer<typeof FieldType>, v: unknown): FieldProblem | null {
  if (type === 'optional') {
    if (v === undefined || v === null || typeof v === 'number') return null;
    if (typeof v !== 'string') return { path, message: 'must be text or a number' };
    return v.length > MAX_FIELD_LENGTH ? { path, message: `is longer than ${MAX_FIELD_LENGTH} characters` } : null;
  }
  if (v === undefined || v === null || v === '') return { path, message: 'is required' };
  if (type === 'number')
    return typeof v === 'number' && Number.isFinite(v) ? null : { path, message: 'must be a number' };
  if (type === 'text' && typeof v === 'number') return null;
  if (typeof v !== 'string') return { path, message: type === 'text' ? 'must be text or a number' : 'must be text' };
  if (v.length > MAX_FIELD_LENGTH) return { path, message: `is longer than ${MAX_FIELD_LENGTH} characters` };
  if (type === 'date' && !/^\d{4}-\d{2}-\d{2}/.test(v)) return { path, message: 'must be a date like 2024-09-01' };
  return null;
}

/** Checks `data` against a template's schema and returns field-level problems (empty when valid). */
export function validateAgainst(schema: DataSchema, data: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [path, type] of Object.entries(schema)) {
    const v = lookup(data, path);
    if (typeof type === 'string') {
      const p = checkValue(path, type, v);
      if (p) problems.push(p);
      continue;
    }
    if (!Array.isArray(v)) {
      problems.push({ path, message: 'must be a list' });
      continue;
    }
    if (v.length < type.min) problems.push({ path, message: `needs at least ${type.min} entries` });
    if (v.length > type.max) problems.push({ path, message: `has more than ${type.max} entries` });
    v.slice(0, type.max).forEach((item, i) => {
      for (const [field, ft] of Object.entries(type.list)) {
        const p = checkValue(`${path}.${i}.${field}`, ft, lookup(item, field));
        if (p) problems.push(p);
      }
    });
  }
  return problems;
}
