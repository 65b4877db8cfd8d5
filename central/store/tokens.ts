/**
 * Secret tokens that central issues to terminals and admins.
 *
 * A prefix names the kind (as GitHub's `ghp_` does), which lets secret scanners and people tell them
 * apart, and it keeps a token from starting with "-": base64url has "-" in its alphabet, and a
 * value that starts with it reads as a flag on a command line (`--admin-token -abc…`).
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = { terminal: 'estt_', admin: 'esta_' } as const;

export type TokenKind = keyof typeof PREFIX;

export function newSecretToken(kind: TokenKind, bytes: Buffer = randomBytes(24)): string {
  return PREFIX[kind] + bytes.toString('base64url');
}

/** What central stores of a token: its SHA-256, never the token (a copy of the database opens no station). */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
