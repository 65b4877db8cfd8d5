/**
 * The station's side of a hold central could not make (issue #17): central answers the authorization 402
 * with `insufficient_balance`, `no_payment_account` or `payment_unavailable` and has undone it. The job
 * fails settled (nothing printed, no report owed, nothing for staff), and the printing screen says what
 * happened and what to do. Real station queue and SQLite; central's answer is the one
 * test/integration/payments/central-wiring.test.ts shows a real central giving.
 */
import { describe, expect, it } from 'vitest';
import { CentralClient, CentralRejectedError, type CentralApi } from '../../../main/core/central-client.js';
import { jobView } from '../../../main/core/session/job-view.js';
import { PAYMENT_REFUSALS } from '../../../shared/kiosk-errors.js';
import { TERMINAL, until, useQueueFixture } from '../queue/harness.js';

const q = useQueueFixture('hold', 'en');

/** Central as the station sees it, with the authorization refused the way central refuses an unpaid job. */
function refusingCentral(code: string): CentralApi {
  const client = new CentralClient({ baseUrl: q.central.url, token: q.central.tokens[TERMINAL]!, timeoutMs: 5000 });
  return {
    call: (route, body, options) =>
      route === 'authorizeJob'
        ? Promise.reject(new CentralRejectedError(402, code, 'The fee could not be taken from the campus card'))
        : client.call(route, body, options),
  };
}

const WHAT_TO_DO = {
  insufficient_balance: { en: /Please top up and print again/, zh: /请充值后再打印/ },
  no_payment_account: { en: /Please ask the card office/, zh: /校园卡服务中心开通/ },
  payment_unavailable: { en: /Please try again later/, zh: /请稍后再试/ },
};

describe('a paid job whose fee central could not hold', () => {
  it.each(PAYMENT_REFUSALS)(
    '%s: fails settled, nothing printed or charged, the student told what to do',
    async (code) => {
      const k = q.kiosk({ runner: { central: refusingCentral(code) } });
      const job = q.request(k);
      await until(async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'failed'), 'the job to fail');
      const failed = k.jobs.get(job.id);
      expect(k.printed(job.id)).toEqual([]);
      // Central holds nothing for it: no report to send, no flag for staff.
      expect(failed).toMatchObject({ serial: null, flag: null, last_error: `central refused: ${code}` });
      expect(failed.central_confirmed_at).not.toBeNull();
      const view = jobView(failed);
      expect(view.errorCode).toBe(code);
      expect(view.error!.en).toMatch(/nothing was printed or charged/);
      expect(view.error!.en).toMatch(WHAT_TO_DO[code].en);
      expect(view.error!.zh).toMatch(WHAT_TO_DO[code].zh);
    },
  );
});
