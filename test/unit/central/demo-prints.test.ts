/**
 * Every built-in kind can be printed by some demo card (docs/data.md "The demo campus" lists them):
 * the card's person has the kind's audience and an eligible status, and their record has every data
 * block the kind reads. The kinds' audiences, statuses and blocks are those of the built-in catalog
 * (view of issue #14); some demo people lack a block on purpose, and a kind is then no record for them.
 */
import { describe, expect, it } from 'vitest';
import { documentBlocks } from '../../../central/people/document-data.js';
import { demoRecords } from '../../../central/seed/demo.js';
import type { DataBlock } from '../../../shared/document-kind.js';
import type { PersonRecord } from '../../../shared/person-record.js';

const ALL_STUDENT = ['enrolled', 'suspended', 'withdrawn', 'graduated', 'completed'];
/** kind: [blocks, statuses, the demo card that prints it]. */
const PRINTS: Record<string, [DataBlock[], string[], string]> = {
  transcript: [['student', 'courses', 'totals'], ALL_STUDENT, '0010000227'],
  enrollment: [['student'], ['enrolled'], '0010000227'],
  'student-status': [['student'], ['enrolled', 'suspended'], '0010111503'],
  'graduation-certificate': [['student', 'graduation'], ['graduated'], '0010127555'],
  'degree-certificate': [['student', 'degree'], ['graduated'], '0010127555'],
  'gpa-ranking': [['student', 'totals', 'ranking'], ['enrolled', 'graduated', 'completed'], '0010000227'],
  'cet-report': [['student', 'cet'], ALL_STUDENT, '0010000227'],
  'tuition-payment': [['student', 'payments'], ['enrolled', 'suspended', 'graduated', 'completed'], '0010016555'],
  'expected-graduation': [['student'], ['enrolled'], '0010000227'],
  'employment-certificate': [['teacher'], ['active'], '8000000001'],
  'income-certificate': [['teacher', 'income'], ['active'], '8000000001'],
  'title-certificate': [['teacher', 'titles'], ['active', 'retired'], '8000000002'],
};

const people = demoRecords();
const byCard = (card: string): PersonRecord => people.find((p) => p.cards.includes(card))!;

describe('the demo cards', () => {
  it.each(Object.entries(PRINTS))('%s is printed by a demo card', (_kind, [fields, statuses, card]) => {
    const person = byCard(card);
    expect(statuses).toContain(person.status);
    expect(documentBlocks(person, fields, 'zh').missing).toEqual([]);
  });

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
