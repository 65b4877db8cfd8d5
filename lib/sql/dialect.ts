/**
 * The few spellings SQLite and PostgreSQL do not share, for SQL written once for both (types.ts). Each
 * returns SQL text for the dialect of `db`; values still go through placeholders.
 */
import type { Sql } from './types.js';

/** The larger of its arguments: SQLite's scalar MAX(a, b), PostgreSQL's GREATEST(a, b). */
export const greatest = (db: Sql) => (db.dialect === 'sqlite' ? 'MAX' : 'GREATEST');

/**
 * ` FOR UPDATE` after a SELECT on PostgreSQL: the rows read stay locked until the transaction ends (see
 * TransactionOptions in types.ts). Nothing on SQLite, whose transactions run one at a time.
 */
export const forUpdate = (db: Sql) => (db.dialect === 'sqlite' ? '' : ' FOR UPDATE');

/** The smaller of its arguments: SQLite's scalar MIN(a, b), PostgreSQL's LEAST(a, b). */
export const least = (db: Sql) => (db.dialect === 'sqlite' ? 'MIN' : 'LEAST');

/** A table of the elements of the JSON array of strings in `column`, one per row in a column `value`. */
export const jsonArrayValues = (db: Sql, column: string) =>
  db.dialect === 'sqlite' ? `json_each(${column})` : `json_array_elements_text(${column}::json) AS elements(value)`;

/** The text of a top-level string field of the JSON object in `column` (`field` is a plain identifier). */
export function jsonText(db: Sql, column: string, field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new Error(`jsonText: ${field} is not a plain field name`);
  return db.dialect === 'sqlite' ? `json_extract(${column}, '$.${field}')` : `(${column}::json ->> '${field}')`;
}
