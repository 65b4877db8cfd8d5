/**
 * The kiosk's client for the central API. Every answer is validated against the shared contract:
 * a central server that is down, slow or lying produces a named error, never a crash or a guess.
 */
import type { z } from 'zod';
import { centralRoutes, ErrorBody, type CentralRouteName, type CentralRoutes } from '../../shared/central-api.js';

/** Central could not be reached, timed out or failed (5xx). Safe to retry later. */
export class CentralUnavailableError extends Error {
  override name = 'CentralUnavailableError';
  constructor(
    message: string,
    readonly flags: { timeout?: boolean; status?: number; retryAfterS?: number } = {},
  ) {
    super(
      `Central server unavailable: ${message}. The kiosk keeps its records and retries; check the network and the central URL in the kiosk configuration.`,
    );
  }
}

/** Central refused the request (4xx). Retrying the same request will not help. */
export class CentralRejectedError extends Error {
  override name = 'CentralRejectedError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The request fields central named as invalid (`ErrorBody.fields`: dotted paths such as `reports.3.pages`); empty when it named none. */
    readonly fields: readonly { path: string; message: string }[] = [],
  ) {
    super(`Central refused the request (${status} ${code}): ${message}`);
  }
}

/** Central answered something that does not match the API contract. */
export class CentralProtocolError extends Error {
  override name = 'CentralProtocolError';
  constructor(message: string) {
    super(
      `Central answered something unexpected: ${message}. Check that the central server and this kiosk run compatible versions.`,
    );
  }
}

export interface CentralClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export type CentralBody<R extends CentralRouteName> = z.input<CentralRoutes[R]['body']>;
export type CentralAnswer<R extends CentralRouteName> = z.infer<CentralRoutes[R]['response']>;
type Body<R extends CentralRouteName> = CentralBody<R>;
type Answer<R extends CentralRouteName> = CentralAnswer<R>;

/**
 * What the kiosk core needs of central: one call per route of the shared contract. The HTTP client
 * below is the real one; the demo's fault wrapper and the tests' fakes implement the same interface.
 */
export interface CentralApi {
  /** `timeoutMs` overrides the client's timeout for one call (a template release is megabytes). */
  call<R extends CentralRouteName>(route: R, body: Body<R>, options?: { timeoutMs?: number }): Promise<Answer<R>>;
}

export class CentralClient implements CentralApi {
  private readonly fetch: typeof fetch;
  constructor(private readonly options: CentralClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** `timeoutMs` overrides the client's timeout for one call (a template release is megabytes). */
  async call<R extends CentralRouteName>(
    route: R,
    body: Body<R>,
    options: { timeoutMs?: number } = {},
  ): Promise<Answer<R>> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const spec = centralRoutes[route];
    const url = new URL(spec.path, this.options.baseUrl);
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: spec.method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect is never followed: another origin would receive the body again (card numbers, PINs).
        redirect: 'manual',
      });
    } catch (err) {
      const e = err as Error;
      const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new CentralUnavailableError(timeout ? `no answer within ${timeoutMs} ms` : e.message, { timeout });
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      throw new CentralProtocolError(
        `central answered HTTP ${res.status} redirecting to ${res.headers.get('location') ?? '(nowhere)'}; redirects are not followed (they would send card numbers and PINs on): set central.url to the final address`,
      );
    }
    // Overloaded or timed out on central's side: the same request will work later.
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      await res.body?.cancel().catch(() => {});
      // A 429 says how long to wait (central's card lookup limit); a date form or garbage is ignored.
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new CentralUnavailableError(`HTTP ${res.status}`, {
        status: res.status,
        ...(Number.isInteger(retryAfter) && retryAfter > 0 ? { retryAfterS: retryAfter } : {}),
      });
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      if (err instanceof SyntaxError) throw new CentralProtocolError(`HTTP ${res.status} with a body that is not JSON`);
      // The connection broke or timed out while the answer came in: central may have acted, so retry.
      const e = err as Error;
      const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new CentralUnavailableError(
        timeout ? `no complete answer within ${timeoutMs} ms` : `answer interrupted: ${e.message}`,
        { timeout },
      );
    }
    if (res.status >= 400) {
      const err = ErrorBody.safeParse(json);
      throw new CentralRejectedError(
        res.status,
        err.success ? err.data.error : 'unknown',
        err.success ? err.data.message : JSON.stringify(json).slice(0, 200),
        err.success ? (err.data.fields ?? []) : [],
      );
    }
    const parsed = (spec.response as unknown as z.ZodType<Answer<R>>).safeParse(json);
    if (!parsed.success)
      throw new CentralProtocolError(
        `${route}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return parsed.data;
  }
}
