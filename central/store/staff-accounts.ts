/**
 * Staff accounts with their role and sites (issue #18; the rules: central/domain/staff-scope.ts), and each
 * terminal's site. `estation central staff add|set|disable|list` and `estation central enroll --site`
 * write here; the PIN check and the dashboard read it. A staff member is never deleted: a disabled one
 * keeps their id in every audit. Staff from before roles are admins (migration 25): they could do anything.
 */
import type { Sql } from '../../lib/sql/types.js';
import { appendAudit } from './audit.js';
import { SITE_PATTERN, STAFF_ROLES, type StaffRole, type StaffScope } from '../domain/staff-scope.js';
import { maskCard } from './people.js';

export interface StaffAccount extends StaffScope {
  id: string;
  card: string;
  name: string;
  nameLatin: string;
  createdAt: string;
  disabledAt: string | null;
}

/** An account change that cannot be made; the message says what to do. Nothing was changed. */
export class StaffAccountRefused extends Error {
  override name = 'StaffAccountRefused';
}

interface Row {
  id: string;
  card: string;
  name: string;
  name_latin: string;
  role: string;
  sites: string;
  created_at: string;
  disabled_at: string | null;
}

const toAccount = (r: Row): StaffAccount => ({
  id: r.id,
  card: r.card,
  name: r.name,
  nameLatin: r.name_latin,
  role: r.role as StaffRole,
  sites: JSON.parse(r.sites) as string[],
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const COLUMNS = 'id, card, name, name_latin, role, sites, created_at, disabled_at';

export async function staffAccount(db: Sql, id: string): Promise<StaffAccount | null> {
  const row = await db.get<Row>(`SELECT ${COLUMNS} FROM staff WHERE id = ?`, [id]);
  return row ? toAccount(row) : null;
}

export async function staffAccounts(db: Sql): Promise<StaffAccount[]> {
  return (await db.all<Row>(`SELECT ${COLUMNS} FROM staff ORDER BY id`)).map(toAccount);
}

/** Checks a role and a list of sites as an admin typed them; answers them cleaned, or throws. */
export function checkScope(role: string | undefined, sites: readonly string[]): { role?: StaffRole; sites: string[] } {
  if (role !== undefined && !(STAFF_ROLES as readonly string[]).includes(role))
    throw new StaffAccountRefused(`The role ${role} does not exist: give one of ${STAFF_ROLES.join(', ')}.`);
  const bad = sites.filter((s) => !SITE_PATTERN.test(s));
  if (bad.length)
    throw new StaffAccountRefused(
      `${bad.join(', ')} is not a site: a site is a path such as qianfoshan/library (lowercase letters, digits, - and _, up to 4 parts).`,
    );
  return { ...(role !== undefined ? { role: role as StaffRole } : {}), sites: [...new Set(sites)].sort() };
}

async function cardTaken(db: Sql, card: string, id: string): Promise<string | null> {
  const staff = await db.get<{ id: string }>('SELECT id FROM staff WHERE card = ? AND id <> ?', [card, id]);
  if (staff) return `staff member ${staff.id}`;
  const person = await db.get<{ person_id: string }>(
    'SELECT c.person_id FROM person_cards c JOIN people p ON p.id = c.person_id WHERE c.card = ? AND c.retired_at IS NULL AND p.active = 1 AND c.person_id <> ?',
    [card, id],
  );
  return person ? `${person.person_id}, who is active` : null;
}

export interface NewStaff {
  id: string;
  card: string;
  name: string;
  nameLatin?: string;
  role: StaffRole;
  sites: readonly string[];
  pinHash: string;
}

/** Adds a staff member; refuses an id that exists and a card someone else holds. */
export async function addStaff(sql: Sql, s: NewStaff, at: string, by = 'central'): Promise<StaffAccount> {
  return sql.transaction(async (db) => {
    if (await staffAccount(db, s.id))
      throw new StaffAccountRefused(
        `Staff member ${s.id} exists already: change them with "estation central staff set ${s.id}".`,
      );
    const taken = await cardTaken(db, s.card, s.id);
    if (taken)
      throw new StaffAccountRefused(`Card ${maskCard(s.card)} is held by ${taken}: a card works for one person only.`);
    if (s.role !== 'admin' && s.sites.length === 0)
      throw new StaffAccountRefused(
        `An ${s.role} needs at least one site (--site CAMPUS/BUILDING); an admin has every site.`,
      );
    await db.run(
      'INSERT INTO staff (id, card, name, name_latin, pin_hash, created_at, role, sites) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [s.id, s.card, s.name, s.nameLatin ?? '', s.pinHash, at, s.role, JSON.stringify([...s.sites])],
    );
    await appendAudit(db, {
      at,
      actor: by,
      action: 'staff.account_changed',
      target: s.id,
      detail: { added: true, role: s.role, sites: [...s.sites] },
    });
    return (await staffAccount(db, s.id))!;
  });
}

export interface StaffChanges {
  role?: StaffRole;
  sites?: readonly string[];
  name?: string;
  card?: string;
  pinHash?: string;
  enabled?: boolean;
}

/** Changes what is given; `enabled: false` disables (kept, never deleted), `true` enables again. */
export async function setStaff(
  sql: Sql,
  id: string,
  c: StaffChanges,
  at: string,
  by = 'central',
): Promise<StaffAccount> {
  return sql.transaction(async (db) => {
    const before = await staffAccount(db, id);
    if (!before) throw new StaffAccountRefused(`No staff member ${id}: "estation central staff list" shows them.`);
    if (c.card !== undefined) {
      const taken = await cardTaken(db, c.card, id);
      if (taken) throw new StaffAccountRefused(`Card ${maskCard(c.card)} is held by ${taken}.`);
    }
    const role = c.role ?? before.role;
    const sites = c.sites ?? before.sites;
    if (role !== 'admin' && sites.length === 0)
      throw new StaffAccountRefused(`An ${role} needs at least one site (--site CAMPUS/BUILDING).`);
    await db.run(
      `UPDATE staff SET role = ?, sites = ?, name = COALESCE(?, name), card = COALESCE(?, card), pin_hash = COALESCE(?, pin_hash),
         disabled_at = CASE WHEN ? = 1 THEN NULL WHEN ? = 0 THEN COALESCE(disabled_at, ?) ELSE disabled_at END WHERE id = ?`,
      [
        role,
        JSON.stringify([...sites]),
        c.name ?? null,
        c.card ?? null,
        c.pinHash ?? null,
        c.enabled === undefined ? -1 : c.enabled ? 1 : 0,
        c.enabled === undefined ? -1 : c.enabled ? 1 : 0,
        at,
        id,
      ],
    );
    // What changed, never the PIN or card themselves: the audit is read by more people than the staff table.
    const changed = Object.fromEntries(
      Object.entries(c).map(([k, v]) => [k, k === 'pinHash' || k === 'card' ? 'changed' : v]),
    );
    await appendAudit(db, { at, actor: by, action: 'staff.account_changed', target: id, detail: changed });
    return (await staffAccount(db, id))!;
  });
}

/** Places a terminal at a site (null: not placed); false when no such terminal is enrolled. */
export async function setTerminalSite(db: Sql, terminalId: string, site: string | null): Promise<boolean> {
  if (site !== null) checkScope(undefined, [site]);
  return (await db.run('UPDATE terminals SET site = ? WHERE id = ?', [site, terminalId])).changes > 0;
}
