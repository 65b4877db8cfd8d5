/**
 * ConfigCache (central/store/config-cache.ts): one query of the versions per call, or none within
 * `recheckMs` of the last; the values are read again only when a version changed or after invalidate().
 */
import { describe, expect, it } from 'vitest';
import { ConfigCache } from '../../../../central/store/config-cache.js';
import type { Sql } from '../../../../lib/sql/types.js';

/** A database whose version query answers `versions`, counting the queries asked. */
function fakeDb(versions: { institution: number | null; calendar: number | null; kinds: number }) {
  const asked: string[] = [];
  const db = {
    dialect: 'sqlite',
    async get(sql: string) {
      asked.push(sql.includes('MAX(version) FROM institution_versions') ? 'versions' : sql);
      return { ...versions };
    },
    async all(sql: string) {
      asked.push(sql.includes('document_kind') ? 'kinds' : sql);
      return [];
    },
    run: async () => ({ changes: 0 }),
    transaction: async () => {
      throw new Error('not here');
    },
  } as unknown as Sql;
  return { db, asked, versions };
}

describe('ConfigCache', () => {
  it('asks for the versions at every call by default, and reads the values only when one changed', async () => {
    const { db, asked, versions } = fakeDb({ institution: null, calendar: null, kinds: 3 });
    const cache = new ConfigCache();
    const first = await cache.get(db);
    const reads = asked.length;
    expect(await cache.get(db)).toBe(first);
    expect(asked.slice(reads)).toEqual(['versions']);
    versions.kinds = 4;
    expect(await cache.get(db)).not.toBe(first);
  });

  it('with recheckMs, asks nothing within the window, asks again after it, and at once after invalidate()', async () => {
    const { db, asked, versions } = fakeDb({ institution: null, calendar: null, kinds: 3 });
    let clock = 1000;
    const cache = new ConfigCache(50, () => clock);
    const first = await cache.get(db);
    const reads = asked.length;
    versions.kinds = 4;
    clock += 49;
    expect(await cache.get(db)).toBe(first);
    expect(asked.length).toBe(reads);
    clock += 2;
    const second = await cache.get(db);
    expect(second).not.toBe(first);
    expect(asked[reads]).toBe('versions');
    const afterSecond = asked.length;
    cache.invalidate();
    expect(await cache.get(db)).not.toBe(second);
    expect(asked[afterSecond]).toBe('versions');
  });
});
