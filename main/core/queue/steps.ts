/**
 * Named points in a job's life where a crash matters. The PrintRunner and the Outbox call an optional
 * `checkpoint(step)` hook at each one; production passes nothing. The crash test passes a hook that
 * kills the process there (SIGKILL), so every step is proven crash-safe, not just the lucky ones.
 */
export const QUEUE_STEPS = [
  /** About to ask central to authorize the job. */
  'authorize:sent',
  /** Central authorized the job (quota reserved, serial issued) but the kiosk has not recorded it. */
  'authorize:answered',
  /** `authorized` is committed. */
  'authorized',
  /** The PDF is rendered (in memory only), `rendered` committed. */
  'rendered',
  /** `submitted` is committed; the PDF has not reached the printer. */
  'submitted',
  /** The printer accepted the job; its printer-side id is not recorded yet. */
  'printer:accepted',
  /** The printer-side id is recorded. */
  'printer:recorded',
  /** `printed` and its queued report are committed. */
  'printed',
  /** A batch of jobs is marked `reported`; the request has not been sent. */
  'report:marked',
  /** Central counted the batch; the kiosk has not recorded its confirmations. */
  'report:answered',
  /** Central's confirmations are committed. */
  'report:confirmed',
] as const;

export type QueueStep = (typeof QUEUE_STEPS)[number];

/** Called at every QueueStep; must not throw (a test hook may end the process). */
export type Checkpoint = (step: QueueStep, jobIds: readonly string[]) => void;
