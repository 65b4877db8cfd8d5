/**
 * The bearer token central sends to the campus-card service. Read from a file so it never appears on a
 * command line (where `ps` shows it to every local user); a file that does not exist yet gets a new random
 * token, written 0600 (its folder, when it has to be made, 0700).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { privateFiles } from '../lib/private-files.js';

export class TokenFileError extends Error {
  override name = 'TokenFileError';
}

/** The token in `file`, made (and written there) when the file does not exist. */
export function readOrCreateToken(file: string): { token: string; created: boolean } {
  if (!existsSync(file)) {
    // A missing folder is made 0700; an existing one (the admin's choice, /etc/..., even /tmp) is left as it is.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const token = randomBytes(32).toString('base64url');
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return { token, created: true };
  }
  privateFiles([file]);
  const token = readFileSync(file, 'utf8').trim();
  if (!/^[\x21-\x7e]{16,512}$/.test(token))
    throw new TokenFileError(
      `${file} does not hold a token (16 to 512 printable characters, no spaces): delete it to have a new one made, or write the token central uses into it`,
    );
  return { token, created: false };
}
