/**
 * Admin routes (`adminRoutes` in shared/central-api.ts): an admin token, never a terminal's. Publishing
 * stores a signed template release unchanged. Central holds no publisher key and does not check the
 * signature (the kiosks do, against the keys they trust); it only refuses a release that is not
 * well-formed, so that no kiosk ever downloads one that cannot be a template.
 *
 * `GET /v1/admin/terminals` (TERMINALS_PATH) answers every terminal's state, health and alerts as a
 * `TerminalsResponse`, those needing a person first.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { adminRoutes, TemplateId, TemplateVersion, type SignedRelease } from '../../shared/central-api.js';
import { DocumentKind, Language } from '../../shared/domain.js';
import { bearerToken, fail, invalidRequest } from '../http.js';
import { terminalsOverview } from '../overview.js';
import { ReleaseExists, type Admin, type CentralStore, type ReleaseHeader } from '../store/types.js';

/** A release (about 4.5 MB of files at most, as base64url) is larger than any kiosk request. */
export const PUBLISH_BODY_LIMIT = 8 * 1024 * 1024;

/** Not in shared `adminRoutes` (a GET without a body); described in the OpenAPI document by central/app.ts. */
export const TERMINALS_PATH = '/v1/admin/terminals';

const ReleaseContent = z
  .object({
    format: z.literal('estation-template/1'),
    id: TemplateId,
    version: TemplateVersion,
    kind: DocumentKind,
    language: Language,
    files: z.record(z.string(), z.string()).refine((files) => Object.keys(files).length > 0, 'A release holds at least one file'),
  })
  .strict();

type Issue = { path: PropertyKey[]; message: string };
export type ReadRelease = { ok: true; header: ReleaseHeader } | { ok: false; message: string; issues: Issue[] };

/** Decodes `signed.release` (base64url of UTF-8 JSON) and checks it is an `estation-template/1` release. */
export function readRelease(signed: SignedRelease): ReadRelease {
  const bad = (message: string, detail: string): ReadRelease => ({ ok: false, message, issues: [{ path: [], message: detail.slice(0, 200) }] });
  const bytes = Buffer.from(signed.release, 'base64url');
  if (bytes.toString('base64url') !== signed.release) return bad('The release is not valid base64url', 'Expected unpadded base64url (RFC 4648 §5) of the release bytes');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    return bad('The release is not UTF-8 JSON', (err as Error).message);
  }
  const parsed = ReleaseContent.safeParse(json);
  if (!parsed.success) return { ok: false, message: 'The release is not an estation-template/1 template release', issues: parsed.error.issues };
  const { id, version, kind, language } = parsed.data;
  return { ok: true, header: { id, version, kind, language } };
}

declare module 'fastify' {
  interface FastifyRequest {
    admin?: Admin;
  }
}

export function registerAdminRoutes(app: FastifyInstance, store: CentralStore): void {
  // Runs before the body is read, like terminal authentication.
  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(req);
    const admin = token ? await store.adminByToken(token) : null;
    if (!admin) return fail(reply, 401, { error: 'unauthorized', message: 'A valid admin token is required' });
    req.admin = admin;
  };

  app.get(TERMINALS_PATH, { onRequest: authenticate }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return terminalsOverview(await store.terminals(), new Date());
  });

  const route = adminRoutes.publishTemplate;
  app.route({
    method: route.method,
    url: route.path,
    bodyLimit: PUBLISH_BODY_LIMIT,
    onRequest: authenticate,
    handler: async (req, reply) => {
      const body = route.body.safeParse(req.body);
      if (!body.success) return invalidRequest(reply, 'The request body does not match the API contract', body.error.issues);
      const read = readRelease(body.data);
      if (!read.ok) return invalidRequest(reply, read.message, read.issues, 'release');
      try {
        const info = await store.publishRelease(body.data, read.header, req.admin!.id);
        return reply.code(201).send({ id: info.id, version: info.version, sha256: info.sha256 });
      } catch (err) {
        if (err instanceof ReleaseExists) return fail(reply, 409, { error: 'release_exists', message: err.message });
        throw err;
      }
    },
  });
}
