/**
 * Admin routes (`adminRoutes` in shared/central-api.ts): an admin token, never a terminal's. Publishing
 * stores a signed template or settings release unchanged. Central started with publisher keys
 * (`--publisher-key`, DATA/publisher-keys/) refuses a release not signed by one of them (400); the kiosks
 * check the signature again against the keys they trust. Central also refuses a release that is
 * not well-formed, so that no kiosk ever downloads one that cannot be a template or settings, and a
 * settings release whose version is not above every one published before.
 *
 * `GET /v1/admin/terminals` (TERMINALS_PATH) answers every terminal's state, health and alerts as a
 * `TerminalsResponse`, those needing a person first.
 */
import type { KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  adminRoutes,
  SettingsRelease,
  TemplateId,
  TemplateRollback,
  TemplateVersion,
  type SignedRelease,
} from '../../shared/central-api.js';
import { DocumentKind, Language } from '../../shared/domain.js';
import { bearerToken, fail, invalidRequest } from '../http.js';
import { terminalsOverview } from '../overview.js';
import { registerPeopleRoutes } from './people.js';
import { checkRelease, DEFAULT_CHECK_PEOPLE, MAX_CHECK_PEOPLE } from '../releases/publish-checks.js';
import type { KindLookup } from '../releases/kind-lookup.js';
import { signatureRefusal } from '../releases/signature.js';
import { GROUP_NAME, RolloutRefused } from '../store/rollout.js';
import { registerRolloutRoutes, rolloutRefused } from './rollout.js';
import {
  ReleaseExists,
  SettingsVersionNotNewer,
  type Admin,
  type CentralStore,
  type ReleaseHeader,
} from '../store/types.js';

/** A release (about 4.5 MB of files at most, as base64url) is larger than any kiosk request. */
export const PUBLISH_BODY_LIMIT = 8 * 1024 * 1024;
/** A settings release is a few hundred bytes; 1 MiB leaves room for a thousand terminal ids. */
export const SETTINGS_BODY_LIMIT = 1024 * 1024;

/** Not in shared `adminRoutes` (a GET without a body); described in the OpenAPI document by central/app.ts. */
export const TERMINALS_PATH = '/v1/admin/terminals';

const ReleaseContent = z
  .object({
    format: z.literal('estation-template/1'),
    id: TemplateId,
    version: TemplateVersion,
    kind: DocumentKind,
    language: Language,
    files: z
      .record(z.string(), z.string())
      .refine((files) => Object.keys(files).length > 0, 'A release holds at least one file'),
  })
  .strict();

/** `POST /v1/admin/templates?toGroup=pilot&checkPeople=20`: the release's first group, and how many people's data it is rendered with. */
const PublishQuery = z
  .object({
    toGroup: z.string().regex(GROUP_NAME, 'a group name: lower-case letters, digits, "-" or "_"').optional(),
    checkPeople: z.coerce.number().int().min(0).max(MAX_CHECK_PEOPLE).default(DEFAULT_CHECK_PEOPLE),
  })
  .strict();

type Issue = { path: PropertyKey[]; message: string };
/** What central read from a release's bytes, or why it refuses them. */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string; issues: Issue[] };

/** Decodes `signed.release` (base64url of UTF-8 JSON) and parses it with `schema`; `what` names the expected content. */
function readSigned<T>(signed: SignedRelease, schema: z.ZodType<T>, what: string): Read<T> {
  const bad = (message: string, detail: string): Read<T> => ({
    ok: false,
    message,
    issues: [{ path: [], message: detail.slice(0, 200) }],
  });
  const bytes = Buffer.from(signed.release, 'base64url');
  if (bytes.toString('base64url') !== signed.release)
    return bad('The release is not valid base64url', 'Expected unpadded base64url (RFC 4648 §5) of the release bytes');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    return bad('The release is not UTF-8 JSON', (err as Error).message);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `The release is not ${what}`, issues: parsed.error.issues };
  return { ok: true, value: parsed.data };
}

/** Decodes `signed.release` and checks it is an `estation-template/1` release. */
export function readRelease(signed: SignedRelease): Read<ReleaseHeader> {
  const read = readTemplateRelease(signed);
  if (!read.ok) return read;
  const { id, version, kind, language } = read.value;
  return { ok: true, value: { id, version, kind, language } };
}

/** The same, with the release's files (what the publish checks unpack and render). */
export function readTemplateRelease(signed: SignedRelease): Read<z.infer<typeof ReleaseContent>> {
  return readSigned(signed, ReleaseContent, 'an estation-template/1 template release');
}

/** Decodes `signed.release` and checks it is an `estation-rollback/1` instruction (`TemplateRollback`). */
export function readRollback(signed: SignedRelease): Read<TemplateRollback> {
  return readSigned(signed, TemplateRollback, 'an estation-rollback/1 rollback instruction');
}

/** Decodes `signed.release` and checks it is an `estation-settings/1` release (`SettingsRelease`). */
export function readSettingsRelease(signed: SignedRelease): Read<SettingsRelease> {
  return readSigned(signed, SettingsRelease, 'an estation-settings/1 settings release');
}

declare module 'fastify' {
  interface FastifyRequest {
    admin?: Admin;
  }
}

export interface AdminRouteOptions {
  /** The document kinds the publish checks know (central/releases/kind-lookup.ts). */
  lookupKind: KindLookup;
  /** Publisher keys whose signatures central accepts (central/releases/signature.ts); none: not checked. */
  publisherKeys?: ReadonlyMap<string, KeyObject>;
}

export function registerAdminRoutes(app: FastifyInstance, store: CentralStore, options: AdminRouteOptions): void {
  // Runs before the body is read, like terminal authentication.
  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(req);
    const admin = token ? await store.adminByToken(token) : null;
    if (!admin) return fail(reply, 401, { error: 'unauthorized', message: 'A valid admin token is required' });
    req.admin = admin;
  };
  registerPeopleRoutes(app, store, authenticate);

  app.get(TERMINALS_PATH, { onRequest: authenticate }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return terminalsOverview(await store.terminals(), new Date());
  });

  /** A publishing route: admin token, its own body limit, the contract's body, then the release's own content. */
  const publishRoute = <R extends 'publishTemplate' | 'publishSettings' | 'rollbackTemplate', T>(
    name: R,
    bodyLimit: number,
    read: (signed: SignedRelease) => Read<T>,
    publish: (
      signed: SignedRelease,
      content: T,
      admin: Admin,
      req: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<z.infer<(typeof adminRoutes)[R]['response']> | FastifyReply>,
  ) => {
    const route = adminRoutes[name];
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit,
      onRequest: authenticate,
      handler: async (req, reply) => {
        const body = route.body.safeParse(req.body);
        if (!body.success)
          return invalidRequest(reply, 'The request body does not match the API contract', body.error.issues);
        const refused = options.publisherKeys?.size ? signatureRefusal(body.data, options.publisherKeys) : null;
        if (refused) return fail(reply, 400, refused);
        const content = read(body.data);
        if (!content.ok) return invalidRequest(reply, content.message, content.issues, 'release');
        try {
          const answer = await publish(body.data, content.value, req.admin!, req, reply);
          // A publisher that answered by itself (a refusal) has sent its reply already.
          return reply.sent ? answer : reply.code(201).send(answer);
        } catch (err) {
          if (err instanceof ReleaseExists) return fail(reply, 409, { error: 'release_exists', message: err.message });
          if (err instanceof RolloutRefused) return rolloutRefused(reply, err);
          if (err instanceof SettingsVersionNotNewer)
            return fail(reply, 409, { error: 'version_not_newer', message: err.message });
          throw err;
        }
      },
    });
  };

  publishRoute(
    'publishTemplate',
    PUBLISH_BODY_LIMIT,
    readTemplateRelease,
    async (signed, release, admin, req, reply) => {
      const query = PublishQuery.safeParse(req.query);
      if (!query.success)
        return invalidRequest(reply, 'The query does not match the API contract', query.error.issues, 'query');
      const { toGroup, checkPeople } = query.data;
      // A version is immutable: say so before spending renders on it.
      if (await store.release(release.id, release.version)) throw new ReleaseExists(release.id, release.version);
      const { problems } = await checkRelease(release, checkPeople, {
        lookupKind: options.lookupKind,
        peopleToCheck: (roles, statuses, limit) => store.peopleToCheck(roles, statuses, limit),
        documentData: (person, kind, language) => store.documentData(person, kind, language),
      });
      if (problems.length)
        return fail(reply, 422, {
          error: 'release_refused',
          message: `Central refused ${release.id} ${release.version}: ${problems.length} problem(s) with kind "${release.kind}"; nothing was published.`,
          problems,
        });
      const { id, version, kind, language } = release;
      const info = await store.publishRelease(signed, { id, version, kind, language }, admin.id, {
        toGroup: toGroup ?? null,
      });
      return { id: info.id, version: info.version, sha256: info.sha256 };
    },
  );
  publishRoute('rollbackTemplate', SETTINGS_BODY_LIMIT, readRollback, (signed, rollback, admin) =>
    store.publishRollback(signed, rollback, admin.id),
  );
  registerRolloutRoutes(app, store, authenticate);
  publishRoute('publishSettings', SETTINGS_BODY_LIMIT, readSettingsRelease, (signed, release, admin) =>
    store.publishSettings(signed, release, admin.id),
  );
}
