/**
 * The `free` payment provider, the default for a university that charges nothing: every fee is shown as
 * free (免费), nobody has a balance, and no call moves money. Its money calls still answer (with amount 0
 * and a reference naming the job), so central's wiring runs the same way whichever provider is configured.
 */
import type { PaymentJob, PaymentProvider, PaymentRecord, PaymentState } from './provider.js';

const record = (job: PaymentJob, state: PaymentState): PaymentRecord => ({
  jobId: job.jobId,
  person: job.person,
  amountCents: 0,
  state,
  reference: `free:${job.jobId}`,
});

export const freeProvider: PaymentProvider = {
  name: 'free',
  charges: false,
  balance: async () => null,
  hold: async (job) => record(job, 'held'),
  capture: async (job) => record(job, 'captured'),
  release: async (job) => record(job, 'released'),
  refund: async (job) => record(job, 'refunded'),
  status: async () => null,
  statement: async () => [],
};
