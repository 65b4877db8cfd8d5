/**
 * Station signing keys (issue #15; docs/central.md "Verification"): a station registers the public half
 * of the key that signs its documents' QR payloads over its authenticated channel, and the verification
 * page accepts that key's signatures at once. A key is revoked, never deleted: documents central issued
 * before the revocation stay valid, later ones fail.
 */
import type { Sql } from '../../lib/sql/types.js';
import { createPublicKey } from 'node:crypto';
import { keyIdOf } from '../../lib/verification.js';

export interface SigningKey {
  keyId: string;
  publicKey: string;
  terminalId: string;
  registeredAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  revokedBy: string | null;
}

export class SigningKeyRefused extends Error {
  override name = 'SigningKeyRefused';
  constructor(
    readonly code: 'invalid_key' | 'key_of_other_terminal' | 'unknown_key' | 'already_revoked' | 'no_reason',
    message: string,
  ) {
    super(message);
  }
}

/** The key's SPKI PEM and id, or SigningKeyRefused when it is not an Ed25519 public key. */
function readKey(pem: string): { keyId: string; publicKey: string } {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
    return { keyId: keyIdOf(key), publicKey: key.export({ type: 'spki', format: 'pem' }) as string };
  } catch (err) {
    throw new SigningKeyRefused(
      'invalid_key',
      `This is not an Ed25519 public key in PEM (${(err as Error).message.slice(0, 100)}); send the station's public signing key.`,
    );
  }
}

const toKey = (r: Record<string, unknown>): SigningKey => ({
  keyId: r.key_id as string,
  publicKey: r.public_key as string,
  terminalId: r.terminal_id as string,
  registeredAt: r.registered_at as string,
  revokedAt: (r.revoked_at as string | null) ?? null,
  revokedReason: (r.revoked_reason as string | null) ?? null,
  revokedBy: (r.revoked_by as string | null) ?? null,
});

/**
 * The stations' signing keys, as the store holds them (`store.signingKeys`): a topic with its own store
 * object, so a new call on keys is written here and in its route, with no change to SqlCentralStore.
 */
export class SigningKeys {
  constructor(
    private readonly sql: Sql,
    private readonly now: () => Date,
  ) {}

  /**
   * Registers a terminal's key. The same key from the same terminal again is a no-op (the first
   * registration is answered); a key another terminal registered is refused: a terminal may not claim
   * documents signed elsewhere. Throws SigningKeyRefused.
   */
  async register(terminalId: string, pem: string): Promise<{ keyId: string; registeredAt: string }> {
    const { keyId, publicKey } = readKey(pem);
    const at = this.now().toISOString();
    return this.sql.transaction(async (db) => {
      const existing = await keyRow(db, keyId);
      if (existing) {
        const k = toKey(existing);
        if (k.terminalId !== terminalId)
          throw new SigningKeyRefused(
            'key_of_other_terminal',
            `The key ${keyId} is registered by terminal ${k.terminalId}; each station signs with its own key (generate a new one).`,
          );
        return { keyId, registeredAt: k.registeredAt };
      }
      await db.run('INSERT INTO signing_keys (key_id, public_key, terminal_id, registered_at) VALUES (?, ?, ?, ?)', [
        keyId,
        publicKey,
        terminalId,
        at,
      ]);
      return { keyId, registeredAt: at };
    });
  }

  /** Every registered key, revoked ones too, oldest first. */
  async all(): Promise<SigningKey[]> {
    const rows = (await this.sql.all('SELECT * FROM signing_keys ORDER BY registered_at, key_id')) as Record<
      string,
      unknown
    >[];
    return rows.map(toKey);
  }

  /**
   * Revokes a key now, saying who and why: documents it signs from now on fail verification, earlier
   * ones stay valid. Throws SigningKeyRefused (no reason, an unknown key, one already revoked).
   */
  async revoke(keyId: string, reason: string, by: string): Promise<SigningKey> {
    const why = reason.trim().slice(0, 300);
    if (!why) throw new SigningKeyRefused('no_reason', 'Give the reason for the revocation (--reason TEXT).');
    const at = this.now().toISOString();
    return this.sql.transaction(async (db) => {
      const row = await keyRow(db, keyId);
      if (!row)
        throw new SigningKeyRefused(
          'unknown_key',
          `No station key has the id ${keyId}: estation central keys list shows the registered keys.`,
        );
      const k = toKey(row);
      if (k.revokedAt)
        throw new SigningKeyRefused(
          'already_revoked',
          `The key ${keyId} was already revoked on ${k.revokedAt} by ${k.revokedBy}: "${k.revokedReason}". Nothing was changed.`,
        );
      await db.run('UPDATE signing_keys SET revoked_at = ?, revoked_reason = ?, revoked_by = ? WHERE key_id = ?', [
        at,
        why,
        by,
        keyId,
      ]);
      return { ...k, revokedAt: at, revokedReason: why, revokedBy: by };
    });
  }
}

async function keyRow(db: Sql, keyId: string): Promise<Record<string, unknown> | undefined> {
  return (await db.get('SELECT * FROM signing_keys WHERE key_id = ?', [keyId])) as Record<string, unknown> | undefined;
}
