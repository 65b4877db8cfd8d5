/**
 * Status events for any printer: asks status() every `intervalMs` and calls `onChange` when the answer
 * differs from the last one (and once at the start). One request at a time; a slow printer delays the
 * next poll instead of piling requests up.
 */
import type { Printer, PrinterStatus } from './types.js';

export interface StatusWatch {
  /** The last status seen, or null before the first answer. */
  readonly current: PrinterStatus | null;
  /** Asks now, outside the schedule (e.g. right before a preflight), and reports a change as usual. */
  refresh(): Promise<PrinterStatus>;
  stop(): void;
}

export function watchPrinterStatus(
  printer: Printer,
  intervalMs: number,
  onChange: (status: PrinterStatus) => void,
): StatusWatch {
  let current: PrinterStatus | null = null;
  let last = '';
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<PrinterStatus> | null = null;

  const ask = (): Promise<PrinterStatus> => {
    inFlight ??= printer
      .status()
      .then((s) => {
        current = s;
        const key = JSON.stringify(s);
        if (key !== last && !stopped) {
          last = key;
          onChange(s);
        }
        return s;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  const loop = () => {
    if (stopped) return;
    void ask()
      .catch(() => {})
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
        timer?.unref();
      });
  };
  loop();
  return {
    get current() {
      return current;
    },
    refresh: ask,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
