/**
 * `estation central institution set FILE.json` and `estation central institution show`: the
 * institution profile at central (docs/central.md, docs/data.md "Institution"). Every `set` is a new
 * version recorded with the operating-system user who ran it; nothing is replaced or deleted.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { InstitutionFileError, loadInstitutionFile } from '../../../central/institution-file.js';
import { currentInstitution, institutionHistory } from '../../../central/store/institution.js';
import { DEMO_INSTITUTION, type Institution } from '../../../shared/institution.js';
import { localDate, localDateTime } from '../../../shared/local-date.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';
import { parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';

const digest = (png: Uint8Array) => createHash('sha256').update(png).digest('hex');

/** The profile for people and for --json: seals as their size and digest, never megabytes of base64. */
function printable(institution: Institution) {
  return {
    ...institution,
    offices: institution.offices.map(({ seal, ...o }) =>
      seal ? { ...o, seal: { bytes: seal.length, sha256: digest(seal) } } : o,
    ),
  };
}

function describe(i: Institution): string[] {
  return [
    `Name: ${i.name.zh} / ${i.name.en} (short: ${i.shortName.zh} / ${i.shortName.en})`,
    `Serial prefix: ${i.serialPrefix} (serials like ${i.serialPrefix}-${localDate(new Date(), i.timezone).slice(0, 4)}-000001)`,
    `Timezone: ${i.timezone}`,
    'Issuing offices:',
    ...i.offices.map(
      (o) =>
        `  ${o.id}: ${o.name.zh} / ${o.name.en}; seals ${o.kinds.length ? o.kinds.join(', ') : 'nothing'}; ${
          o.seal ? `seal image ${o.seal.length} bytes (sha256 ${digest(o.seal).slice(0, 16)}…)` : 'drawn seal'
        }`,
    ),
    `Contact: ${i.contact.zh} / ${i.contact.en}`,
    `Verification URL: ${i.verificationUrl}`,
  ];
}

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub !== 'set' && sub !== 'show')
    throw new UsageError('institution needs "set FILE.json" or "show" (estation central --help)');
  const { values, positionals } = parse(argv.slice(1), { ...STORE_OPTIONS, json: { type: 'boolean' } }, sub === 'set');
  const store = await openCentralStore(values);
  try {
    if (sub === 'set') {
      const file = positionals[0];
      if (!file || positionals.length > 1)
        throw new UsageError('institution set needs one profile file: estation central institution set FILE.json');
      let institution: Institution;
      try {
        institution = loadInstitutionFile(resolve(file));
      } catch (err) {
        if (!(err instanceof InstitutionFileError)) throw err;
        process.stderr.write(`${err.message}\nNothing was changed; fix the file and run the command again.\n`);
        return 1;
      }
      const version = await store.setInstitution(institution, osUser());
      printLines([`Institution profile version ${version} is now in force:`, ...describe(institution)]);
      return 0;
    }
    const current = await currentInstitution(store.sql);
    if (values.json) {
      printLines([
        JSON.stringify(
          current
            ? {
                version: current.version,
                setAt: current.setAt,
                setBy: current.setBy,
                institution: printable(current.institution),
                history: await institutionHistory(store.sql),
              }
            : { version: null, demo: true, institution: printable(DEMO_INSTITUTION), history: [] },
          null,
          2,
        ),
      ]);
      return 0;
    }
    printLines(
      current
        ? [
            `Institution profile version ${current.version}, set ${localDateTime(current.setAt, current.institution.timezone)} (${current.institution.timezone}) by ${current.setBy}:`,
            ...describe(current.institution),
            `Versions kept: ${(await institutionHistory(store.sql)).length}`,
          ]
        : [
            'No institution profile was set: central issues documents as the demo university. Set yours with',
            '"estation central institution set FILE.json" (docs/data.md, "Institution").',
            ...describe(DEMO_INSTITUTION),
          ],
    );
    return 0;
  } finally {
    await store.close();
  }
}
