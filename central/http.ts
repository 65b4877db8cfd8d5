/**
 * Small helpers shared by the central routes: error answers in the contract's `ErrorBody` shape and the
 * bearer token of a request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../shared/central-api.js';

export function fail(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.code(status).send(body);
}

/** 400 `invalid_request`, naming each offending field (`(body)` for the whole body). */
export function invalidRequest(
  reply: FastifyReply,
  message: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix = '',
) {
  return fail(reply, 400, {
    error: 'invalid_request',
    message,
    fields: issues.map((i) => ({
      path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
      message: i.message,
    })),
  });
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: FastifyRequest): string | null {
  return /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
}
