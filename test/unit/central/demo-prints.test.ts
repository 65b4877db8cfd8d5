/**
 * Some demo people lack a block on purpose, so that the demo shows a kind as "no record" too. (That
 * every built-in kind is printed by some demo card, with real data, is
 * test/integration/central/builtin-kinds-real-records.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { documentBlocks } from '../../../central/people/document-data.js';
import { demoRecords } from '../../../central/seed/demo.js';
import type { PersonRecord } from '../../../shared/person-record.js';

const people = demoRecords();
const byCard = (card: string): PersonRecord => people.find((p) => p.cards.includes(card))!;

describe('the demo cards', () => {
  it('include people without a CET result, with an unpaid fee, and a retired teacher without income', () => {
    const students = people.filter((p) => p.role === 'student');
    expect(students.filter((p) => documentBlocks(p, ['cet'], 'zh').missing.length).map((p) => p.id)).toEqual([
      'S2023000005',
      'S2023000014',
    ]);
    const unpaid = documentBlocks(byCard('0010016555'), ['payments'], 'zh').data.payments as {
      items: { paidDate: string }[];
    };
    expect(unpaid.items.filter((i) => i.paidDate === '')).toHaveLength(2);
    expect(documentBlocks(byCard('8000000002'), ['income'], 'zh').missing).toEqual(['income']);
  });
});
