/**
 * What is wrong with a kind definition file (`estation central kinds set FILE.json`), one line per
 * problem with its field path, in words an admin can act on: `statuses.1: "expelled" is not a status;
 * use one of enrolled, suspended, ...`. The schema is the shared one (shared/document-kind.ts); this
 * module only words its complaints and adds the checks that need the other kinds (a code prefix is one
 * kind's alone).
 */
import type { z } from 'zod';
import { ALWAYS_BLOCKS, KindDefinition } from '../../shared/document-kind.js';

/** What the element of each list or field is called in a sentence ("is not a status"). */
const NOUNS: Record<string, string> = {
  audience: 'an audience (who may print it)',
  statuses: 'a status',
  fields: 'a data block',
  languages: 'a language',
  office: 'an office',
};

type Issue = z.core.$ZodIssue;

/** A JSON type as an admin reads it. */
const TYPES: Record<string, string> = {
  object: 'an object {…}',
  array: 'a list […]',
  string: 'a text in quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};
const typeWords = (t: string) => TYPES[t] ?? t;

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? 'nothing'));

function words(issue: Issue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_value': {
      const noun = NOUNS[String(issue.path[0])] ?? 'allowed here';
      return `${show(value)} is not ${noun}; use one of ${issue.values.map(String).join(', ')}`;
    }
    case 'unrecognized_keys':
      return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is' : 'are'} not part of a document kind; remove ${issue.keys.length === 1 ? 'it' : 'them'} (docs/central.md, "Document kinds")`;
    case 'invalid_type':
      return value === undefined
        ? `is missing; add it (${typeWords(issue.expected)})`
        : `${show(value)} is not ${typeWords(issue.expected)}`;
    case 'too_small':
      return Array.isArray(value)
        ? `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}`
        : typeof value === 'string'
          ? 'must not be empty'
          : `${show(value)} is too small; the least allowed is ${String(issue.minimum)}`;
    case 'too_big':
      return Array.isArray(value)
        ? `has ${value.length} entries; at most ${String(issue.maximum)}`
        : typeof value === 'string'
          ? `is ${value.length} characters long; at most ${String(issue.maximum)}`
          : `${show(value)} is too large; the most allowed is ${String(issue.maximum)}`;
    case 'custom':
      // The schema's own checks (an entry listed twice) say what is wrong in full.
      return issue.message;
    default:
      // The schema's own message is already worded for people (custom checks, patterns with messages).
      return `${show(value)}: ${issue.message}`;
  }
}

/** One line per problem: `path: what is wrong; what to do`. */
export function definitionProblems(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(the file)'}: ${words(i, input)}`);
}

/**
 * The definition in `input`, or every problem with it: its shape, and a code prefix another kind
 * (of `others`, the kinds central holds) already uses, which would make their codes indistinguishable.
 */
export function checkDefinition(
  input: unknown,
  others: readonly KindDefinition[],
): { definition: KindDefinition; problems: [] } | { definition: null; problems: string[] } {
  const parsed = KindDefinition.safeParse(input);
  if (!parsed.success) return { definition: null, problems: definitionProblems(parsed.error, input) };
  const k = parsed.data;
  // A masked path outside the kind's data would mask nothing: the preview would show what it should hide.
  const readable: readonly string[] = [...ALWAYS_BLOCKS, ...k.fields];
  const unread = k.sensitive.flatMap((path, i) =>
    readable.includes(path.split('.')[0]!)
      ? []
      : [
          `sensitive.${i}: "${path}" is not in this kind's data; a masked path starts with one of ${readable.join(', ')} (e.g. "${k.fields[0]}.name")`,
        ],
  );
  if (unread.length) return { definition: null, problems: unread };
  const clash = others.find((o) => o.id !== k.id && o.codePrefix === k.codePrefix);
  if (clash)
    return {
      definition: null,
      problems: [
        `codePrefix: "${k.codePrefix}" is the code prefix of "${clash.id}" (${clash.title.zh}); choose letters no other kind uses (${others
          .filter((o) => o.id !== k.id)
          .map((o) => o.codePrefix)
          .sort()
          .join(', ')} are taken)`,
      ],
    };
  return { definition: k, problems: [] };
}
