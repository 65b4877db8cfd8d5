/** A print job as the student's screen shows it, with what went wrong in words they can act on. */
import type { JobView } from '../../../shared/kiosk-api.js';
import type { KioskErrorCode } from '../../../shared/kiosk-errors.js';
import type { JobRow } from '../job-store.js';

const QUOTA_USED_UP = {
  zh: '本学期免费份数已用完，未打印',
  en: 'Your free copies for this term are used up; nothing was printed',
};
const RECORDS_CHANGED = {
  zh: '您的记录刚刚有更新，未打印，未扣除份数；请重新查看预览',
  en: 'Your records were just updated; nothing was printed or charged. Please look at the preview again',
};
const NOT_COMPLETED = { zh: '打印未完成，请联系工作人员', en: 'Printing did not complete; please ask staff for help' };

/** The failure the student's screen explains with a notice of its own, if the job ended with one. */
export function jobErrorCode(job: Pick<JobRow, 'status' | 'last_error'>): KioskErrorCode | undefined {
  return job.status === 'failed' && job.last_error === 'central refused: records_changed'
    ? 'records_changed'
    : undefined;
}

export function jobView(job: JobRow): JobView {
  const quota = job.status === 'failed' && /quota_used_up/.test(job.last_error ?? '');
  const code = jobErrorCode(job);
  const error = quota
    ? QUOTA_USED_UP
    : code === 'records_changed'
      ? RECORDS_CHANGED
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
    ...(code ? { errorCode: code } : {}),
  };
}
