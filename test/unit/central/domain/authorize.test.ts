/** Whether a job may be authorized, and why not (central/domain/authorize.ts). */
import { describe, expect, it } from 'vitest';
import { itemRefusal, kindRefusal } from '../../../../central/domain/authorize.js';
import { builtinKinds } from '../../../../central/kinds/builtin.js';
import type { CatalogItem } from '../../../../shared/domain.js';

const enrollment = builtinKinds().find((k) => k.id === 'enrollment')!;
const person = { id: 'S00001', role: 'student' };
const item: CatalogItem = {
  kind: 'enrollment',
  title: enrollment.title,
  languages: enrollment.languages,
  feeCents: 0,
  freeRemaining: 2,
  maxCopies: 2,
  available: true,
  validityDays: enrollment.validityDays,
};

describe('kindRefusal', () => {
  it('refuses a kind central does not hold, and a disabled one, saying what the admin can do', () => {
    expect(kindRefusal('nope', undefined, undefined)).toMatchObject({
      code: 'not_eligible',
      message: expect.stringMatching(/no document kind "nope".*kinds list/),
    });
    expect(kindRefusal('enrollment', { disabled: true, definition: enrollment }, undefined)?.message).toMatch(
      /disabled at central.*kinds enable enrollment/,
    );
  });
  it('refuses a purpose the kind does not offer, listing those it does', () => {
    const refusal = kindRefusal('enrollment', { disabled: false, definition: enrollment }, 'bribery');
    expect(refusal).toMatchObject({ code: 'not_eligible', message: expect.stringContaining('"bribery" is not one') });
  });
  it('lets an enabled kind through, with no purpose or one of its own', () => {
    const k = { disabled: false, definition: enrollment };
    expect(kindRefusal('enrollment', k, undefined)).toBeNull();
    const own = enrollment.purposes[0]?.id;
    if (own !== undefined) expect(kindRefusal('enrollment', k, own)).toBeNull();
  });
});

describe('itemRefusal', () => {
  it('authorizes what the catalog offers, up to its most copies', () => {
    expect(itemRefusal(person, enrollment, item, 2)).toBeNull();
    expect(itemRefusal(person, enrollment, item, 3)).toMatchObject({
      code: 'quota_used_up',
      message: 'Only 2 free copies of enrollment left this term.',
    });
  });
  it('refuses a kind not in the person’s catalog by its audience', () => {
    expect(itemRefusal({ id: 'T1', role: 'teacher' }, enrollment, undefined, 1)).toMatchObject({
      code: 'not_eligible',
      message: 'T1 may not print enrollment: it is for students, not teachers.',
    });
  });
  it('gives the catalog’s own note, in both languages, for a status or record refusal and a used-up quota', () => {
    const note = { zh: '没有学籍记录', en: 'No student record on record' };
    expect(
      itemRefusal(
        person,
        enrollment,
        { ...item, available: false, unavailableReason: 'no_record', unavailableNote: note },
        1,
      ),
    ).toEqual({ code: 'not_eligible', message: 'No student record on record (没有学籍记录)' });
    expect(
      itemRefusal(
        person,
        enrollment,
        { ...item, available: false, unavailableReason: 'quota_used_up', unavailableNote: note },
        1,
      )?.code,
    ).toBe('quota_used_up');
  });
});
