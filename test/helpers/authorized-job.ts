/**
 * A queued print job authorized at central straight through the store, as a station before issue #15
 * did it (no digest of the previewed data, so central snapshots its records unchecked): how a test puts
 * a job partway through its life, e.g. as a restart finds it.
 */
import type { CentralStore } from '../../central/store/types.js';
import type { JobRow, JobStore } from '../../main/core/job-store.js';
import type { AuthorizeResponse } from '../../shared/central-api.js';
import type { DocumentKind, Language } from '../../shared/domain.js';

/** Central's authorization of `job` as the station requested it (its terminal, person, document, copies). */
export function authorizeAtCentral(store: Pick<CentralStore, 'authorize'>, job: JobRow): Promise<AuthorizeResponse> {
  return store.authorize(job.terminal_id, {
    jobId: job.id,
    personId: job.person_id,
    kind: job.kind,
    language: job.language,
    copies: job.copies,
  });
}

/** The job authorized at central and recorded `authorized` at the station with central's serial and code. */
export async function authorizeJob(
  store: Pick<CentralStore, 'authorize'>,
  jobs: JobStore,
  job: JobRow,
): Promise<AuthorizeResponse> {
  const auth = await authorizeAtCentral(store, job);
  jobs.transition(job.id, 'authorized', null, { serial: auth.serial, verification_code: auth.verificationCode });
  return auth;
}

/**
 * A document authorized at central and reported printed there, as a station does it: for tests of what
 * central counts, reports and audits afterwards.
 */
export async function printedAtCentral(
  store: Pick<CentralStore, 'authorize' | 'report'>,
  terminalId: string,
  job: { jobId: string; personId: string; kind: DocumentKind; language: Language; copies: number },
  printed: { pages: number; finishedAt?: string },
): Promise<AuthorizeResponse> {
  const auth = await store.authorize(terminalId, job);
  await store.report(terminalId, [
    {
      jobId: job.jobId,
      serial: auth.serial,
      outcome: 'printed',
      pages: printed.pages,
      copies: job.copies,
      finishedAt: printed.finishedAt ?? new Date().toISOString(),
    },
  ]);
  return auth;
}
