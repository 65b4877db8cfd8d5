/** The spellings that differ between SQLite and PostgreSQL, and the guards on names spliced into SQL text. */
import { describe, expect, it } from 'vitest';
import { forUpdate, jsonText } from '../../../lib/sql/dialect.js';
import type { Sql } from '../../../lib/sql/types.js';

const on = (dialect: Sql['dialect']) => ({ dialect }) as Sql;

describe('SQL dialect helpers', () => {
  it('forUpdate locks rows on PostgreSQL only', () => {
    expect(forUpdate(on('sqlite'))).toBe('');
    expect(forUpdate(on('postgres'))).toBe(' FOR UPDATE');
  });

  it('refuses a JSON field name that is not a plain identifier (nothing is spliced into SQL)', () => {
    expect(() => jsonText(on('postgres'), 'record', "x') OR ('1")).toThrow(/not a plain field name/);
  });
});
