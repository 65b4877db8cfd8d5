/**
 * The same id or the same card on two rows of one file: the later row is refused, naming the earlier
 * (a card belongs to one person; which of two rows with one id is right, only the admin knows).
 */
import type { PersonRow } from './read-people.js';

export function checkDuplicates(
  r: PersonRow,
  file: string,
  seen: Map<string, number>,
  cards: Map<string, { id: string; row: number }>,
): void {
  if (r.id !== undefined && seen.has(r.id)) {
    r.problems.push({
      file,
      row: r.row,
      field: 'id',
      id: r.id,
      message: `id ${r.id} is already on row ${seen.get(r.id)}; each person has one row`,
    });
    return;
  }
  if (!r.record || r.problems.length) return;
  for (const card of r.record.cards) {
    const holder = cards.get(card);
    if (holder && holder.id !== r.record.id)
      r.problems.push({
        file,
        row: r.row,
        field: 'cards',
        id: r.record.id,
        message: `card ${card} is also on row ${holder.row} (${holder.id}); a card belongs to one person`,
      });
  }
  if (r.problems.length === 0) for (const card of r.record.cards) cards.set(card, { id: r.record.id, row: r.row });
}
