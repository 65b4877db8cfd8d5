/** A print job as the student's screen shows it, with what went wrong in words they can act on. */
import type { JobStatus } from '../../../shared/jobs.js';
import type { JobView } from '../../../shared/kiosk-api.js';
import { PAYMENT_REFUSALS, type KioskErrorCode, type PaymentRefusal } from '../../../shared/kiosk-errors.js';
import { PRINTED_STATES } from '../job-state.js';
import type { JobRow } from '../job-store.js';

const QUOTA_USED_UP = {
  zh: '本学期免费份数已用完，未打印',
  en: 'Your free copies for this term are used up; nothing was printed',
};
const RECORDS_CHANGED = {
  zh: '您的记录刚刚有更新，未打印，未扣除份数；请重新查看预览',
  en: 'Your records were just updated; nothing was printed or charged. Please look at the preview again',
};
/** Central could not hold the fee (issue #17): the job was never authorized, so nothing printed and nothing was charged. */
const PAYMENT_REFUSED: Record<PaymentRefusal, { zh: string; en: string }> = {
  insufficient_balance: {
    zh: '校园卡余额不足，未打印，未扣费；请充值后再打印',
    en: 'Not enough money on your campus card; nothing was printed or charged. Please top up and print again',
  },
  no_payment_account: {
    zh: '校园卡系统中没有您的账户，未打印，未扣费；请到校园卡服务中心开通',
    en: 'The campus card service has no account for you; nothing was printed or charged. Please ask the card office',
  },
  payment_unavailable: {
    zh: '校园卡支付系统暂时无响应，未打印，未扣费；请稍后再试',
    en: 'The campus card payment service did not answer; nothing was printed or charged. Please try again later',
  },
};
const NOT_COMPLETED = { zh: '打印未完成，请联系工作人员', en: 'Printing did not complete; please ask staff for help' };

/** The failure the student's screen explains with a notice of its own, if the job ended with one. */
export function jobErrorCode(job: Pick<JobRow, 'status' | 'last_error'>): KioskErrorCode | undefined {
  if (job.status !== 'failed') return undefined;
  if (job.last_error === 'central refused: records_changed') return 'records_changed';
  return PAYMENT_REFUSALS.find((c) => job.last_error === `central refused: ${c}`);
}

const ENDED_UNPRINTED: readonly JobStatus[] = ['failed', 'cancelled'];

/**
 * What the job costs the student: central's charge at authorization once it printed (central captures it
 * then), nothing when it ended unprinted (central releases the hold, or never made one), unknown meanwhile
 * and for a job staff must look at.
 */
export function jobCharge(job: Pick<JobRow, 'status' | 'charged_cents'>): number | null {
  if (PRINTED_STATES.includes(job.status)) return job.charged_cents;
  return ENDED_UNPRINTED.includes(job.status) ? 0 : null;
}

export function jobView(job: JobRow): JobView {
  const quota = job.status === 'failed' && /quota_used_up/.test(job.last_error ?? '');
  const code = jobErrorCode(job);
  const error = quota
    ? QUOTA_USED_UP
    : code === 'records_changed'
      ? RECORDS_CHANGED
      : code && code in PAYMENT_REFUSED
        ? PAYMENT_REFUSED[code as PaymentRefusal]
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
    chargedCents: jobCharge(job),
  };
}
