/**
 * `estation central terms set FILE.json` and `estation central terms show [--json]`: the academic
 * calendar free quotas count in (central/store/terms.ts; docs/central.md, "Terms and quotas").
 */
import { readFileSync } from 'node:fs';
import { institutionTimeZone } from '../../../central/store/institution.js';
import { CalendarInvalid, termOn } from '../../../central/domain/terms.js';
import { localDate, localDateTime } from '../../../shared/local-date.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';
import { parse, printLines, UsageError } from '../args.js';

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub === 'set') return set(argv.slice(1));
  if (sub === 'show') return show(argv.slice(1));
  throw new UsageError(
    `terms needs "set FILE.json" or "show"${sub ? `, not "${sub}"` : ''} (estation central --help shows both)`,
  );
}

async function set(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...STORE_OPTIONS }, true);
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('terms set needs one calendar file (FILE.json)');
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message;
    process.stderr.write(`Cannot read the calendar ${file}: ${why}. Give a JSON file (docs/central.md shows one).\n`);
    return 1;
  }
  const store = await openCentralStore(values);
  try {
    const { version, calendar } = await store.setTermCalendar(input);
    printLines([
      `Academic calendar version ${version} is in force: ${calendar.terms.length} terms, ${calendar.terms[0]!.start} to ${calendar.terms.at(-1)!.end}; between terms: ${calendar.gap === 'previous' ? 'the last term still counts' : 'no free copies'}.`,
    ]);
    return 0;
  } catch (err) {
    if (!(err instanceof CalendarInvalid)) throw err;
    process.stderr.write(`${file}: ${err.message}\nNothing was changed; fix the file and run terms set again.\n`);
    return 1;
  } finally {
    void store.close();
  }
}

async function show(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...STORE_OPTIONS, json: { type: 'boolean' } });
  const store = await openCentralStore(values);
  try {
    const calendar = await store.termCalendar();
    if (values.json) {
      // Exactly what `terms set` takes: the output can be edited and set again.
      const { version: _v, setAt: _at, ...asSet } = calendar ?? { version: 0, setAt: '' };
      printLines([JSON.stringify(calendar ? asSet : null, null, 2)]);
      return 0;
    }
    if (!calendar) {
      printLines([
        'No academic calendar is set: free quotas never reset.',
        'Set one with: estation central terms set FILE.json',
      ]);
      return 0;
    }
    const timeZone = await institutionTimeZone(store.sql);
    const today = localDate(new Date(), timeZone);
    const now = termOn(calendar, today).key;
    printLines([
      `Academic calendar version ${calendar.version}, set ${localDateTime(calendar.setAt, timeZone)} (${timeZone}). Between terms: ${calendar.gap === 'previous' ? 'the last term still counts ("gap": "previous")' : 'no free copies ("gap": "none")'}.`,
      `Today (${today}) free quotas count in: ${now ?? 'no term'}.`,
      ...calendar.terms.map(
        (t) => `${t.code === now ? '*' : ' '} ${t.code}  ${t.start} to ${t.end}  ${t.name.zh} / ${t.name.en}`,
      ),
      `Holidays (no idle alert): ${calendar.holidays?.join(', ') || 'none'}.`,
      `Make-up working days (调休): ${calendar.workdays?.join(', ') || 'none'}.`,
    ]);
    return 0;
  } finally {
    void store.close();
  }
}
