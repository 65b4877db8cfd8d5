/**
 * Admin routes of staged rollouts (docs/templates.md, "Publishing safely"): promoting a pilot release to
 * every terminal (`POST /v1/admin/templates/promote`) and listing every published release with its group
 * (`GET /v1/admin/templates`, RELEASES_PATH: what `estation template rollback` reads to know which versions
 * it withdraws). Publishing to a group and rollbacks are publishing routes (central/routes/admin.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminRoutes } from '../../shared/central-api.js';
import { fail, invalidRequest } from '../http.js';
import type { RolloutRefused } from '../store/rollout.js';
import type { CentralStore } from '../store/types.js';

/** Not in shared `adminRoutes` (a GET without a body). */
export const RELEASES_PATH = '/v1/admin/templates';

const STATUS: Record<RolloutRefused['code'], number> = {
  unknown_release: 404,
  unknown_terminal: 404,
  unknown_group: 409,
  not_a_pilot: 409,
  nothing_to_roll_back: 409,
  already_withdrawn: 409,
};

export function rolloutRefused(reply: FastifyReply, err: RolloutRefused) {
  return fail(reply, STATUS[err.code], { error: err.code, message: err.message });
}

export function registerRolloutRoutes(
  app: FastifyInstance,
  store: CentralStore,
  authenticate: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  app.get(RELEASES_PATH, { onRequest: authenticate }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { releases: await store.allReleases() };
  });

  const promote = adminRoutes.promoteTemplate;
  app.route({
    method: promote.method,
    url: promote.path,
    onRequest: authenticate,
    handler: async (req, reply) => {
      const body = promote.body.safeParse(req.body);
      if (!body.success)
        return invalidRequest(reply, 'The request body does not match the API contract', body.error.issues);
      try {
        return reply.code(201).send(await store.promoteRelease(body.data.id, body.data.version, req.admin!.id));
      } catch (err) {
        if (err instanceof Error && err.name === 'RolloutRefused') return rolloutRefused(reply, err as RolloutRefused);
        throw err;
      }
    },
  });

  // Audited: who withdrew which release, when and why, is stored (template_withdrawals) and logged.
  const withdraw = adminRoutes.withdrawTemplate;
  app.route({
    method: withdraw.method,
    url: withdraw.path,
    onRequest: authenticate,
    handler: async (req, reply) => {
      const body = withdraw.body.safeParse(req.body);
      if (!body.success)
        return invalidRequest(reply, 'The request body does not match the API contract', body.error.issues);
      const { id, version, reason } = body.data;
      try {
        const done = await store.withdrawRelease(id, version, reason, req.admin!.id);
        req.log.warn({ admin: req.admin!.id, id, version, reason }, 'template release withdrawn');
        return reply.code(201).send(done);
      } catch (err) {
        if (err instanceof Error && err.name === 'RolloutRefused') return rolloutRefused(reply, err as RolloutRefused);
        throw err;
      }
    },
  });
}
