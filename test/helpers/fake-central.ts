/**
 * A central server in memory for unit tests: answers the routes it is given handlers for, through the
 * same CentralApi interface the kiosk's HTTP client implements, and refuses any other route loudly.
 */
import type { CentralRouteName } from '../../shared/central-api.js';
import type { CentralAnswer, CentralApi, CentralBody } from '../../main/core/central-client.js';

export type CentralHandlers = {
  [R in CentralRouteName]?: (body: CentralBody<R>) => CentralAnswer<R> | Promise<CentralAnswer<R>>;
};

export class FakeCentral implements CentralApi {
  constructor(private readonly handlers: CentralHandlers) {}

  async call<R extends CentralRouteName>(route: R, body: CentralBody<R>): Promise<CentralAnswer<R>> {
    const handler: CentralHandlers[R] = this.handlers[route];
    if (!handler) throw new Error(`the fake central has no handler for ${route}`);
    return handler(body);
  }
}
