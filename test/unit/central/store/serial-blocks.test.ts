/** Serial numbers handed out from an instance's reserved blocks (central/store/serial-blocks.ts). */
import { describe, expect, it } from 'vitest';
import { SerialBlocks } from '../../../../central/store/serial-blocks.js';
import type { Sql } from '../../../../lib/sql/types.js';

/** A database holding one counter row: each reservation adds the block's size, as the upsert does. */
function counterDb(): { sql: Sql; reservations: () => number } {
  let value = 0;
  let reservations = 0;
  const tx = {
    get: async (_sql: string, params: readonly unknown[] = []) => {
      reservations++;
      value += Number(params[1]);
      return { value };
    },
  } as unknown as Sql;
  const sql = { transaction: (fn: (t: Sql) => Promise<unknown>) => fn(tx) } as unknown as Sql;
  return { sql, reservations: () => reservations };
}

describe('SerialBlocks', () => {
  it('hands out each number of a block once, then reserves the next block', async () => {
    const db = counterDb();
    const blocks = new SerialBlocks(3);
    const got = [];
    for (let i = 0; i < 7; i++) got.push(await blocks.next(db.sql, 'serial:2026'));
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(db.reservations()).toBe(3);
  });

  it('reserves once for authorizations that arrive together', async () => {
    const db = counterDb();
    const blocks = new SerialBlocks(20);
    const got = await Promise.all(Array.from({ length: 5 }, () => blocks.next(db.sql, 'serial:2026')));
    expect(new Set(got).size).toBe(5);
    expect(db.reservations()).toBe(1);
  });

  it('hands a number given back out again before the block goes on, lowest first', async () => {
    const db = counterDb();
    const blocks = new SerialBlocks(3);
    const [a, b] = [await blocks.next(db.sql, 'serial:2026'), await blocks.next(db.sql, 'serial:2026')];
    blocks.giveBack('serial:2026', b);
    blocks.giveBack('serial:2026', a);
    expect([await blocks.next(db.sql, 'serial:2026'), await blocks.next(db.sql, 'serial:2026')]).toEqual([1, 2]);
    expect(await blocks.next(db.sql, 'serial:2026')).toBe(3);
    // Another year's counter is a block of its own.
    expect(await blocks.next(db.sql, 'serial:2027')).toBe(4);
  });
});
