import { describeCupsdTrouble } from '../../helpers/cupsd.js';

/**
 * Polls until a condition holds (no fixed sleeps in tests). On a timeout the error names the last
 * answer and the last error lines of every private cupsd this process runs: a job that never ends is
 * usually one that cupsd stopped, and only its log says why.
 */
export async function until<T>(
  what: string,
  ask: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await ask();
    if (ok(last)) return last;
    if (Date.now() > deadline) {
      const trouble = await describeCupsdTrouble();
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}${trouble ? `\n${trouble}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
