/**
 * A station configured with several central addresses (`central.url` as a list: instances of one
 * central, or reverse proxies in front of them) talks to one at a time and moves to the next only
 * when the one it uses cannot be reached. The rules (docs/central.md, "Failover"):
 *
 * - Connection errors and timeouts fail over: nothing answered, another address may.
 * - 502, 503 and 504 fail over too: a reverse proxy says its central behind it is gone or too slow,
 *   and another address may lead to a central that is not. Every call of the kiosk is safe to repeat
 *   (jobs, reports and lookups are keyed by their ids), so a request the first central may have seen
 *   does no harm at the second.
 * - Any other answer does not: a 4xx is central refusing the request (another instance on the same
 *   database refuses it the same way), and 500, 408 and 429 are central itself answering.
 * - The address that answered stays in use (sticky) until it fails; the station's status names it.
 */
import type { CentralRouteName } from '../../shared/central-api.js';
import {
  CentralClient,
  CentralUnavailableError,
  type CentralAnswer,
  type CentralApi,
  type CentralBody,
  type CentralClientOptions,
} from './central-client.js';

/** HTTP answers of a reverse proxy whose central is unreachable: the next address may do better. */
export const PROXY_GATEWAY_STATUSES: readonly number[] = [502, 503, 504];

/** Whether this failure of one address is a reason to try the next one. */
export function failsOver(err: unknown): boolean {
  if (!(err instanceof CentralUnavailableError)) return false;
  const status = err.flags.status;
  return status === undefined || PROXY_GATEWAY_STATUSES.includes(status);
}

export interface FailoverOptions extends Omit<CentralClientOptions, 'baseUrl'> {
  baseUrls: readonly string[];
  /** Told each time the station moves to another address (the kiosk logs it). */
  onSwitch?: (from: string, to: string, why: string) => void;
}

export class FailoverCentral implements CentralApi {
  private readonly clients: { url: string; client: CentralClient }[];
  private current = 0;

  constructor(private readonly options: FailoverOptions) {
    if (options.baseUrls.length === 0) throw new Error('FailoverCentral needs at least one central address');
    this.clients = options.baseUrls.map((url) => ({ url, client: new CentralClient({ ...options, baseUrl: url }) }));
  }

  /** The address in use: the last one that answered (the first configured until one has). */
  get activeUrl(): string {
    return this.clients[this.current]!.url;
  }

  async call<R extends CentralRouteName>(
    route: R,
    body: CentralBody<R>,
    options: { timeoutMs?: number } = {},
  ): Promise<CentralAnswer<R>> {
    const failures: string[] = [];
    let last: unknown;
    // Every address once, from the one in use when the call began: a concurrent call may switch
    // `current` meanwhile, and reading it again would try the dead address twice and skip the live one.
    const start = this.current;
    for (let tried = 0; tried < this.clients.length; tried++) {
      const index = (start + tried) % this.clients.length;
      const { url, client } = this.clients[index]!;
      try {
        const answer = await client.call(route, body, options);
        this.use(index, failures.join('; '));
        return answer;
      } catch (err) {
        if (!failsOver(err)) {
          // Central answered (a refusal is an answer): this address works, whatever it said.
          this.use(index, failures.join('; '));
          throw err;
        }
        last = err;
        failures.push(`${url}: ${reasonOf(err as Error)}`);
      }
    }
    if (this.clients.length === 1) throw last;
    throw new CentralUnavailableError(
      `none of the ${this.clients.length} central addresses answered (${failures.join('; ')})`,
      (last as CentralUnavailableError).flags,
    );
  }

  private use(index: number, why: string): void {
    if (index === this.current) return;
    const from = this.activeUrl;
    this.current = index;
    this.options.onSwitch?.(from, this.activeUrl, why);
  }
}

/** What went wrong at one address, without the advice every CentralUnavailableError repeats. */
function reasonOf(err: Error): string {
  return err.message.replace(/^Central server unavailable: /, '').replace(/\. The kiosk keeps[\s\S]*$/, '');
}
