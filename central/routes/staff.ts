/**
 * The staff dashboard, `/staff`: site staff sign in with their staff card number and maintenance PIN
 * (checked by the store, like the kiosk's maintenance mode) and see every terminal's health and alerts.
 *
 * Sessions are random cookies (HttpOnly, SameSite=Strict, Path=/staff, 8 h) kept in memory; at most 5
 * failed sign-ins per client address in 5 minutes. Pages are server-rendered with every value escaped,
 * and no script: the dashboard reloads itself with `<meta http-equiv="refresh">` (`?refresh=off` pauses that).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { seesStation } from '../domain/staff-scope.js';
import { z } from 'zod';
import type { LocalizedText } from '../../shared/domain.js';
import type { AlertOptions } from '../alerts.js';
import { terminalsOverview } from '../overview.js';
import { dashboardPage } from '../staff/dashboard-page.js';
import { loginPage as renderLoginPage } from '../staff/login-page.js';
import { DEFAULT_SSO_LABEL, registerCasRoutes, type CasSignOn } from './cas.js';
import { registerAuditRoutes } from './staff-audit.js';
import { CAS_START_PATH } from '../staff/cas-config.js';
import { HISTORY_DAYS } from '../staff/station-charts.js';
import { stationNotFoundPage, stationPage } from '../staff/station-page.js';
import { STATION_AUDIT_ROWS, stationAuditSection } from '../staff/station-audit-html.js';
import { parseStationQuery } from '../staff/station-query.js';
import { LoginLimiter, SESSION_TTL_S, StaffSessions } from '../staff/sessions.js';
import type { CentralStore } from '../store/types.js';
import { addressSource } from '../store/security-alerts.js';
import { actionsSectionFor, registerStationActionRoutes } from './station-actions.js';

export interface StaffRoutesOptions {
  store: CentralStore;
  now?: () => Date;
  alerts?: AlertOptions;
  /** Sign-in through the university's single sign-on (routes/cas.ts), besides card and PIN. */
  cas?: CasSignOn;
}

export const SESSION_COOKIE = 'estation_staff';
export const STAFF_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
} as const;

const LoginForm = z.object({ card: z.string().trim().min(1).max(64), pin: z.string().regex(/^\d{4,12}$/) });
const TerminalParams = z.object({ id: z.string().min(1).max(64) });

const MESSAGES = {
  invalid: {
    zh: '请输入员工卡号和 4–12 位数字 PIN。',
    en: 'Enter your staff card number and a PIN of 4 to 12 digits.',
  },
  wrong: (left: number): LocalizedText => ({
    zh: `员工卡号或 PIN 不正确，还可尝试 ${left} 次。`,
    en: `The staff card number or PIN is wrong. ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  }),
  locked: (waitS: number): LocalizedText => {
    const min = Math.max(1, Math.ceil(waitS / 60));
    return {
      zh: `登录失败次数过多，请 ${min} 分钟后再试。`,
      en: `Too many failed sign-ins. Try again in ${min} ${min === 1 ? 'minute' : 'minutes'}.`,
    };
  },
  cardLocked: (waitS: number): LocalizedText => {
    const min = Math.max(1, Math.ceil(waitS / 60));
    return {
      zh: `此员工卡在本机 PIN 错误过多，已锁定 ${min} 分钟。`,
      en: `Too many wrong PINs for this staff card from here: it is locked here for ${min} ${min === 1 ? 'minute' : 'minutes'}.`,
    };
  },
  slowed: (waitS: number): LocalizedText => ({
    zh: `此员工卡近期 PIN 错误过多，请 ${waitS} 秒后再试。`,
    en: `Too many wrong PINs for this staff card recently. Try again in ${waitS} ${waitS === 1 ? 'second' : 'seconds'}.`,
  }),
  noTerminal: {
    zh: '没有此终端，请从终端列表中选择。',
    en: 'There is no such terminal. Choose one from the list of terminals.',
  },
  badRequest: { zh: '请求无效，请重新登录。', en: 'The request was not valid. Please sign in again.' },
  internal: { zh: '服务器出错，请稍后再试。', en: 'Something went wrong on the server. Please try again later.' },
};

/** The value of one cookie in the request's Cookie header, or null. */
export function cookieValue(req: FastifyRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function sessionCookie(req: FastifyRequest, value: string, maxAgeS: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/staff; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${secure}`;
}

export const staffRoutes: FastifyPluginAsync<StaffRoutesOptions> = async (
  app,
  { store, now = () => new Date(), alerts = {}, cas },
) => {
  const sessions = new StaffSessions(store);
  const limiter = new LoginLimiter(store, now);
  const sso = cas && { href: CAS_START_PATH, label: cas.label ?? DEFAULT_SSO_LABEL };
  const loginPage = (notice?: LocalizedText, card = '') => renderLoginPage(notice, card, sso);

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  // Sign-in forms arrive URL-encoded; only in this plugin, and small.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(STAFF_HEADERS);
  });
  // Errors here are pages, never JSON and never a stack trace.
  app.setErrorHandler((err: { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error(err);
    return html(reply, status, loginPage(status === 500 ? MESSAGES.internal : MESSAGES.badRequest));
  });

  /**
   * The stations this staff member's role and sites let them see (issue #18; central/domain/staff-scope.ts).
   * The fleet's alerts (a version behind the fleet) are computed over every station first.
   */
  const overviewFor = async (staff: { id: string }, at: Date) => {
    const records = await store.terminals();
    const scope = await store.staffScope(staff.id);
    const visible = new Set(records.filter((r) => scope && seesStation(scope, r.site ?? null)).map((r) => r.id));
    const overview = terminalsOverview(records, at, alerts);
    return { ...overview, terminals: overview.terminals.filter((t) => visible.has(t.id)) };
  };

  app.get('/staff', async (req, reply) => {
    const staff = await sessions.get(cookieValue(req, SESSION_COOKIE));
    if (!staff) return html(reply, 200, loginPage());
    // Search, filters, sort and page (station-query.ts); what is not understood is said, over every station.
    const query = parseStationQuery(req.query);
    const at = now();
    return html(
      reply,
      query.ok ? 200 : 400,
      dashboardPage(await overviewFor(staff, at), staff, at, {
        ...(query.ok ? { query: query.query } : { notice: query.message }),
        timeZone: (await store.institution()).timezone,
        otherAlerts: await store.signInAlerts(),
        fleetAlerts: await store.reconciliations.alerts(),
      }),
    );
  });

  app.get('/staff/terminals/:id', async (req, reply) => {
    const staff = await sessions.get(cookieValue(req, SESSION_COOKIE));
    // Signing in comes first; the dashboard links back here.
    if (!staff) return reply.code(303).header('location', '/staff').send();
    const params = TerminalParams.safeParse(req.params);
    const at = now();
    const terminal = params.success
      ? (await overviewFor(staff, at)).terminals.find((t) => t.id === params.data.id)
      : undefined;
    if (!terminal) return html(reply, 404, stationNotFoundPage(MESSAGES.noTerminal));
    const since = new Date(at.getTime() - (HISTORY_DAYS + 1) * 24 * 3600_000).toISOString();
    const { timezone } = await store.institution();
    return html(
      reply,
      200,
      stationPage(
        terminal,
        await store.stationHistory(terminal.id, since),
        staff,
        at,
        timezone,
        await store.recentAlerts(terminal.id, since),
        await actionsSectionFor(store, staff, terminal.id, timezone),
        // The station is one the staff member may see (overviewFor above): its events are theirs to read.
        stationAuditSection(
          terminal.id,
          await store.searchAudit({ scopeSites: null, terminalId: terminal.id, limit: STATION_AUDIT_ROWS }),
          timezone,
        ),
      ),
    );
  });

  // The audit and the reports (routes/staff-audit.ts), behind the same sign-in, headers and error pages.
  registerAuditRoutes(app, { store, now, staffOf: (req) => sessions.get(cookieValue(req, SESSION_COOKIE)) });
  registerStationActionRoutes(app, { store, staffOf: (req) => sessions.get(cookieValue(req, SESSION_COOKIE)) });

  app.post('/staff/login', async (req, reply) => {
    const address = req.ip;
    const wait = await limiter.waitS(address);
    if (wait > 0) return html(reply.header('retry-after', String(wait)), 429, loginPage(MESSAGES.locked(wait)));
    const form = LoginForm.safeParse(req.body);
    const card =
      typeof (req.body as { card?: unknown } | null)?.card === 'string'
        ? String((req.body as { card: string }).card).slice(0, 64)
        : '';
    if (!form.success) return html(reply, 400, loginPage(MESSAGES.invalid, card));
    const answer = await store.checkStaffPin(form.data.card, form.data.pin, addressSource(address));
    if (!answer.ok)
      await store.recordAudit({
        actor: `card:${form.data.card}`,
        action: 'staff.sign_in_refused',
        outcome: 'refused',
        reason: answer.state === 'wrong' ? 'wrong PIN or unknown card' : `card ${answer.state}`,
        detail: { method: 'card', address },
      });
    // The card is locked for this address, or slowed everywhere: say so, and how long (never "PIN wrong").
    if (!answer.ok && answer.state !== 'wrong')
      return html(
        reply.header('retry-after', String(answer.retryAfterS)),
        429,
        loginPage(
          answer.state === 'locked' ? MESSAGES.cardLocked(answer.retryAfterS) : MESSAGES.slowed(answer.retryAfterS),
          card,
        ),
      );
    if (!answer.ok) {
      const left = Math.min(await limiter.fail(address), answer.triesLeft);
      if (left === 0) {
        const w = Math.max(await limiter.waitS(address), 1);
        return html(reply.header('retry-after', String(w)), 429, loginPage(MESSAGES.locked(w), card));
      }
      return html(reply, 401, loginPage(MESSAGES.wrong(left), card));
    }
    const staff = answer.staff;
    await limiter.succeed(address);
    await sessions.end(cookieValue(req, SESSION_COOKIE));
    return reply
      .code(303)
      .header(
        'set-cookie',
        sessionCookie(req, await sessions.create(staff, { method: 'card', address }), SESSION_TTL_S),
      )
      .header('location', '/staff')
      .send();
  });

  if (cas)
    registerCasRoutes(app, {
      cas,
      sessions,
      limiter,
      store,
      now,
      loginPage,
      sessionCookie,
      currentSession: (req) => cookieValue(req, SESSION_COOKIE),
      cookieValue,
      sessionTtlS: SESSION_TTL_S,
      lockedNotice: MESSAGES.locked,
      audit: (event) => store.recordAudit(event),
    });

  app.post('/staff/logout', async (req, reply) => {
    await sessions.end(cookieValue(req, SESSION_COOKIE));
    return reply
      .code(303)
      .header('set-cookie', sessionCookie(req, '', 0))
      .header('location', '/staff')
      .send();
  });
};
