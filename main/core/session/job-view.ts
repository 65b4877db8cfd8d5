/** A print job as the student's screen shows it, with what went wrong in words they can act on. */
import type { JobView } from '../../../shared/kiosk-api.js';
import type { JobRow } from '../job-store.js';

const QUOTA_USED_UP = {
  zh: '本学期免费份数已用完，未打印',
  en: 'Your free copies for this term are used up; nothing was printed',
};
const NOT_COMPLETED = { zh: '打印未完成，请联系工作人员', en: 'Printing did not complete; please ask staff for help' };

export function jobView(job: JobRow): JobView {
  const quota = job.status === 'failed' && /quota_used_up/.test(job.last_error ?? '');
  const error = quota
    ? QUOTA_USED_UP
    : job.status === 'failed' || job.status === 'needs_attention'
      ? NOT_COMPLETED
      : null;
  return {
    jobId: job.id,
    kind: job.kind,
    language: job.language,
    copies: job.copies,
    status: job.status,
    serial: job.serial,
    error,
  };
}
