/**
 * Serial numbers reserved ahead in blocks, one block per counter (a year) at a time, for central instances
 * sharing one PostgreSQL database (issue #16): every authorization incrementing the year's counter row made
 * concurrent authorizations conflict on it and run again. An instance now takes a block of numbers in a
 * short transaction of its own and hands them out from memory; the counter row is written once per block.
 * Serials stay unique (a number is in one block, handed out once); they are no longer gapless or in order
 * across instances: the numbers left in a block when an instance stops are never issued.
 */
import type { Sql } from '../../lib/sql/types.js';

export class SerialBlocks {
  private readonly blocks = new Map<string, { next: number; last: number }>();
  /** A reservation under way per counter: authorizations arriving meanwhile wait for it instead of reserving again. */
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(readonly size: number) {}

  /** Makes sure `counter` has a number left, reserving the next block when it has none. */
  async ensure(sql: Sql, counter: string): Promise<void> {
    if (this.left(counter) > 0) return;
    let pending = this.reserving.get(counter);
    if (!pending) {
      pending = this.reserve(sql, counter).finally(() => this.reserving.delete(counter));
      this.reserving.set(counter, pending);
    }
    await pending;
  }

  /** The next number of `counter`'s block, or null when it has none left (the caller counts one itself). */
  take(counter: string): number | null {
    const b = this.blocks.get(counter);
    if (!b || b.next > b.last) return null;
    return b.next++;
  }

  private left(counter: string): number {
    const b = this.blocks.get(counter);
    return b ? b.last - b.next + 1 : 0;
  }

  private async reserve(sql: Sql, counter: string): Promise<void> {
    const row = await sql.transaction((tx) =>
      tx.get<{ value: number }>(
        'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = counters.value + ? RETURNING value',
        [counter, this.size, this.size],
      ),
    );
    this.blocks.set(counter, { next: row!.value - this.size + 1, last: row!.value });
  }
}
