/**
 * Document kinds as data in the SQLite store (docs/central.md "Document kinds"): every set, disable and
 * enable is a new version of the kind, who and when recorded; nothing is changed or deleted; the
 * highest version of each id is in force. SqliteCentralStore delegates here; nothing else touches
 * `document_kind_versions`.
 *
 * At open: a database from before kinds were data has its `document_kinds` rows adopted (each the
 * built-in definition of its id, with the university's own titles, fee, free copies, maximum,
 * languages, roles and statuses), then every built-in central does not hold yet is added. An id central
 * holds is never overwritten by a built-in: an admin's edits, and their disabling, stay.
 */
import type { Sql } from '../../lib/sql/types.js';
import { appendAudit } from './audit.js';
import { KindDefinition, type Audience } from '../../shared/document-kind.js';
import { checkDefinition } from '../kinds/problems.js';
import { PersonStatus } from '../../shared/domain.js';

/** The statuses an old `document_kinds` row stored (comma-separated; NULL before they were filled in: every status). */
function parseStatuses(stored: string): readonly PersonStatus[] {
  return stored.split(',').filter((s): s is PersonStatus => PersonStatus.safeParse(s).success);
}

/** A kind as central holds it now. */
export interface StoredKind {
  definition: KindDefinition;
  disabled: boolean;
  version: number;
  setAt: string;
  setBy: string;
}

/** Who set the versions central made itself. */
export const SET_BY_BUILTIN = 'built-in';
export const SET_BY_ADOPTION = 'adopted from document_kinds';

/** `kinds set` refused the definition: every problem, with its field path. */
export class KindRefused extends Error {
  override name = 'KindRefused';
  constructor(readonly problems: string[]) {
    super(`The document kind was refused:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

interface KindRow {
  id: string;
  version: number;
  definition: string;
  disabled: number;
  set_at: string;
  set_by: string;
}

// Stored definitions were validated on the way in: read as they are.
const toStored = (r: KindRow): StoredKind => ({
  definition: JSON.parse(r.definition) as KindDefinition,
  disabled: r.disabled === 1,
  version: r.version,
  setAt: r.set_at,
  setBy: r.set_by,
});

/** Every kind in force, disabled ones too, in the order they first came (the catalog's order). */
export async function currentKinds(db: Sql): Promise<StoredKind[]> {
  return ((await db.all('SELECT * FROM document_kinds_current ORDER BY position')) as KindRow[]).map(toStored);
}

/** The kind with this id as it is in force, or null when central never held it. */
export async function currentKind(db: Sql, id: string): Promise<StoredKind | null> {
  const row = (await db.get('SELECT * FROM document_kind_versions WHERE id = ? ORDER BY version DESC LIMIT 1', [
    id,
  ])) as KindRow | undefined;
  return row ? toStored(row) : null;
}

/** Every version of a kind, oldest first (for `kinds show`). */
export async function kindHistory(db: Sql, id: string): Promise<StoredKind[]> {
  return ((await db.all('SELECT * FROM document_kind_versions WHERE id = ? ORDER BY version', [id])) as KindRow[]).map(
    toStored,
  );
}

/**
 * The definition a document issued at `at` was issued under: the version in force then, or the first
 * version when the kind came to central later (a document from before kinds were data). Null for an id
 * central never held.
 */
export async function kindAsIssued(db: Sql, id: string, at: string): Promise<KindDefinition | null> {
  const row = ((await db.get(
    'SELECT * FROM document_kind_versions WHERE id = ? AND set_at <= ? ORDER BY version DESC LIMIT 1',
    [id, at],
  )) ?? (await db.get('SELECT * FROM document_kind_versions WHERE id = ? ORDER BY version LIMIT 1', [id]))) as
    KindRow | undefined;
  return row ? toStored(row).definition : null;
}

async function insertVersion(
  db: Sql,
  definition: KindDefinition,
  disabled: boolean,
  setBy: string,
  at: string,
): Promise<number> {
  const { highest } = (await db.get('SELECT MAX(version) AS highest FROM document_kind_versions WHERE id = ?', [
    definition.id,
  ])) as { highest: number | null };
  const version = (highest ?? 0) + 1;
  await db.run(
    'INSERT INTO document_kind_versions (id, version, definition, disabled, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?)',
    [definition.id, version, JSON.stringify(definition), disabled ? 1 : 0, at, setBy],
  );
  return version;
}

/**
 * Stores `input` (unchecked: a file's JSON) as the next version of its kind and returns it; the same
 * definition again writes nothing (`changed` false). A kind that was disabled stays disabled (enabling
 * is its own step). Throws KindRefused with every problem, a code prefix another kind uses among them.
 */
export async function setKind(
  sql: Sql,
  input: unknown,
  setBy: string,
  at: string,
): Promise<{ version: number; definition: KindDefinition; disabled: boolean; changed: boolean }> {
  return sql.transaction(async (db) => {
    const checked = checkDefinition(
      input,
      (await currentKinds(db)).map((k) => k.definition),
    );
    if (!checked.definition) throw new KindRefused(checked.problems);
    const definition = checked.definition;
    const current = await currentKind(db, definition.id);
    const disabled = current?.disabled ?? false;
    // Both sides come from the one schema, so their JSON has the same key order.
    if (current && JSON.stringify(current.definition) === JSON.stringify(definition))
      return { version: current.version, definition, disabled, changed: false };
    const version = await insertVersion(db, definition, disabled, setBy, at);
    await appendAudit(db, { at, actor: setBy, action: 'kind.published', target: `${definition.id}@${version}` });
    return { version, definition, disabled, changed: true };
  });
}

/**
 * Disables or enables a kind as a new version with the same definition. Null when central holds no kind
 * with this id; `changed` false (and no version written) when it already was so.
 */
export async function setKindDisabled(
  sql: Sql,
  id: string,
  disabled: boolean,
  setBy: string,
  at: string,
): Promise<{ version: number; changed: boolean } | null> {
  return sql.transaction(async (db) => {
    const k = await currentKind(db, id);
    if (!k) return null;
    if (k.disabled === disabled) return { version: k.version, changed: false };
    const version = await insertVersion(db, k.definition, disabled, setBy, at);
    const target = `${id}@${version}`;
    await appendAudit(db, { at, actor: setBy, action: 'kind.published', target, detail: { disabled } });
    return { version, changed: true };
  });
}

interface LegacyKindRow {
  kind: string;
  title_zh: string;
  title_en: string;
  free_per_term: number;
  fee_cents: number;
  max_copies: number;
  languages: string;
  roles: string;
  statuses: string | null;
}

/** A code prefix for an adopted kind no built-in defines: its first free letter, else the first free letter at all. */
function freePrefix(id: string, taken: ReadonlySet<string>): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const first = id[0]!.toUpperCase();
  if (!taken.has(first)) return first;
  return [...letters].flatMap((a) => [...letters].map((b) => `${first}${a}${b}`)).find((p) => !taken.has(p))!;
}

/** Version 1 of an old `document_kinds` row: its built-in definition with what the university had set kept. */
function adopted(row: LegacyKindRow, builtin: KindDefinition | undefined, taken: ReadonlySet<string>): unknown {
  const audience = row.roles.split(',').filter((r): r is Audience => r === 'student' || r === 'teacher');
  const base = builtin ?? {
    // A kind no built-in has (a university added a row by hand): it printed the student block.
    id: row.kind,
    audience: ['student'],
    statuses: ['enrolled'],
    fields: ['student'],
    validityDays: 180,
    codePrefix: freePrefix(row.kind, taken),
    purposes: [],
    sensitive: [],
  };
  return {
    ...base,
    title: { zh: row.title_zh, en: row.title_en },
    feeCents: row.fee_cents,
    freePerTerm: row.free_per_term,
    maxCopies: row.max_copies,
    languages: row.languages.split(','),
    ...(audience.length ? { audience } : {}),
    ...(row.statuses !== null ? { statuses: parseStatuses(row.statuses) } : {}),
  };
}

/**
 * Once, on a database from before kinds were data: each `document_kinds` row becomes version 1 of its
 * kind. A row that no longer makes a valid kind (a maximum of copies above today's limit) is adopted as
 * the built-in definition with only its titles kept, rather than lost.
 */
export async function adoptLegacyKinds(db: Sql, builtins: readonly KindDefinition[], at: string): Promise<void> {
  // In the order the rows were made (a PostgreSQL database never had such rows of its own).
  const order = db.dialect === 'sqlite' ? 'rowid' : 'kind';
  const rows = (await db.all(`SELECT * FROM document_kinds ORDER BY ${order}`)) as LegacyKindRow[];
  const taken = new Set(builtins.map((b) => b.codePrefix));
  for (const row of rows) {
    const builtin = builtins.find((b) => b.id === row.kind);
    const kept = KindDefinition.safeParse(adopted(row, builtin, taken));
    const definition = kept.success
      ? kept.data
      : builtin && { ...builtin, title: { zh: row.title_zh, en: row.title_en } };
    if (!definition || (await currentKind(db, definition.id))) continue;
    taken.add(definition.codePrefix);
    // Roles naming neither students nor teachers (`staff`) withheld the kind from everyone: it stays withheld.
    const withheld = !row.roles.split(',').some((r) => r === 'student' || r === 'teacher');
    await insertVersion(db, definition, withheld, SET_BY_ADOPTION, at);
  }
}

/**
 * What every opening of the store does, in one transaction: adopts the old rows (only while central
 * holds no kind at all), then adds each built-in central does not hold.
 */
export async function prepareKinds(sql: Sql, builtins: readonly KindDefinition[], at: string): Promise<void> {
  await sql.transaction(async (db) => {
    const { n } = (await db.get('SELECT COUNT(*) AS n FROM document_kind_versions')) as { n: number };
    if (n === 0) await adoptLegacyKinds(db, builtins, at);
    const current = await currentKinds(db);
    const held = new Set(current.map((k) => k.definition.id));
    const prefixes = new Set(current.map((k) => k.definition.codePrefix));
    for (const b of builtins) {
      // A built-in whose prefix an admin's kind took meanwhile waits: two kinds must never share codes.
      if (held.has(b.id) || prefixes.has(b.codePrefix)) continue;
      await insertVersion(db, b, false, SET_BY_BUILTIN, at);
      prefixes.add(b.codePrefix);
    }
  });
}
