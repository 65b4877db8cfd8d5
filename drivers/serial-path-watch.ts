/**
 * Watches the device path of an open serial port, for the unplugs that serialport does not report.
 *
 * When a USB-serial adapter (or a pty) goes away, the hangup can reach serialport's Linux binding as
 * "data available" rather than as an error; its reads then return 0 bytes and @serialport/bindings-cpp
 * retries them for ever (unix-read.js, `bytesRead === 0`), so `close` is never emitted and the process
 * spins: serialport/bindings-cpp#162 (the fix, #164, was closed unmerged). A path that is gone, or now
 * names another device than the one opened, is therefore a disconnect; closing the port ends the
 * binding's read loop. Used by the card reader and the ESC/POS receipt printer's serial link.
 */
import { stat as fsStat } from 'node:fs/promises';

/** The part of fs.promises.stat the watch uses: rejects with code ENOENT when the path is gone. */
export type StatPath = (path: string) => Promise<{ dev: number; ino: number; rdev: number }>;

/** Twice a second; off on Windows, where COM ports are not files. */
export const DEFAULT_PATH_CHECK_MS = process.platform === 'win32' ? 0 : 500;

export interface PathWatchOptions {
  /** Interval of the checks; 0 turns them off. */
  everyMs?: number;
  stat?: StatPath;
  /** Called (at most once) with why the device counts as gone. */
  onGone: (why: string) => void;
}

/** Starts checking `path` (first check at once, to learn which device it names); returns a stop function. */
export function watchDevicePath(
  path: string,
  { everyMs = DEFAULT_PATH_CHECK_MS, stat = fsStat, onGone }: PathWatchOptions,
): () => void {
  if (everyMs <= 0) return () => {};
  let opened: string | undefined; // dev:ino:rdev at the first check, right after open
  let checking = false;
  let stopped = false;
  const gone = (why: string) => {
    if (stopped) return;
    stop();
    onGone(why);
  };
  const check = async () => {
    if (checking || stopped) return;
    checking = true;
    try {
      const st = await stat(path);
      const identity = `${st.dev}:${st.ino}:${st.rdev}`;
      opened ??= identity;
      if (identity !== opened) gone('the path now names another device');
    } catch (err) {
      // Only a missing path is a disconnect: an unreadable one (EACCES, ...) says nothing about the device.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') gone('the device file is gone');
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  function stop() {
    stopped = true;
    clearInterval(timer);
  }
  void check();
  return stop;
}
