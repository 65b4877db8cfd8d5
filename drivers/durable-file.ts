/**
 * Durable file writes for everything the kiosk keeps outside SQLite (saved settings, the signing key,
 * installed templates, the file printer's output): a power cut leaves the old content or the new,
 * never an empty or half-written file.
 *
 * `writeFileDurable` writes a scratch file in the same folder (created exclusively), fsyncs it, renames
 * it over the target and fsyncs the folder, so the rename itself survives. Without the fsyncs a
 * journaling file system may commit the rename before the data: after a power cut the file is there,
 * and empty. Here because every Node-side layer may import drivers/ (shared/ has no Node).
 */
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The file-system calls used here (tests pass their own to count fsyncs and inject failures). */
export interface DurableFs {
  openSync: (path: string, flags: string, mode?: number) => number;
  writeFileSync: (fd: number, data: string | Uint8Array) => void;
  fsyncSync: (fd: number) => void;
  closeSync: (fd: number) => void;
  renameSync: (from: string, to: string) => void;
  rmSync: (path: string, options: { force: true }) => void;
  readdirSync: (path: string, options: { withFileTypes: true }) => nodeFs.Dirent[];
}

export const nodeDurableFs: DurableFs = nodeFs;

/**
 * Writes `data` to `file` atomically and durably: afterwards `file` holds the new content even after a
 * power cut; if this throws, `file` is unchanged and no scratch file is left behind.
 */
export function writeFileDurable(
  file: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
  fs: DurableFs = nodeDurableFs,
): void {
  const dir = dirname(file);
  const scratch = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = fs.openSync(scratch, 'wx', options.mode ?? 0o666);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(scratch, file);
  } catch (err) {
    if (fd !== null) closeQuietly(fd, fs);
    removeQuietly(scratch, fs);
    throw err;
  }
  fsyncDir(dir, fs);
}

/**
 * Makes a folder's entries (files created, renamed or removed in it) durable. Skipped on Windows,
 * where Node cannot open a folder (NTFS journals its metadata), and on file systems that refuse to
 * sync a folder (EINVAL).
 */
export function fsyncDir(dir: string, fs: DurableFs = nodeDurableFs): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/** Fsyncs every file and folder below `dir`, and `dir` itself (a folder about to be renamed into place). */
export function fsyncTree(dir: string, fs: DurableFs = nodeDurableFs): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path, fs);
    else if (entry.isFile()) {
      const fd = fs.openSync(path, 'r+'); // Windows flushes only a handle opened for writing
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  fsyncDir(dir, fs);
}

function closeQuietly(fd: number, fs: DurableFs): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already failing: the first error is the one to report.
  }
}

function removeQuietly(path: string, fs: DurableFs): void {
  try {
    fs.rmSync(path, { force: true });
  } catch {
    // A scratch file that cannot be removed is harmless: it never has the target's name.
  }
}
