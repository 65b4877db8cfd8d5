/**
 * `estation central keys list [--json]` and `estation central keys revoke KEYID --reason TEXT`: the station
 * signing keys registered with central (central/store/signing-keys.ts). A revoked key stays listed:
 * documents central issued before its revocation stay valid, later ones fail (docs/central.md "Verification").
 */
import { SigningKeyRefused } from '../../../central/store/signing-keys.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';
import { parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub === 'list') return list(argv.slice(1));
  if (sub === 'revoke') return revoke(argv.slice(1));
  throw new UsageError(
    `keys needs "list" or "revoke KEYID --reason TEXT"${sub ? `, not "${sub}"` : ''} (estation central --help shows both)`,
  );
}

async function list(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...STORE_OPTIONS, json: { type: 'boolean' } });
  const store = await openCentralStore(values);
  try {
    const keys = await store.signingKeys.all();
    if (values.json) {
      printLines([
        JSON.stringify(
          keys.map(({ publicKey: _pem, ...k }) => k),
          null,
          2,
        ),
      ]);
      return 0;
    }
    if (!keys.length) {
      printLines(['No station has registered a signing key yet (stations register theirs when they start).']);
      return 0;
    }
    printLines(
      keys.map(
        (k) =>
          `${k.keyId}  terminal ${k.terminalId}, registered ${k.registeredAt}${k.revokedAt ? `, REVOKED ${k.revokedAt} by ${k.revokedBy}: ${k.revokedReason}` : ''}`,
      ),
    );
    return 0;
  } finally {
    void store.close();
  }
}

async function revoke(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...STORE_OPTIONS, reason: { type: 'string' } }, true);
  const keyId = positionals[0];
  if (!keyId || positionals.length > 1)
    throw new UsageError('keys revoke needs one key id (estation central keys list shows them)');
  if (!values.reason?.trim())
    throw new UsageError('keys revoke needs --reason TEXT: why the key is revoked (station stolen, key leaked)');
  const store = await openCentralStore(values);
  try {
    const k = await store.signingKeys.revoke(keyId, values.reason, osUser());
    printLines([
      `Key ${k.keyId} of terminal ${k.terminalId} is revoked: documents issued from now on with it fail verification; those issued before stay valid.`,
    ]);
    return 0;
  } catch (err) {
    if (!(err instanceof SigningKeyRefused)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  } finally {
    void store.close();
  }
}
