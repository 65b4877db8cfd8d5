/**
 * The reference campus-card service: a small HTTP API over the card ledger (ledger.ts) for the demo and the
 * tests, the service central's `campus-card` payment provider speaks to (docs/payments.md, "The reference
 * service"). Every route but /v1/health needs `Authorization: Bearer <token>`. The money calls (hold,
 * capture, release, refund) pass through the fault injection (faults.ts).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  CARD_ERRORS,
  FaultSettings,
  HoldRequest,
  JobId,
  PersonId,
  RefundRequest,
  TopUpRequest,
  type HoldAnswer,
} from '../shared/campus-card-api.js';
import { openCampusCardDb } from './db.js';
import { CardError, CardLedger } from './ledger.js';
import { Faults } from './faults.js';

export interface CampusCardServerOptions {
  /** Folder of campus-card.db (':memory:' for none). */
  dataDir: string;
  /** The bearer token central sends. */
  token: string;
  port?: number;
  host?: string;
  faults?: FaultSettings;
  logger?: boolean;
  now?: () => Date;
  /** Where the faults' rates draw from (a seeded generator makes a test's run repeatable). */
  random?: () => number;
}

export interface CampusCardServer {
  url: string;
  ledger: CardLedger;
  faults: Faults;
  close(): Promise<void>;
}

const JobParams = z.object({ job: JobId });
const PersonParams = z.object({ person: PersonId });
const DateParams = z.object({ date: z.iso.date() });

const digest = (s: string) => createHash('sha256').update(s).digest();

export function buildCampusCardApp(
  db: Database.Database,
  options: CampusCardServerOptions,
): {
  app: FastifyInstance;
  ledger: CardLedger;
  faults: Faults;
} {
  const ledger = new CardLedger(db, options.now);
  const faults = new Faults(options.faults, options.random);
  // Connections are closed with the service: a client's keep-alive connection must not hold a stop up.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  const expected = digest(`Bearer ${options.token}`);

  app.addHook('onRequest', async (req, reply) => {
    if (req.url === '/v1/health') return;
    // Compared as digests, in constant time: the token's length and content do not leak through timing.
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected))
      return reply.code(401).send({
        error: 'unauthorized',
        message: 'missing or wrong bearer token: send "Authorization: Bearer <the token in the service\'s token file>"',
      });
  });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof CardError)
      return reply.code(CARD_ERRORS[err.code]).send({ error: err.code, message: err.message, ...err.extra });
    if (err instanceof z.ZodError)
      return reply.code(400).send({
        error: 'bad_request',
        message: err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500)
      return reply.code(status).send({ error: 'bad_request', message: (err as Error).message });
    app.log.error(err);
    return reply.code(500).send({ error: 'internal', message: 'the campus-card service failed; see its log' });
  });

  /** A money call: the faults drawn for it, then the ledger operation (twice for a duplicated delivery). */
  async function money(req: FastifyRequest, reply: FastifyReply, op: () => HoldAnswer) {
    const drawn = faults.draw();
    faults.inFlight++;
    try {
      if (drawn.has('slow')) await new Promise((r) => setTimeout(r, drawn.slowMs));
      if (drawn.has('error5xx'))
        return reply.code(503).send({ error: 'injected_fault', message: 'injected fault: 503, nothing was done' });
      let result = op();
      if (drawn.has('duplicate')) result = op();
      if (drawn.has('loseAfterCommit')) {
        // Committed; the answer never leaves: the client sees its connection closed.
        reply.hijack();
        req.raw.socket.destroy();
        return reply;
      }
      if (drawn.has('wrongAmount')) result = { ...result, amountCents: result.amountCents + 1 };
      return result;
    } finally {
      faults.inFlight--;
    }
  }

  app.get('/v1/health', async () => ({ ok: true }));
  app.get('/v1/accounts/:person', async (req) => ledger.account(PersonParams.parse(req.params).person));
  app.post('/v1/accounts/:person/top-ups', async (req) => {
    const { person } = PersonParams.parse(req.params);
    const { amountCents, reference } = TopUpRequest.parse(req.body);
    return ledger.topUp(person, amountCents, reference);
  });
  app.put('/v1/holds/:job', async (req, reply) => {
    const { job } = JobParams.parse(req.params);
    const { person, amountCents } = HoldRequest.parse(req.body);
    return money(req, reply, () => ledger.hold(job, person, amountCents));
  });
  app.get('/v1/holds/:job', async (req) => ledger.status(JobParams.parse(req.params).job));
  app.post('/v1/holds/:job/capture', async (req, reply) => {
    const { job } = JobParams.parse(req.params);
    return money(req, reply, () => ledger.capture(job));
  });
  app.post('/v1/holds/:job/release', async (req, reply) => {
    const { job } = JobParams.parse(req.params);
    return money(req, reply, () => ledger.release(job));
  });
  app.post('/v1/holds/:job/refund', async (req, reply) => {
    const { job } = JobParams.parse(req.params);
    const { reason, by } = RefundRequest.parse(req.body);
    return money(req, reply, () => ledger.refund(job, reason, by));
  });
  app.get('/v1/statements/:date', async (req) => {
    const { date } = DateParams.parse(req.params);
    return { date, movements: ledger.statement(date) };
  });
  app.get('/v1/admin/faults', async () => faults.status());
  app.put('/v1/admin/faults', async (req) => {
    faults.set(FaultSettings.parse(req.body ?? {}));
    return faults.status();
  });
  return { app, ledger, faults };
}

export class CampusCardStartError extends Error {
  override name = 'CampusCardStartError';
}

/** Opens the database and listens; on failure closes what it opened and says why. */
export async function startCampusCardServer(options: CampusCardServerOptions): Promise<CampusCardServer> {
  const db = openCampusCardDb(options.dataDir);
  const { app, ledger, faults } = buildCampusCardApp(db, options);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (err) {
    await app.close();
    db.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CampusCardStartError(
        `port ${port} on ${host} is already in use: stop what listens there or choose another --port`,
      );
    if (code === 'EACCES')
      throw new CampusCardStartError(`not allowed to listen on port ${port}: choose a port from 1024 up`);
    throw err;
  }
  return {
    url: address,
    ledger,
    faults,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
