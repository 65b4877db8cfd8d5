/**
 * Files that hold people's records, PIN hashes or keys are for the service's own user only: folders
 * 0700, files 0600, made so at creation and put right at start when found wider (an older version, a
 * copy, a restore from backup). Every local user of a kiosk machine can otherwise read them.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

/** Creates `dir` (and its parents) if needed; `dir` itself ends up 0700 (parents are left as they are). */
export function privateDir(dir: string, chmod: typeof chmodSync = chmodSync): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  narrow(dir, 0o700, chmod);
}

/** Makes each existing file of `files` 0600 when it is wider (group or others may read or write it). */
export function privateFiles(files: readonly string[], chmod: typeof chmodSync = chmodSync): void {
  for (const f of files) if (existsSync(f)) narrow(f, 0o600, chmod);
}

function narrow(path: string, mode: number, chmod: typeof chmodSync): void {
  // Only group and others matter: a mode the owner chose for themselves (0400) is kept.
  if ((statSync(path).mode & 0o077) !== 0) chmod(path, mode);
}
