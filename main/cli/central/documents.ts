/**
 * `estation central documents show SERIAL [--json]` and `estation central documents revoke SERIAL --reason
 * TEXT` (also `estation central revoke SERIAL --reason TEXT`): what central knows of an issued document
 * (its status, how often its verification page was viewed, its digests) and its revocation, recorded with
 * who ran it (the operating-system account) and when (docs/central.md "Verification").
 */
import { documentBySerial, RevocationRefused, revokeDocument } from '../../../central/store/document-verification.js';
import { institutionTimeZone } from '../../../central/store/institution.js';
import { localDateTime } from '../../../shared/local-date.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';
import { parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub === 'show') return show(argv.slice(1));
  if (sub === 'revoke') return revoke(argv.slice(1));
  throw new UsageError(
    `documents needs "show SERIAL" or "revoke SERIAL --reason TEXT"${sub ? `, not "${sub}"` : ''} (estation central --help shows both)`,
  );
}

function serialOf(positionals: string[], command: string): string {
  const serial = positionals[0];
  if (!serial || positionals.length > 1) throw new UsageError(`${command} needs one document serial (DU-2026-000123)`);
  return serial;
}

export async function revoke(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...STORE_OPTIONS, reason: { type: 'string' } }, true);
  const serial = serialOf(positionals, 'revoke');
  if (!values.reason?.trim())
    throw new UsageError(
      'revoke needs --reason TEXT: why the document is revoked (lost, issued in error); the verification page shows it',
    );
  const store = await openCentralStore(values);
  try {
    const done = await revokeDocument(store.sql, serial, values.reason, osUser(), new Date().toISOString());
    printLines([
      `Document ${done.serial} is revoked: its verification page now says "revoked" with the reason "${values.reason.trim()}".`,
    ]);
    return 0;
  } catch (err) {
    if (!(err instanceof RevocationRefused)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  } finally {
    void store.close();
  }
}

async function show(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...STORE_OPTIONS, json: { type: 'boolean' } }, true);
  const serial = serialOf(positionals, 'documents show');
  const store = await openCentralStore(values);
  try {
    const d = await documentBySerial(store.sql, serial);
    if (!d) {
      process.stderr.write(
        `No document has the serial ${serial}: check it against the paper (it looks like DU-2026-000123).\n`,
      );
      return 1;
    }
    const facts = {
      serial: d.serial,
      kind: d.kind as string,
      language: d.language as string,
      status: d.status as string,
      terminal: d.terminal_id as string,
      issuedAt: d.issued_at as string,
      verificationCode: d.verification_code as string,
      viewCount: d.view_count as number,
      lastViewedAt: (d.last_viewed_at as string | null) ?? null,
      revoked: d.revoked_at
        ? { at: d.revoked_at as string, by: d.revoked_by as string, reason: d.revoked_reason as string }
        : null,
      reprintedAs: (d.reprinted_as as string | null) ?? null,
      // Who made a staff reprint and why (issue #12, finding 7): from the staff grant central checked.
      reprint: d.reprint_of
        ? {
            of: d.reprint_of as string,
            staff: (d.reprint_staff_id as string | null) ?? null,
            reason: (d.reprint_reason as string | null) ?? null,
          }
        : null,
      snapshotKept: d.snapshot !== null,
      dataDigest: (d.data_digest as string | null) ?? null,
      fileSha256: (d.file_sha256 as string | null) ?? null,
    };
    if (values.json) {
      printLines([JSON.stringify(facts, null, 2)]);
      return 0;
    }
    const tz = await institutionTimeZone(store.sql);
    const at = (iso: string) => `${localDateTime(iso, tz).slice(0, 16)} (${tz})`;
    printLines([
      `${facts.serial}  ${facts.kind} (${facts.language}), ${facts.status}, issued ${at(facts.issuedAt)} at ${facts.terminal}`,
      `Verification code ${facts.verificationCode}: viewed ${facts.viewCount} time${facts.viewCount === 1 ? '' : 's'}${facts.lastViewedAt ? `, last ${at(facts.lastViewedAt)}` : ''}.`,
      facts.revoked
        ? `Revoked ${at(facts.revoked.at)} by ${facts.revoked.by}: ${facts.revoked.reason}`
        : 'Not revoked.',
      ...(facts.reprintedAs ? [`Reprinted as job ${facts.reprintedAs}.`] : []),
      ...(facts.reprint
        ? [
            facts.reprint.staff
              ? `Staff reprint of job ${facts.reprint.of}, by staff ${facts.reprint.staff}: ${facts.reprint.reason}.`
              : `Staff reprint of job ${facts.reprint.of} (made before central recorded who and why).`,
          ]
        : []),
      facts.snapshotKept
        ? `Certified content kept (data digest ${facts.dataDigest}); printed file ${facts.fileSha256 ?? 'not reported'}.`
        : 'No certified content kept (issued before central kept snapshots).',
    ]);
    return 0;
  } finally {
    void store.close();
  }
}
