/**
 * The `campus-card` payment provider: central's client of a campus-card service that speaks the API of
 * shared/campus-card-api.ts (the reference service is campus-card/, `estation campus-card serve`; a
 * university whose vendor speaks something else writes its own adapter of provider.ts).
 *
 * Each attempt has a timeout; an attempt that times out, loses its connection or gets a 5xx is tried again
 * with the same job id, which the service keys its holds by, so a retry never makes a second hold or a
 * second capture. A 4xx is the service's decision (no money, no such job, a wrong token) and is not
 * retried. Every answer is checked against the schema and against the call (its job, person, amount and
 * state): a service that answers something else gets ProviderAnswerInvalidError, and central acts on none of it.
 */
import type { z } from 'zod';
import {
  AccountAnswer,
  ErrorAnswer,
  HoldAnswer,
  StatementAnswer,
  type HoldState,
} from '../../shared/campus-card-api.js';
import {
  InsufficientBalanceError,
  PaymentConflictError,
  ProviderAnswerInvalidError,
  ProviderRefusedError,
  ProviderUnavailableError,
  UnknownAccountError,
  UnknownJobError,
} from './errors.js';
import type { Balance, PaymentJob, PaymentProvider, PaymentRecord, StatementEntry } from './provider.js';

export interface CampusCardClientOptions {
  /** The service's address, e.g. http://127.0.0.1:8700. */
  url: string;
  /** The bearer token (the service's token file). */
  token: string;
  /** How long one attempt waits for its answer. Default 5000 ms. */
  timeoutMs?: number;
  /** Attempts per call, the first included. Default 4. */
  attempts?: number;
  /** The wait before the first retry, doubled before each next one. Default 250 ms. */
  retryDelayMs?: number;
}

type Answer<T> = { ok: true; body: T } | { ok: false; status: number; error: ErrorAnswer };

export class CampusCardProvider implements PaymentProvider {
  readonly name = 'campus-card';
  readonly charges = true;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;

  constructor(private readonly options: CampusCardClientOptions) {
    if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol))
      throw new TypeError(`campus-card: "${options.url}" is not an http(s) address; give e.g. http://127.0.0.1:8700`);
    this.base = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  async balance(person: string): Promise<Balance> {
    const a = await this.call('GET', `/v1/accounts/${enc(person)}`, undefined, AccountAnswer);
    if (!a.ok) throw this.refusal(a, { person });
    const { body } = a;
    if (body.person !== person) throw this.lie(`asked for ${person}'s balance, it answered ${body.person}'s`);
    if (body.availableCents !== body.balanceCents - body.heldCents)
      throw this.lie(
        `${person}: available ${body.availableCents} is not balance ${body.balanceCents} less held ${body.heldCents}`,
      );
    return { person, availableCents: body.availableCents, balanceCents: body.balanceCents };
  }

  async hold(job: PaymentJob): Promise<PaymentRecord> {
    const a = await this.call(
      'PUT',
      `/v1/holds/${enc(job.jobId)}`,
      { person: job.person, amountCents: job.amountCents },
      HoldAnswer,
    );
    // A hold answered as captured or refunded was made before (this is a repeat): it happened.
    return this.settled(job, a, ['held', 'captured', 'refunded'], 'held');
  }

  async capture(job: PaymentJob): Promise<PaymentRecord> {
    const a = await this.call('POST', `/v1/holds/${enc(job.jobId)}/capture`, {}, HoldAnswer);
    return this.settled(job, a, ['captured', 'refunded'], 'captured');
  }

  async release(job: PaymentJob): Promise<PaymentRecord> {
    const a = await this.call('POST', `/v1/holds/${enc(job.jobId)}/release`, {}, HoldAnswer);
    return this.settled(job, a, ['released'], 'released');
  }

  async refund(job: PaymentJob, reason: string, by: string): Promise<PaymentRecord> {
    const a = await this.call('POST', `/v1/holds/${enc(job.jobId)}/refund`, { reason, by }, HoldAnswer);
    return this.settled(job, a, ['refunded'], 'refunded');
  }

  async status(jobId: string): Promise<PaymentRecord | null> {
    const a = await this.call('GET', `/v1/holds/${enc(jobId)}`, undefined, HoldAnswer);
    if (!a.ok) {
      if (a.error.error === 'unknown_job') return null;
      throw this.refusal(a, { jobId });
    }
    if (a.body.job !== jobId) throw this.lie(`asked for job ${jobId}, it answered job ${a.body.job}`);
    return record(a.body);
  }

  async statement(date: string): Promise<StatementEntry[]> {
    const a = await this.call('GET', `/v1/statements/${enc(date)}`, undefined, StatementAnswer);
    if (!a.ok) throw this.refusal(a, {});
    if (a.body.date !== date) throw this.lie(`asked for the statement of ${date}, it answered ${a.body.date}'s`);
    const from = Date.parse(`${date}T00:00:00.000Z`);
    for (const m of a.body.movements) {
      const at = Date.parse(m.at);
      if (at < from || at >= from + 86_400_000) throw this.lie(`movement ${m.reference} at ${m.at} is not of ${date}`);
    }
    return a.body.movements.map((m) => ({
      reference: m.reference,
      at: m.at,
      kind: m.kind,
      person: m.person,
      jobId: m.job,
      amountCents: m.amountCents,
    }));
  }

  /** Checks a money call's answer against the call; maps the service's refusals to errors.ts. */
  private settled(job: PaymentJob, a: Answer<HoldAnswer>, accepted: HoldState[], wanted: HoldState): PaymentRecord {
    if (!a.ok) throw this.refusal(a, job);
    const h = a.body;
    if (h.job !== job.jobId) throw this.lie(`asked about job ${job.jobId}, it answered about job ${h.job}`);
    if (h.person !== job.person) throw this.lie(`job ${job.jobId} is ${job.person}'s, it answered ${h.person}`);
    if (h.amountCents !== job.amountCents)
      throw this.lie(`job ${job.jobId} is for ${job.amountCents} fen, it answered ${h.amountCents} fen`);
    if (!accepted.includes(h.state)) {
      // released when a hold was asked for: the job's hold was given back earlier, and a job is held once.
      if (h.state === 'released' && wanted === 'held')
        throw new PaymentConflictError(
          job.jobId,
          'its hold was released before and a job is held only once: the student prints it as a new request',
        );
      throw this.lie(`job ${job.jobId} should be ${wanted}, it answered ${h.state}`);
    }
    return record(h);
  }

  private refusal(a: Extract<Answer<unknown>, { ok: false }>, ctx: { person?: string; jobId?: string }): Error {
    const { error } = a;
    switch (error.error) {
      case 'insufficient_balance':
        return new InsufficientBalanceError(ctx.person ?? '', error.availableCents ?? 0, error.neededCents ?? 0);
      case 'unknown_account':
        return new UnknownAccountError(ctx.person ?? '');
      case 'unknown_job':
        return new UnknownJobError(ctx.jobId ?? '');
      case 'job_conflict':
        return new PaymentConflictError(ctx.jobId ?? '', error.message);
      default:
        return new ProviderRefusedError(this.base, a.status, error.message);
    }
  }

  private lie(detail: string) {
    return new ProviderAnswerInvalidError(this.base, detail);
  }

  /**
   * One call, tried up to `attempts` times while the service does not answer or answers 5xx. Answers
   * 2xx (checked against `schema`) or the service's 4xx error.
   */
  private async call<S extends z.ZodType>(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<Answer<z.infer<S>>> {
    let last = '';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, this.retryDelayMs * 2 ** (attempt - 2)));
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        last =
          (err as Error).name === 'TimeoutError'
            ? `no answer within ${this.timeoutMs} ms`
            : `${describeNetworkError(err)} at ${this.base}`;
        continue;
      }
      if (res.status >= 500) {
        last = `HTTP ${res.status} ${text.slice(0, 200)}`;
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw this.lie(`${method} ${path} answered HTTP ${res.status} with something that is not JSON`);
      }
      if (res.ok) {
        const parsed = schema.safeParse(json);
        if (!parsed.success)
          throw this.lie(
            `${method} ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ')}`,
          );
        return { ok: true, body: parsed.data };
      }
      const error = ErrorAnswer.safeParse(json);
      return {
        ok: false,
        status: res.status,
        error: error.success ? error.data : { error: 'unknown', message: text.slice(0, 200) },
      };
    }
    throw new ProviderUnavailableError(this.base, `${last} (${this.attempts} tries)`);
  }
}

const enc = encodeURIComponent;

const record = (h: HoldAnswer): PaymentRecord => ({
  jobId: h.job,
  person: h.person,
  amountCents: h.amountCents,
  state: h.state,
  reference: h.reference,
});

/** undici puts the reason (ECONNREFUSED, "other side closed") in the cause of its "fetch failed". */
function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is the service running?)';
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
