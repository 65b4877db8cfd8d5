/** What a person's catalog says of one kind (central/domain/catalog.ts), with the built-in kinds and a demo student. */
import { describe, expect, it } from 'vitest';
import { catalogItem, noRecordNote, offered } from '../../../../central/domain/catalog.js';
import { builtinKinds } from '../../../../central/kinds/builtin.js';
import { demoRecords } from '../../../../central/seed/demo.js';
import type { DataBlock } from '../../../../shared/document-kind.js';
import type { PersonRecord } from '../../../../shared/person-record.js';

const kinds = builtinKinds();
const enrollment = kinds.find((k) => k.id === 'enrollment')!;
const student = demoRecords().find(
  (p): p is Extract<PersonRecord, { role: 'student' }> => p.role === 'student' && p.status === 'enrolled',
)!;
const term = { key: '2026-2027-1' };
const none = () => [] as DataBlock[];

describe('catalogItem', () => {
  it('offers the free copies left in the term, and no more copies than those', () => {
    const item = catalogItem(student, enrollment, term, 2, none);
    expect(item).toMatchObject({ kind: 'enrollment', available: true, freeRemaining: enrollment.freePerTerm - 2 });
    expect(item.maxCopies).toBe(enrollment.freePerTerm - 2);
  });
  it('is used up when the free copies are gone and the kind has no fee, with the gap note in a gap', () => {
    expect(catalogItem(student, enrollment, term, enrollment.freePerTerm, none)).toMatchObject({
      available: false,
      unavailableReason: 'quota_used_up',
    });
    const gap = { key: null, note: { zh: '现在不在学期内', en: 'There is no term now' } };
    expect(catalogItem(student, enrollment, gap, 0, none)).toMatchObject({
      unavailableReason: 'quota_used_up',
      unavailableNote: gap.note,
    });
  });
  it('says a status that may not print the kind, before anything else, without asking for the blocks', () => {
    let asked = false;
    const item = catalogItem({ ...student, status: 'suspended' }, enrollment, term, enrollment.freePerTerm, () => {
      asked = true;
      return ['student'];
    });
    expect(item).toMatchObject({ available: false, unavailableReason: 'not_eligible' });
    expect(item.unavailableNote?.en).toMatch(/suspended/);
    expect(asked).toBe(false);
  });
  it('says which records are missing', () => {
    expect(catalogItem(student, enrollment, term, 0, () => ['cet', 'ranking'])).toMatchObject({
      unavailableReason: 'no_record',
      unavailableNote: noRecordNote(['cet', 'ranking']),
    });
    expect(noRecordNote(['cet', 'ranking']).en).toBe('No CET scores, class rank on record');
  });
});

it('offers a kind only to its audience, and never a disabled one', () => {
  expect(offered({ disabled: false, definition: enrollment }, student)).toBe(true);
  expect(offered({ disabled: true, definition: enrollment }, student)).toBe(false);
  expect(offered({ disabled: false, definition: enrollment }, { role: 'teacher' })).toBe(false);
});
