/**
 * The reference central server: kiosk API under /v1 (terminal token required) and admin routes (admin
 * token), validated against the shared contract, with its OpenAPI document at /v1/openapi.json.
 */
import type { ReprintDataRequest } from './store/reprint-data.js';
import type { KeyObject } from 'node:crypto';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { maintenanceRefusal } from './domain/staff-scope.js';
import { z } from 'zod';
import {
  adminRoutes,
  centralRoutes,
  ErrorBody as ErrorBodySchema,
  peopleAdminRoutes,
  TerminalsResponse,
  type CentralRouteName,
} from '../shared/central-api.js';
import { PersonRecord } from '../shared/person-record.js';
import { maskName } from '../lib/verification.js';
import { bearerToken, fail, invalidRequest } from './http.js';
import { registerAdminRoutes, TERMINALS_PATH } from './routes/admin.js';
import type { KindLookup } from './releases/kind-lookup.js';
import { DEFAULT_CHECK_PEOPLE, MAX_CHECK_PEOPLE } from './releases/publish-checks.js';
import { RELEASES_PATH } from './routes/rollout.js';
import { GROUP_NAME } from './store/rollout.js';
import { staffRoutes } from './routes/staff.js';
import type { CasSignOn } from './routes/cas.js';
import { verifyRoutes, type PublishedKey } from './routes/verify.js';
import { AUTHORIZE_AFTER_LOOKUP_MS, DATA_AFTER_LOOKUP_MS, windowText } from './domain/card-binding.js';
import type { CentralStore, Terminal } from './store/types.js';
import { terminalSource } from './store/security-alerts.js';
import { DEFAULT_LOOKUP_LIMITS, type LookupLimits } from './domain/lookup-limits.js';
import { AuthorizationRefused } from './store/types.js';
import { SigningKeyRefused, type SigningKey } from './store/signing-keys.js';
import { parseTrustProxy } from './trust-proxy.js';
import type { PaymentWiring } from './payments/wiring.js';
import { actionsToCarry } from './actions/delivery.js';

export interface CentralAppOptions {
  store: CentralStore;
  /** Fastify's logger: true for the default (JSON lines on stdout), or its options (a `stream`, a `level`). */
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body; a report batch of 100 jobs is about 30 KB. */
  bodyLimit?: number;
  /** Public keys that sign documents' verification codes, published at /v1/keys and used by /verify/:code. */
  verifyKeys?: PublishedKey[];
  /** Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (checked by parseTrustProxy). */
  trustProxy?: string[];
  /**
   * Serve a person's document data and new jobs only to a terminal that looked the person's card up
   * recently (docs/central.md, "Whose data a terminal may read"). Lookups are recorded either way.
   */
  requireCardLookup?: boolean;
  /** The document kinds publish checks know; default: the store's (`estation central kinds`). */
  lookupKind?: KindLookup;
  /** Requests per client address on the verification routes (default 30 a minute; central/routes/verify.ts). */
  verifyRateLimit?: { max: number; timeWindowMs: number };
  /** Card lookups a terminal may make (central/domain/lookup-limits.ts); default: a human rate. */
  lookupLimits?: LookupLimits;
  /** Publisher keys whose releases central accepts (central/releases/signature.ts); none: any signature is stored. */
  publisherKeys?: ReadonlyMap<string, KeyObject>;
  /** Dashboard sign-in through the university's single sign-on (CAS; central/routes/cas.ts). */
  cas?: CasSignOn;
  /** The payment provider's calls at authorize and report (central/payments/wiring.ts); none: nothing is charged. */
  payments?: PaymentWiring;
}

declare module 'fastify' {
  interface FastifyRequest {
    terminal?: Terminal;
  }
}

/** Answers besides the usual ones (200, 400, 401, 413, 500) that a route gives. */
const EXTRA_RESPONSES: Record<string, Record<number, string>> = {
  lookupCard: {
    404: 'The card is not registered (`card_unknown`)',
    429: 'The terminal looked up cards faster than a person taps them (`too_many_lookups`); `Retry-After` says when to try again',
  },
  documentData: {
    403: "The person's card was not looked up on this terminal recently, and it holds no authorized job for this document (`no_card_lookup`; an authorized reprint does not count); with `reprintOf`, no live staff grant of this terminal (`staff_required`)",
    404: 'No document data for this person and kind (`no_data`)',
    409: 'With `reprintOf`: the original is not a document of this terminal that can be reprinted (`job_conflict`)',
  },
  authorizeJob: {
    403: "Refused: `quota_used_up`, `not_eligible`, `unknown_person`, or `no_card_lookup` (the person's card was not looked up on this terminal recently), or `staff_required` (a reprint without a live staff grant of this terminal, or without a reason)",
    409: 'The job id is known with another terminal or request, or a reprint is not possible (`job_conflict`); or the `dataDigest` is not that of the data central holds now (`records_changed`: show the preview again)',
    402: "The job's fee could not be held by the payment provider (`insufficient_balance`, `no_payment_account`, `payment_unavailable`): the job is not authorized, nothing is charged (docs/payments.md)",
  },
  reportActionResult: {
    404: 'No remote action with this id for this terminal (`unknown_action`)',
    413: 'A screenshot larger than central keeps (`body_too_large`)',
  },
  registerSigningKey: {
    400: 'Not an Ed25519 public key in PEM (`invalid_key`)',
    409: 'Another terminal registered this key (`key_of_other_terminal`)',
  },
  fetchTemplate: { 404: 'No release with this id and version' },
  publishTemplate: {
    409: 'A release with this id and version is already published (`release_exists`), or `toGroup` names a group without terminals (`unknown_group`)',
    422: "The release fails central's checks against its kind (`release_refused`; `problems` lists each: person, field, message)",
  },
  promoteTemplate: {
    404: 'No release with this id and version (`unknown_release`)',
    409: 'The release was published to every terminal already (`not_a_pilot`)',
  },
  rollbackTemplate: {
    404: 'No release with the target version (`unknown_release`)',
    409: 'The target is not below `through` (`nothing_to_roll_back`)',
  },
  withdrawTemplate: {
    404: 'No release with this id and version (`unknown_release`)',
    409: 'The release was withdrawn already (`already_withdrawn`; the message says by whom, when and why)',
  },
  publishSettings: { 409: 'The version is not above every published settings version (`version_not_newer`)' },
  upsertPeople: { 413: 'More than 1,000 people (`too_many_people`), or a body over 32 MiB (`body_too_large`)' },
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const errorContent = { 'application/json': { schema: z.toJSONSchema(ErrorBodySchema) } };
  const tables = [
    { routes: centralRoutes, security: 'terminalToken', who: 'terminal', ok: 200 },
    { routes: adminRoutes, security: 'adminToken', who: 'admin', ok: 201 },
    { routes: peopleAdminRoutes, security: 'adminToken', who: 'admin', ok: 200 },
  ] as const;
  for (const { routes, security, who, ok } of tables) {
    for (const [name, r] of Object.entries(routes)) {
      const extra = Object.entries(EXTRA_RESPONSES[name] ?? {}).map(([status, description]) => [
        status,
        { description, content: errorContent },
      ]);
      paths[r.path] = {
        [r.method.toLowerCase()]: {
          operationId: name,
          security: [{ [security]: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input' }) } },
          },
          responses: {
            [ok]: {
              description: ok === 201 ? 'Created' : 'OK',
              content: { 'application/json': { schema: z.toJSONSchema(r.response) } },
            },
            400: { description: 'Malformed request; `fields` names the offending fields', content: errorContent },
            401: { description: `Missing, unknown or revoked ${who} token`, content: errorContent },
            413: { description: 'Request body too large', content: errorContent },
            500: { description: 'Internal error (no details are given to clients)', content: errorContent },
            ...Object.fromEntries(extra),
          },
        },
      };
    }
  }
  paths[TERMINALS_PATH] = {
    get: {
      operationId: 'listTerminals',
      summary:
        'Every terminal with its last heartbeat, health and alerts; terminals with errors first, then warnings, then by id',
      security: [{ adminToken: [] }],
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(TerminalsResponse) } } },
        401: {
          description: 'Missing, unknown or revoked admin token (a terminal token is not one)',
          content: errorContent,
        },
        500: { description: 'Internal error (no details are given to clients)', content: errorContent },
      },
    },
  };
  // The same path as publishTemplate (POST): both methods under it.
  const publish = paths[RELEASES_PATH] as { post: Record<string, unknown> };
  publish.post.parameters = [
    {
      name: 'toGroup',
      in: 'query',
      required: false,
      description: "Only this group's terminals get the release until it is promoted",
      schema: { type: 'string', pattern: GROUP_NAME.source },
    },
    {
      name: 'checkPeople',
      in: 'query',
      required: false,
      description: `How many people's data central renders the release with before it stores it (default ${DEFAULT_CHECK_PEOPLE}; 0: its sample only)`,
      schema: { type: 'integer', minimum: 0, maximum: MAX_CHECK_PEOPLE },
    },
  ];
  paths[RELEASES_PATH] = {
    ...publish,
    get: {
      operationId: 'listReleases',
      summary:
        'Every published template release with its pilot group (`toGroup`) and whether it was promoted (what `estation template rollback` reads)',
      security: [{ adminToken: [] }],
      responses: {
        200: { description: 'OK' },
        401: { description: 'Missing, unknown or revoked admin token', content: errorContent },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'E-station central API', version: '1' },
    components: {
      securitySchemes: {
        terminalToken: { type: 'http', scheme: 'bearer' },
        adminToken: { type: 'http', scheme: 'bearer' },
      },
      // The canonical person record (docs/data.md), for the batch API and the import's JSON Lines.
      schemas: { PersonRecord: z.toJSONSchema(PersonRecord, { io: 'input' }) },
    },
    paths,
  };
}

const stationKey = (k: SigningKey): PublishedKey => ({ kid: k.keyId, publicKey: k.publicKey, revokedAt: k.revokedAt });

export function createCentralApp({
  store,
  logger = false,
  bodyLimit = 256 * 1024,
  verifyKeys = [],
  trustProxy = [],
  requireCardLookup = true,
  lookupKind = (id) => store.kindDefinition(id),
  verifyRateLimit,
  lookupLimits = DEFAULT_LOOKUP_LIMITS,
  publisherKeys,
  cas,
  payments,
}: CentralAppOptions): FastifyInstance {
  const proxies = parseTrustProxy(trustProxy);
  const app = Fastify({ logger, bodyLimit, trustProxy: proxies.length ? proxies : false });
  const bindingApplies = async () => requireCardLookup && !(await store.inCardLookupGrace());
  // The public verification page: no token, and no more personal data than a masked name.
  void app.register(verifyRoutes, {
    // The configured university-wide keys and every registered station key, read per request (no restart).
    keys: async () => [...verifyKeys, ...(await store.signingKeys.all()).map(stationKey)],
    institution: () => store.institution(),
    lookup: async (code) => {
      const r = await store.verificationRecord(code);
      if (!r) return null;
      const { holderName, ...rest } = r;
      return { ...rest, ...(await store.documentProof(code)), maskedName: maskName(holderName) };
    },
    onView: (code) => store.countVerificationView(code),
    ...(verifyRateLimit ? { rateLimit: verifyRateLimit } : {}),
  });

  // The staff dashboard: staff card and PIN, a session cookie, every terminal's health and alerts.
  void app.register(staffRoutes, { store, ...(cas ? { cas } : {}) });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error(err);
      // Never a stack trace or an internal message to a client.
      return fail(reply, 500, { error: 'internal', message: 'Internal server error' });
    }
    if (status === 413)
      return fail(reply, 413, {
        error: 'body_too_large',
        message: `The request body is larger than ${req.routeOptions.bodyLimit ?? bodyLimit} bytes`,
      });
    if (status === 415)
      return fail(reply, 415, {
        error: 'unsupported_media_type',
        message: 'Send the request body as application/json',
      });
    if (status === 400) {
      return fail(reply, 400, {
        error: 'invalid_request',
        message: 'The request body is not valid JSON',
        fields: [{ path: '(body)', message: err.message.slice(0, 200) }],
      });
    }
    return fail(reply, status, {
      error: (err.code ?? 'bad_request').toLowerCase(),
      message: err.message.slice(0, 200),
    });
  });
  app.setNotFoundHandler((_req, reply) => fail(reply, 404, { error: 'not_found', message: 'No such endpoint' }));

  app.get('/v1/openapi.json', async () => openApiDocument());
  app.get('/healthz', async () => ({ ok: true }));

  // Runs before the body is read: a caller without a valid token learns nothing but 401.
  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(req);
    const terminal = token ? await store.terminalByToken(token) : null;
    if (!terminal) return fail(reply, 401, { error: 'unauthorized', message: 'A valid terminal token is required' });
    req.terminal = terminal;
  };

  // A staff reprint's data: checked against its staff grant and original, never the card-lookup exemption.
  const reprintDataAnswer = async (t: Terminal, body: ReprintDataRequest, reply: FastifyReply) => {
    try {
      const data = await store.reprintData(t.id, body);
      return data
        ? { data }
        : fail(reply, 404, { error: 'no_data', message: 'No document data for this person and kind' });
    } catch (err) {
      if (!(err instanceof AuthorizationRefused)) throw err;
      reply.log.warn(
        { terminalId: t.id, reprintOf: body.reprintOf, code: err.code },
        `reprint data refused: ${err.message}`,
      );
      return fail(reply, err.code === 'job_conflict' ? 409 : 403, { error: err.code, message: err.message });
    }
  };

  const handlers: {
    [R in CentralRouteName]: (
      t: Terminal,
      body: z.infer<(typeof centralRoutes)[R]['body']>,
      reply: FastifyReply,
    ) => Promise<unknown>;
  } = {
    lookupCard: async (t, body, reply) => {
      const wait = await store.takeCardLookup(t.id, lookupLimits);
      if (wait > 0)
        return fail(reply.header('retry-after', String(wait)), 429, {
          error: 'too_many_lookups',
          message: `This terminal looked up more cards than people tap; try again in ${wait} s (staff have been alerted).`,
        });
      // The card was read at this terminal: its person's data and jobs may follow (requireCardLookup).
      const found = await store.lookupCard(body.card, { at: t.id });
      if (!found) {
        await store.recordLookupMiss(t.id, lookupLimits);
        return fail(reply, 404, { error: 'card_unknown', message: 'This card is not registered' });
      }
      // Only for a person who may print (a staff card opens maintenance, never a purse).
      const balance = found.person.role === 'staff' ? undefined : await payments?.balanceFor(found.person.id);
      return balance ? { ...found, balance } : found;
    },
    documentData: async (t, body, reply) => {
      if (body.reprintOf !== undefined) return reprintDataAnswer(t, { ...body, reprintOf: body.reprintOf }, reply);
      // Within a session (minutes after the lookup), or for a job of this terminal central authorized
      // and that is not reported yet: the print runner renders it after an outage or a restart too.
      const { lookedUp, data } = await store.documentDataAt(
        t.id,
        body.personId,
        body.kind,
        body.language,
        DATA_AFTER_LOOKUP_MS,
      );
      if (
        !lookedUp &&
        (await bindingApplies()) &&
        !(await store.hasAuthorizedDocument(t.id, body.personId, body.kind, body.language))
      ) {
        reply.log.warn(
          { terminalId: t.id, personId: body.personId, kind: body.kind, language: body.language },
          'document data refused: no recent card lookup',
        );
        return fail(reply, 403, {
          error: 'no_card_lookup',
          message: `No card of person ${body.personId} was looked up on this terminal in the last ${windowText(DATA_AFTER_LOOKUP_MS)}, and it holds no authorized job for this document.`,
        });
      }
      return data
        ? { data }
        : fail(reply, 404, { error: 'no_data', message: 'No document data for this person and kind' });
    },
    authorizeJob: async (t, body, reply) => {
      try {
        const answer = await store.authorize(
          t.id,
          body,
          (await bindingApplies()) ? { cardLookupWithinMs: AUTHORIZE_AFTER_LOOKUP_MS } : {},
        );
        const unpaid = await payments?.afterAuthorize(answer.jobId);
        if (unpaid) return fail(reply, 402, { error: unpaid.code, message: unpaid.message });
        // What the student pays, which the done screen and the receipt show: nothing when no provider charges.
        return payments?.provider.charges ? answer : { ...answer, chargedCents: 0 };
      } catch (err) {
        if (!(err instanceof AuthorizationRefused)) throw err;
        if (err.code === 'no_card_lookup' || err.code === 'job_conflict' || err.code === 'staff_required')
          reply.log.warn(
            { terminalId: t.id, jobId: body.jobId, personId: body.personId, code: err.code },
            `job refused: ${err.message}`,
          );
        return fail(reply, err.code === 'job_conflict' || err.code === 'records_changed' ? 409 : 403, {
          error: err.code,
          message: err.message,
        });
      }
    },
    reportJobs: async (t, body) => {
      const results = await store.report(t.id, body.reports);
      payments?.afterReport(results.filter((r) => r.result === 'confirmed').map((r) => r.jobId));
      return { results };
    },
    verifyStaff: async (t, body, reply) => {
      const answer = await store.checkStaffPin(body.card, body.pin, terminalSource(t.id));
      if (answer.ok) {
        // Maintenance mode only for staff of this station's site (issue #18): central decides, not the kiosk.
        const scope = await store.staffScope(answer.staff.id);
        const why = scope
          ? maintenanceRefusal(scope, (await store.terminalState(t.id))?.site ?? null)
          : 'no such staff member';
        if (why !== null) {
          reply.log.warn({ terminalId: t.id, staffId: answer.staff.id, why }, 'maintenance refused');
          await store.recordAudit({
            actor: answer.staff.id,
            action: 'station.maintenance_opened',
            terminalId: t.id,
            outcome: 'refused',
            reason: why,
          });
          return { ok: false, refused: 'not_this_site' as const };
        }
        return { ok: true, staff: answer.staff, grant: await store.issueStaffGrant(t.id, answer.staff.id) };
      }
      return answer.state === 'wrong'
        ? { ok: false, triesLeft: answer.triesLeft }
        : { ok: false, refused: answer.state, retryAfterS: answer.retryAfterS };
    },
    heartbeat: async (t, body) => {
      await store.heartbeat(t.id, new Date().toISOString(), body);
      const { timezone } = await store.institution();
      // Remote actions ride on the answer (issue #18): carried until the station answers each by id.
      const actions = await actionsToCarry(store, t.id);
      return {
        serverTime: new Date().toISOString(),
        terminalId: t.id,
        timeZone: timezone,
        ...(actions.length ? { actions } : {}),
      };
    },
    reportActionResult: async (t, body, reply) =>
      (await store.stationActions.recordResult(t.id, body).then((result) => result && { result })) ??
      fail(reply, 404, {
        error: 'unknown_action',
        message: `No remote action ${body.id} was asked of this terminal; nothing was recorded.`,
      }),
    listTemplates: async (t) => store.releasesFor(t.id),
    fetchTemplate: async (_t, body, reply) =>
      (await store.release(body.id, body.version)) ??
      fail(reply, 404, { error: 'not_found', message: `No release ${body.id} ${body.version} is published` }),
    currentSettings: async (t) => ({ settings: await store.currentSettingsFor(t.id) }),
    registerSigningKey: async (t, body, reply) => {
      try {
        return await store.signingKeys.register(t.id, body.publicKey);
      } catch (err) {
        if (!(err instanceof SigningKeyRefused)) throw err;
        return fail(reply, err.code === 'key_of_other_terminal' ? 409 : 400, { error: err.code, message: err.message });
      }
    },
  };

  for (const name of Object.keys(centralRoutes) as CentralRouteName[]) {
    const route = centralRoutes[name];
    app.route({
      method: route.method,
      url: route.path,
      onRequest: authenticate,
      ...('bodyLimit' in route ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (req, reply) => {
        const parsed = route.body.safeParse(req.body);
        if (!parsed.success)
          return invalidRequest(reply, 'The request body does not match the API contract', parsed.error.issues);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return (handlers[name] as any)(req.terminal!, parsed.data, reply);
      },
    });
  }
  registerAdminRoutes(app, store, { lookupKind, ...(publisherKeys ? { publisherKeys } : {}) });
  return app;
}
