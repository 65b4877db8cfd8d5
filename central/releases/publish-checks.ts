/**
 * What central checks before it stores a template release (docs/templates.md, "Publishing safely"), so
 * that a data-only publish cannot break a certificate for the whole fleet: the release's kind exists and
 * is enabled and offers the release's language; every field its manifest reads is a block of that kind's
 * data (or `university` / `document`); and it renders here, as a dry run, with its own sample and with
 * the real data of up to `checkPeople` people the kind is available to, in the release's language.
 * Every problem is collected (person, field, message), so the admin fixes them all in one go.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALWAYS_BLOCKS, type KindDefinition } from '../../shared/document-kind.js';
import type { Language, PersonStatus, Role } from '../../shared/domain.js';
import {
  renderCertificate,
  TemplateDataError,
  unpackRelease,
  type TemplateBundle,
  type TemplateRelease,
} from '../../templates/engine/index.js';
import type { KindLookup } from './kind-lookup.js';

/** How many people a publish renders for unless `--check-people` says otherwise. */
export const DEFAULT_CHECK_PEOPLE = 20;
/** At most this many people per publish: each is a full render on central's event loop. */
export const MAX_CHECK_PEOPLE = 200;
/** More problems than this are one mistake repeated; the list stops there. */
const MAX_PROBLEMS = 50;

export interface PublishProblem {
  /** The person whose data showed it; null for the release itself or its sample. */
  person: string | null;
  /** The data path (`student.name`), or what is wrong (`kind`, `bundle`, `sample`). */
  field: string;
  message: string;
}

export interface PublishCheckDeps {
  lookupKind: KindLookup;
  peopleToCheck: (roles: readonly Role[], statuses: readonly PersonStatus[], limit: number) => Promise<string[]>;
  documentData: (personId: string, kind: string, language: Language) => Promise<Record<string, unknown> | null>;
}

export interface PublishCheckResult {
  problems: PublishProblem[];
  /** The people whose data the release rendered with. */
  checked: string[];
}

/** The `document` block the station adds, with values that are valid but say they are a dry run. */
function dryRunDocument(kind: KindDefinition): Record<string, string> {
  const now = new Date();
  const until = new Date(now.getTime() + kind.validityDays * 86_400_000);
  const purpose = kind.purposes[0];
  return {
    serial: 'CHECK-0000-000000',
    verificationCode: '0000-0000-0000',
    issuedAt: now.toISOString(),
    purpose: purpose ? purpose.zh : '学习、工作等相关事宜',
    purposeEn: purpose ? purpose.en : 'General purposes',
    validUntil: until.toISOString().slice(0, 10),
  };
}

/** One render's problems: field by field for a data mismatch, else the engine's message. */
async function renderProblems(
  bundle: TemplateBundle,
  data: Record<string, unknown>,
  person: string | null,
): Promise<PublishProblem[]> {
  try {
    await renderCertificate(bundle, data);
    return [];
  } catch (err) {
    if (err instanceof TemplateDataError) return err.fields.map((f) => ({ person, field: f.path, message: f.message }));
    return [{ person, field: person === null ? 'sample' : '(render)', message: (err as Error).message.slice(0, 300) }];
  }
}

/** The manifest paths whose first segment is not a block the kind's data has. */
function fieldProblems(bundle: TemplateBundle, kind: KindDefinition): PublishProblem[] {
  const blocks = new Set<string>([...kind.fields, ...ALWAYS_BLOCKS]);
  return Object.keys(bundle.manifest.schema)
    .filter((path) => !blocks.has(path.split('.')[0]!))
    .map((path) => ({
      person: null,
      field: path,
      message: `the template reads "${path}", but kind "${kind.id}" has no "${path.split('.')[0]}" data (it has: ${[...blocks].join(', ')}); remove the field from the manifest's schema and layout, or publish it for another kind`,
    }));
}

export async function checkRelease(
  release: TemplateRelease,
  checkPeople: number,
  deps: PublishCheckDeps,
): Promise<PublishCheckResult> {
  const found = await deps.lookupKind(release.kind);
  const none = (field: string, message: string): PublishCheckResult => ({
    problems: [{ person: null, field, message }],
    checked: [],
  });
  if (!found)
    return none(
      'kind',
      `There is no document kind "${release.kind}" at central; define it first (estation central kinds set FILE) or correct "kind" in manifest.json.`,
    );
  const kind = found.definition;
  if (found.disabled)
    return none(
      'kind',
      `Document kind "${kind.id}" is disabled at central; enable it again before publishing templates for it.`,
    );
  if (!kind.languages.includes(release.language))
    return none(
      'language',
      `Document kind "${kind.id}" is offered in ${kind.languages.join(', ')}, not in "${release.language}"; add the language to the kind first.`,
    );

  const dir = mkdtempSync(join(tmpdir(), 'estation-publish-check-'));
  try {
    let bundle: TemplateBundle;
    try {
      bundle = unpackRelease(release, dir);
    } catch (err) {
      return none('bundle', (err as Error).message.slice(0, 500));
    }
    const problems = fieldProblems(bundle, kind);
    if (problems.length) return { problems, checked: [] };

    const document = dryRunDocument(kind);
    // The sample's own `document` block, when it has one, is what its author meant to see.
    problems.push(...(await renderProblems(bundle, { document, ...bundle.sample }, null)));
    const checked: string[] = [];
    const candidates = await deps.peopleToCheck(kind.audience, kind.statuses, checkPeople);
    for (const person of candidates) {
      if (problems.length >= MAX_PROBLEMS) break;
      const data = await deps.documentData(person, kind.id, release.language);
      // Not available to this person (no record of a block the kind needs): the kiosk would not offer it.
      if (!data || kind.fields.some((block) => data[block] === undefined)) continue;
      checked.push(person);
      problems.push(...(await renderProblems(bundle, { ...data, document }, person)));
    }
    return { problems: problems.slice(0, MAX_PROBLEMS), checked };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
