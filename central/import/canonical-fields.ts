/**
 * The canonical fields a mapping may fill and how a cell's text becomes each one's value, read from
 * the record's schema (shared/person-record.ts) so that a field added there is mappable at once.
 */
import type { z } from 'zod';
import { CourseResult, IsoDate, StudentRecord, TeacherRecord } from '../../shared/person-record.js';

export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'list';
export type MappingKind = 'people' | 'grades';

interface ZodInternals {
  _zod: { def: { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType } };
}
const def = (s: z.ZodType) => (s as unknown as ZodInternals)._zod.def;

/** The schema under .optional() and .default(). */
function unwrap(s: z.ZodType): z.ZodType {
  let t = s;
  for (let d = def(t); (d.type === 'optional' || d.type === 'default') && d.innerType; d = def(t)) t = d.innerType;
  return t;
}

function kindOf(s: z.ZodType): FieldKind {
  const t = unwrap(s);
  if (t === IsoDate) return 'date';
  const type = def(t).type;
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') return 'list';
  return 'text';
}

/**
 * Dotted paths (`name.zh`, `ranking.scope.en`) of a shape's fields, into objects at any depth. A list
 * of objects (CET results, fees) is no cell's value: it is left out (JSON Lines files carry it).
 */
function fieldsOf(shape: Record<string, z.ZodType>, skip: readonly string[], prefix = ''): Map<string, FieldKind> {
  const out = new Map<string, FieldKind>();
  for (const [key, schema] of Object.entries(shape)) {
    if (skip.includes(key)) continue;
    const inner = def(unwrap(schema));
    if (inner.type === 'object' && inner.shape)
      for (const [path, kind] of fieldsOf(inner.shape, [], `${prefix}${key}.`)) out.set(path, kind);
    else if (inner.type === 'array' && inner.element && def(unwrap(inner.element)).type === 'object') continue;
    else out.set(`${prefix}${key}`, kindOf(schema));
  }
  return out;
}

/**
 * People files fill a student's or a teacher's fields (courses come from a grades file); grades files
 * fill a course result plus `id`, the student it belongs to.
 */
export const CANONICAL_FIELDS: Record<MappingKind, ReadonlyMap<string, FieldKind>> = {
  people: new Map([...fieldsOf(StudentRecord.shape, ['courses']), ...fieldsOf(TeacherRecord.shape, [])]),
  grades: new Map([['id', 'text'], ...fieldsOf(CourseResult.shape, [])]),
};
