/**
 * The document kinds E-station ships (central/kinds/builtin/<id>.json, docs/central.md "Document
 * kinds"): data like any kind an admin sets, read from the folder, so a new built-in is a new file.
 * Central seeds them on first start and adds a built-in it does not hold yet (an upgrade that ships
 * one); an admin's own version of a kind is never overwritten (central/store/kinds.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { KindDefinition } from '../../shared/document-kind.js';
import { checkDefinition } from './problems.js';

export const BUILTIN_KINDS_DIR = join(REPO_ROOT, 'central', 'kinds', 'builtin');

/** The order catalogs list the built-ins in: data too (builtin/catalog-order.txt), so no code names a kind. */
function catalogOrder(dir: string): string[] {
  return readFileSync(join(dir, 'catalog-order.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

let cached: KindDefinition[] | undefined;

/** Every built-in definition, validated (a broken shipped file is a bug: it throws, naming the file). */
export function builtinKinds(dir = BUILTIN_KINDS_DIR): KindDefinition[] {
  if (dir === BUILTIN_KINDS_DIR && cached) return cached;
  const order = catalogOrder(dir);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const kinds: KindDefinition[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const checked = checkDefinition(JSON.parse(readFileSync(join(dir, name), 'utf8')), kinds);
    if (!checked.definition) throw new Error(`Built-in kind ${name} is invalid: ${checked.problems.join('; ')}`);
    if (`${checked.definition.id}.json` !== name)
      throw new Error(`Built-in kind ${name} has the id "${checked.definition.id}"; the file is named after its id.`);
    kinds.push(checked.definition);
  }
  const orphan = order.find((id) => !kinds.some((k) => k.id === id));
  if (orphan) throw new Error(`Built-in kind "${orphan}" is in catalog-order.txt but has no file ${orphan}.json.`);
  kinds.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  if (dir === BUILTIN_KINDS_DIR) cached = kinds;
  return kinds;
}
