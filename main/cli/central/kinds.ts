/**
 * `estation central kinds list | show ID | set FILE.json | disable ID | enable ID`: the document kinds
 * central offers (docs/central.md "Document kinds"). Every set, disable and enable is a new version of
 * the kind, recorded with the operating-system user who ran it; nothing is replaced or deleted. A
 * disabled kind leaves every catalog at once; documents already issued still verify.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  currentKind,
  currentKinds,
  kindHistory,
  KindRefused,
  setKind,
  setKindDisabled,
  type StoredKind,
} from '../../../central/store/kinds.js';
import { issuingOffice } from '../../../central/store/university-block.js';
import type { KindDefinition } from '../../../shared/document-kind.js';
import { DocumentKind } from '../../../shared/domain.js';
import type { Institution } from '../../../shared/institution.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';
import { parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';

const SUBCOMMANDS = ['list', 'show', 'set', 'disable', 'enable'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const yuan = (cents: number) => (cents / 100).toFixed(2);

/** The office that seals it under `institution` (the rule of the document's `university` block). */
function sealingOffice(k: KindDefinition, institution: Institution): string {
  const o = issuingOffice(institution, k);
  return `${o.id} (${o.name.zh} / ${o.name.en})`;
}

function describe(k: StoredKind, institution: Institution): string[] {
  const d = k.definition;
  return [
    `${d.id}: ${d.title.zh} / ${d.title.en}${k.disabled ? ' (DISABLED: in no catalog)' : ''}`,
    `  For: ${d.audience.join(', ')}; statuses ${d.statuses.join(', ')}`,
    `  Reads: ${d.fields.join(', ')}; languages ${d.languages.join(', ')}`,
    `  Fee: ${d.feeCents ? `${yuan(d.feeCents)} yuan per copy after ${d.freePerTerm} free per term` : `free, ${d.freePerTerm} per term`}; at most ${d.maxCopies} per request`,
    `  Valid ${d.validityDays} days; verification codes ${d.codePrefix}-XXXX-XXXX-XXXX; sealed by ${sealingOffice(d, institution)}`,
    ...(d.purposes.length ? [`  Purposes: ${d.purposes.map((p) => `${p.id} (${p.zh} / ${p.en})`).join(', ')}`] : []),
    ...(d.sensitive.length ? [`  Masked on screen: ${d.sensitive.join(', ')}`] : []),
    `  Version ${k.version}, set ${k.setAt} by ${k.setBy}`,
  ];
}

/** The id argument of show, disable and enable, checked. */
function idArgument(sub: Sub, positionals: string[]): string {
  const id = positionals[0];
  if (!id || positionals.length > 1)
    throw new UsageError(`kinds ${sub} needs one kind id: estation central kinds ${sub} ID`);
  const parsed = DocumentKind.safeParse(id);
  if (!parsed.success) throw new UsageError(`kinds ${sub} ${id}: ${parsed.error.issues[0]!.message}`);
  return id;
}

function unknownKind(id: string): number {
  process.stderr.write(
    `Central has no document kind "${id}". "estation central kinds list" shows the kinds it has; "kinds set FILE.json" adds one.\n`,
  );
  return 1;
}

/** The definition file's JSON, or null after saying what is wrong with it. */
function readDefinition(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(
      `${file}: ${e.code === 'ENOENT' ? 'the file does not exist' : `is not JSON (${e.message})`}\nNothing was changed.\n`,
    );
    return undefined;
  }
}

export async function run(argv: string[]): Promise<number> {
  const sub = SUBCOMMANDS.find((s) => s === argv[0]);
  if (!sub)
    throw new UsageError(
      'kinds needs "list", "show ID", "set FILE.json", "disable ID" or "enable ID" (estation central --help)',
    );
  const { values, positionals } = parse(
    argv.slice(1),
    { ...STORE_OPTIONS, ...(sub === 'list' || sub === 'show' ? { json: { type: 'boolean' } } : {}) },
    sub !== 'list',
  );
  const store = await openCentralStore(values);
  try {
    const institution = await store.institution();
    const at = () => new Date().toISOString();
    switch (sub) {
      case 'list': {
        const kinds = await currentKinds(store.sql);
        if (values.json) printLines([JSON.stringify(kinds, null, 2)]);
        else
          printLines([
            `${kinds.length} document kinds (${kinds.filter((k) => k.disabled).length} disabled):`,
            ...kinds.map(
              (k) =>
                `  ${k.definition.id.padEnd(24)} ${k.definition.codePrefix.padEnd(3)} ${k.definition.audience.join(',').padEnd(15)} v${String(k.version).padEnd(3)} ${k.disabled ? 'DISABLED' : 'enabled '}  ${k.definition.title.zh} / ${k.definition.title.en}`,
            ),
            'Details: estation central kinds show ID',
          ]);
        return 0;
      }
      case 'show': {
        const id = idArgument(sub, positionals);
        const k = await currentKind(store.sql, id);
        if (!k) return unknownKind(id);
        const history = (await kindHistory(store.sql, id)).map((v) => ({
          version: v.version,
          setAt: v.setAt,
          setBy: v.setBy,
          disabled: v.disabled,
        }));
        if (values.json) printLines([JSON.stringify({ ...k, history }, null, 2)]);
        else
          printLines([
            ...describe(k, institution),
            `  Versions kept: ${history.length}`,
            '',
            JSON.stringify(k.definition, null, 2),
          ]);
        return 0;
      }
      case 'set': {
        const file = positionals[0];
        if (!file || positionals.length > 1)
          throw new UsageError('kinds set needs one definition file: estation central kinds set FILE.json');
        const input = readDefinition(resolve(file));
        if (input === undefined) return 1;
        let set: Awaited<ReturnType<typeof setKind>>;
        try {
          set = await setKind(store.sql, input, osUser(), at());
        } catch (err) {
          if (!(err instanceof KindRefused)) throw err;
          process.stderr.write(
            `${file} is not a valid document kind:\n${err.problems.map((p) => `  ${p}`).join('\n')}\nNothing was changed; fix the file and run the command again (docs/central.md, "Document kinds").\n`,
          );
          return 1;
        }
        const k = (await currentKind(store.sql, set.definition.id))!;
        const office = set.definition.office;
        printLines([
          set.changed
            ? `Document kind ${set.definition.id} version ${set.version} is now in force:`
            : `Document kind ${set.definition.id} is already so (version ${set.version}); nothing changed:`,
          ...describe(k, institution),
          ...(set.disabled
            ? [`It stays disabled; offer it with "estation central kinds enable ${set.definition.id}".`]
            : []),
          ...(office && !institution.offices.some((o) => o.id === office)
            ? [
                `Note: the institution profile has no office "${office}"; until it has, ${sealingOffice(set.definition, institution)} seals this document.`,
              ]
            : []),
          'Stations print it once a template for it is published (estation template publish).',
        ]);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const id = idArgument(sub, positionals);
        const done = await setKindDisabled(store.sql, id, sub === 'disable', osUser(), at());
        if (!done) return unknownKind(id);
        printLines([
          !done.changed
            ? `Document kind ${id} was already ${sub}d; nothing changed.`
            : sub === 'disable'
              ? `Document kind ${id} is disabled (version ${done.version}): it is in no catalog and central authorizes no new copy; documents already issued still verify.`
              : `Document kind ${id} is enabled again (version ${done.version}): it is back in the catalogs of its audience.`,
        ]);
        return 0;
      }
    }
  } finally {
    await store.close();
  }
}
