/**
 * Serial numbers reserved ahead in blocks, one block per counter (a year) at a time, for central instances
 * sharing one PostgreSQL database (issue #16): every authorization incrementing the year's counter row made
 * concurrent authorizations conflict on it and run again. An instance now takes a block of numbers in a
 * short transaction of its own and hands them out from memory; the counter row is written once per block.
 * An authorization takes its number before its own transaction begins (`next`), so that it never waits on
 * the counter row, and gives it back (`giveBack`) when it issued nothing (a replay, a refusal) without
 * ever sending it to the database; a number that reached the database is never handed out again.
 * Serials stay unique (a number is in one block, handed out once); they are no longer gapless or in order
 * across instances: the numbers left in a block when an instance stops are never issued.
 */
import type { Sql } from '../../lib/sql/types.js';

export class SerialBlocks {
  private readonly blocks = new Map<string, { next: number; last: number }>();
  /** Numbers given back, per counter, handed out before the block's next. */
  private readonly returned = new Map<string, number[]>();
  /** A reservation under way per counter: authorizations arriving meanwhile wait for it instead of reserving again. */
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(readonly size: number) {}

  /** The next number of `counter` for this instance, reserving a block when its own is used up. */
  async next(sql: Sql, counter: string): Promise<number> {
    for (;;) {
      const n = this.take(counter);
      if (n !== null) return n;
      await this.ensure(sql, counter);
    }
  }

  /** Makes sure `counter` has a number left, reserving the next block when it has none. */
  private async ensure(sql: Sql, counter: string): Promise<void> {
    if (this.left(counter) > 0) return;
    let pending = this.reserving.get(counter);
    if (!pending) {
      pending = this.reserve(sql, counter).finally(() => this.reserving.delete(counter));
      this.reserving.set(counter, pending);
    }
    await pending;
  }

  /** A number `next` answered that was never sent to the database: the next authorization takes it. */
  giveBack(counter: string, value: number): void {
    const r = this.returned.get(counter) ?? [];
    r.push(value);
    r.sort((a, b) => b - a);
    this.returned.set(counter, r);
  }

  /** The next number of `counter` (a returned one first), or null when its block has none left. */
  private take(counter: string): number | null {
    const back = this.returned.get(counter)?.pop();
    if (back !== undefined) return back;
    const b = this.blocks.get(counter);
    if (!b || b.next > b.last) return null;
    return b.next++;
  }

  private left(counter: string): number {
    const b = this.blocks.get(counter);
    return (b ? b.last - b.next + 1 : 0) + (this.returned.get(counter)?.length ?? 0);
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
