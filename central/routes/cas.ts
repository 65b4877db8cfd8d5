/**
 * Dashboard sign-in through the university's single sign-on (统一身份认证, CAS 2.0/3.0), besides the
 * staff card and PIN (routes/staff.ts registers these routes in its own context, so they share its
 * sessions, its sign-in limiter, its security headers and its error pages).
 *
 * `GET /staff/cas/login` sends the browser to `<cas>/login?service=<public URL>/staff/cas`; CAS sends it
 * back to `GET /staff/cas?ticket=ST-...`; central asks CAS whether that ticket was issued for exactly
 * that service (every time: a ticket is never taken as valid from memory) and gives a session to the
 * staff member whose id is the CAS user id. The return must bring back the mark the button gave this
 * browser (cas-starts.ts: login CSRF). Refusals say why in words staff understand; none gives a session.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LocalizedText } from '../../shared/domain.js';
import { signOnId, validateServiceTicket, SERVICE_TICKET, type CasValidation } from '../staff/cas-client.js';
import { CAS_CALLBACK_PATH, CAS_START_PATH, casLoginUrl, casServiceUrl, type CasConfig } from '../staff/cas-config.js';
import type { CentralStore } from '../store/types.js';
import { UsedTickets } from '../staff/cas-tickets.js';
import { SignInStarts, START_TTL_S } from '../staff/cas-starts.js';
import { signedInPage } from '../staff/login-page.js';
import type { LoginLimiter, StaffMember, StaffSessions } from '../staff/sessions.js';

export interface CasSignOn {
  config: CasConfig;
  /** Central's public URL as browsers reach it (read per request: a server on port 0 knows it once listening). */
  publicUrl: () => string;
  /** The staff member a CAS user is (the user id is their staff id or work number). */
  staffFor: CentralStore['staffForSignOn'];
  /** What the sign-in page calls the single sign-on (default 统一身份认证 / university single sign-on). */
  label?: LocalizedText;
  /** For tests of a CAS server that never answers; the default is 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_SSO_LABEL: LocalizedText = { zh: '统一身份认证', en: 'university single sign-on' };

export interface CasRouteDeps {
  cas: CasSignOn;
  sessions: StaffSessions;
  limiter: LoginLimiter;
  /** Where the sign-ins started and the tickets presented are kept (every instance sees them). */
  store: Pick<CentralStore, 'firstUseOfCasTicket' | 'openCasSignIn' | 'takeCasSignIn'>;
  now: () => Date;
  /** The sign-in page with a notice (and the SSO button). */
  loginPage: (notice?: LocalizedText) => string;
  /** The Set-Cookie value of a session (or of its removal, with max age 0). */
  sessionCookie: (req: FastifyRequest, value: string, maxAgeS: number) => string;
  currentSession: (req: FastifyRequest) => string | null;
  /** The value of one cookie of the request. */
  cookieValue: (req: FastifyRequest, name: string) => string | null;
  sessionTtlS: number;
  /** The notice for an address locked out after too many failed sign-ins (the same as for PINs). */
  lockedNotice: (waitS: number) => LocalizedText;
  /** Records a refused sign-in in central's audit. */
  audit: CentralStore['recordAudit'];
}

export const START_COOKIE = 'estation_cas_start';
const CallbackQuery = z.object({ ticket: z.string().regex(SERVICE_TICKET) }).strict();

export const CAS_MESSAGES = {
  noTicket: {
    zh: '统一身份认证没有返回登录凭据。请在此页点击“通过统一身份认证登录”重新开始。',
    en: 'The university sign-in did not send back a sign-in ticket. Start again with the single sign-on button on this page.',
  },
  ticketRefused: {
    zh: '统一身份认证未能确认此次登录（登录链接已使用过或已过期）。请重新登录。',
    en: 'The university sign-in could not confirm this sign-in (its link was used already or has expired). Please sign in again.',
  },
  wrongService: {
    zh: '此登录凭据是统一身份认证为其他网站签发的，不是本 E站 终端监控。请在此页重新登录。',
    en: 'This sign-in was issued by the university sign-in for another website, not this E-station dashboard. Sign in again from this page.',
  },
  casDown: {
    zh: '统一身份认证服务暂时无法连接。请几分钟后再试，或使用员工卡号和 PIN 登录。',
    en: 'The university sign-in service cannot be reached just now. Try again in a few minutes, or sign in with your staff card number and PIN.',
  },
  casUnreadable: {
    zh: '统一身份认证服务的答复无法识别。请使用员工卡号和 PIN 登录，并告知 E站 办公室。',
    en: 'The university sign-in service gave an answer E-station cannot read. Sign in with your staff card number and PIN, and tell the E-station office.',
  },
  notStarted: {
    zh: '此次登录不是从本页开始的，或已超过 10 分钟。请点击“通过统一身份认证登录”重新开始。',
    en: 'This sign-in did not start from this page, or took longer than 10 minutes. Start again with the single sign-on button.',
  },
  notStaff: {
    zh: '您不是本校 E站 的工作人员：请联系 E站 办公室。',
    en: "You are not a staff member of this university's E-station: ask the E-station office.",
  },
} satisfies Record<string, LocalizedText>;

/** The status and message of a validation that failed, and whether it counts as a failed sign-in. */
function refusal(v: Exclude<CasValidation, { ok: true }>): { status: number; notice: LocalizedText; counts: boolean } {
  if (v.kind === 'unreachable') return { status: 503, notice: CAS_MESSAGES.casDown, counts: false };
  if (v.kind === 'unreadable') return { status: 502, notice: CAS_MESSAGES.casUnreadable, counts: false };
  if (v.code === 'INVALID_SERVICE') return { status: 401, notice: CAS_MESSAGES.wrongService, counts: true };
  return { status: 401, notice: CAS_MESSAGES.ticketRefused, counts: true };
}

export function registerCasRoutes(app: FastifyInstance, deps: CasRouteDeps): void {
  const { cas, sessions, limiter, now, cookieValue } = deps;
  const used = new UsedTickets(deps.store, now);
  const starts = new SignInStarts(deps.store, now);
  /** The mark of a sign-in started here: Lax, as the browser brings it back from CAS, another site. */
  const startCookie = (req: FastifyRequest, value: string, maxAgeS: number) =>
    `${START_COOKIE}=${value}; Path=${CAS_CALLBACK_PATH}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax${req.protocol === 'https' ? '; Secure' : ''}`;
  const service = () => casServiceUrl(cas.publicUrl());
  const page = (reply: FastifyReply, status: number, notice: LocalizedText) =>
    reply.code(status).type('text/html; charset=utf-8').send(deps.loginPage(notice));

  app.get(CAS_START_PATH, async (req, reply) =>
    reply
      .code(303)
      .header('set-cookie', startCookie(req, await starts.start(), START_TTL_S))
      .header('location', casLoginUrl(cas.config, service()))
      .send(),
  );

  // The request log names the path only: a ticket not yet validated must not sit in a log for someone to use first.
  const logSerializers = { req: (req: FastifyRequest) => ({ method: req.method, url: CAS_CALLBACK_PATH }) };
  app.get(CAS_CALLBACK_PATH, { logSerializers }, async (req, reply) => {
    const address = req.ip;
    const wait = await limiter.waitS(address);
    if (wait > 0) return page(reply.header('retry-after', String(wait)), 429, deps.lockedNotice(wait));
    const query = CallbackQuery.safeParse(req.query);
    if (!query.success) return page(reply, 400, CAS_MESSAGES.noTicket);
    const { ticket } = query.data;
    // The mark is spent here, whatever follows: one return from CAS per press of the button.
    reply.header('set-cookie', startCookie(req, '', 0));
    if (!(await starts.take(cookieValue(req, START_COOKIE)))) {
      req.log.warn({ address }, 'CAS sign-in refused: it did not start at this dashboard (or too long ago)');
      return page(reply, 403, CAS_MESSAGES.notStarted);
    }
    // Before asking CAS: a second presentation is refused even if the CAS server would validate it again.
    if (!(await used.firstUse(ticket))) {
      await limiter.fail(address);
      req.log.warn({ address }, 'CAS sign-in refused: a service ticket presented a second time');
      return page(reply, 401, CAS_MESSAGES.ticketRefused);
    }
    const validation = await validateServiceTicket(cas.config, service(), ticket, {
      ...(cas.timeoutMs ? { timeoutMs: cas.timeoutMs } : {}),
    });
    if (!validation.ok) {
      const r = refusal(validation);
      if (r.counts) await limiter.fail(address);
      req.log.warn(
        { address, kind: validation.kind, ...(validation.kind === 'refused' ? { code: validation.code } : {}) },
        // CAS messages quote the ticket ("Ticket ST-... not recognized"): the log does not.
        `CAS sign-in refused: ${validation.detail.replaceAll(ticket, '(the ticket)')}`,
      );
      return page(reply, r.status, r.notice);
    }
    const id = signOnId(validation, cas.config.userAttribute);
    const staff = id === null ? null : await cas.staffFor(id);
    if (!staff?.active) {
      req.log.warn(
        { address, casUser: validation.user, staffId: id, known: !!staff },
        'CAS sign-in refused: not an active staff member',
      );
      await deps.audit({
        actor: `cas:${validation.user.slice(0, 100)}`,
        action: 'staff.sign_in_refused',
        outcome: 'refused',
        reason: staff ? 'staff account disabled or inactive' : 'not a staff member',
        detail: { method: 'cas', address },
      });
      return page(reply, 403, CAS_MESSAGES.notStaff);
    }
    await limiter.succeed(address);
    await sessions.end(deps.currentSession(req));
    const member: StaffMember = { id: staff.id, name: staff.name };
    req.log.info({ staffId: staff.id, via: 'cas' }, 'staff signed in to the dashboard');
    // A page that moves on to /staff by itself, not a redirect: the browser arrived here from CAS (another
    // site), and a SameSite=Strict cookie is not sent on a redirect chain that began on another site.
    return reply
      .code(200)
      .header(
        'set-cookie',
        deps.sessionCookie(req, await sessions.create(member, { method: 'cas', address }), deps.sessionTtlS),
      )
      .type('text/html; charset=utf-8')
      .send(signedInPage(member.name));
  });
}
