/**
 * A print job that needs attention at a real demo station: a student's session, a job the simulated
 * printer loses, and the printer back to normal. How tests get a job for staff to settle.
 */
import { findSimulatedReader } from '../../drivers/card-reader/index.js';
import type { HostedKiosk } from '../../main/cli/hosted-kiosk.js';
import { waitFor } from './pty.js';

/** Taps `card` on the simulated reader after ending any session, and waits for the session `state`. */
export async function tapCard(k: HostedKiosk, card: string, state: string): Promise<void> {
  k.core.endSession();
  findSimulatedReader(k.readers)!.swipe(card);
  await waitFor(() => k.core.getSession().state === state, `the session to be ${state}`);
}

/** A job of the demo's first student that the printer lost, now `needs_attention`; the student is still signed in. */
export async function lostJob(k: HostedKiosk): Promise<string> {
  const student = k.central!.people.find((p) => p.role === 'student')!;
  await tapCard(k, student.card, 'active');
  await k.core.simulateFaults({ printer: 'job-lost' });
  const lost = (
    await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'enrollment', language: 'zh', copies: 1 }],
    })
  ).jobs[0]!.jobId;
  await waitFor(() => k.jobs.get(lost).status === 'needs_attention', 'the lost job to need attention', 60_000);
  await k.core.simulateFaults({ printer: 'ok' });
  return lost;
}
