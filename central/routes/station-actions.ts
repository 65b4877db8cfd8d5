/**
 * The dashboard's remote actions (issue #18): `POST /staff/terminals/:id/actions` asks the station (the
 * form on its page), `GET /staff/terminals/:id/actions/:action/screenshot` shows a screenshot while central
 * keeps it (a day). Registered inside the staff plugin (routes/staff.ts): its session cookie, security
 * headers and form parser apply. Who may act is central/actions/request.ts; a cross-site form post is
 * refused besides the SameSite=Strict cookie (an Origin that is not this host's).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { askStation } from '../actions/request.js';
import { maintenanceRefusal, seesStation } from '../domain/staff-scope.js';
import { bi, esc, page } from '../staff/html.js';
import type { StaffMember } from '../staff/sessions.js';
import { stationActionsSection } from '../staff/station-actions-html.js';
import type { CentralStore } from '../store/types.js';

const Params = z.object({ id: z.string().min(1).max(64) });
const ShotParams = z.object({ id: z.string().min(1).max(64), action: z.string().uuid() });
const Form = z.object({
  action: z.string().max(40).default(''),
  reason: z.string().max(400).default(''),
  lines: z.string().max(10).optional(),
  jobId: z.string().max(64).optional(),
  decision: z.string().max(20).optional(),
  expireMinutes: z.string().max(10).optional(),
});

export interface StationActionRoutesOptions {
  store: CentralStore;
  /** The signed-in staff member of this request, or null. */
  staffOf: (req: FastifyRequest) => Promise<StaffMember | null>;
}

/** The params of an action from the form's fields (the ones the action does not use are ignored). */
function paramsFrom(form: z.infer<typeof Form>): unknown {
  if (form.action === 'logs') return { lines: Number(form.lines ?? '') };
  if (form.action === 'resolve_job') return { jobId: form.jobId?.trim() ?? '', decision: form.decision ?? '' };
  return {};
}

/** The remote actions section of a station's page for this staff member (routes/staff.ts shows it). */
export async function actionsSectionFor(
  store: CentralStore,
  staff: StaffMember,
  terminalId: string,
  timeZone: string,
): Promise<string> {
  const scope = await store.staffScope(staff.id);
  const site = (await store.terminalState(terminalId))?.site ?? null;
  const mayAct = scope ? maintenanceRefusal(scope, site) : 'no such staff member';
  return stationActionsSection(terminalId, await store.stationActions.ofTerminal(terminalId), mayAct, timeZone);
}

function noticePage(terminalId: string, message: string): string {
  return page(
    { title: 'E站 远程操作 / E-station remote action' },
    `<main><p class="notice" role="alert" data-testid="action-refused">${esc(message)}</p><p><a href="/staff/terminals/${esc(encodeURIComponent(terminalId))}#actions">${bi('← 返回终端页面', 'Back to the station')}</a></p></main>`,
  );
}

/**
 * A form posted from another site. Browsers say so in Sec-Fetch-Site; the Origin is the fallback (the
 * staff pages' `Referrer-Policy: no-referrer` makes a browser send `Origin: null` for their own forms, so
 * null is no proof either way: the SameSite=Strict session cookie is not sent cross-site anyway).
 */
function crossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  return !URL.canParse(origin) || new URL(origin).host !== req.headers.host;
}

export function registerStationActionRoutes(
  app: FastifyInstance,
  { store, staffOf }: StationActionRoutesOptions,
): void {
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  app.post('/staff/terminals/:id/actions', async (req, reply) => {
    const staff = await staffOf(req);
    if (!staff) return reply.code(303).header('location', '/staff').send();
    const params = Params.safeParse(req.params);
    if (!params.success) return html(reply, 404, noticePage('', 'There is no such station.'));
    const id = params.data.id;
    if (crossSite(req))
      return html(reply, 403, noticePage(id, 'Refused: this form was sent from another site. Nothing was sent.'));
    const form = Form.safeParse(req.body ?? {});
    if (!form.success) return html(reply, 400, noticePage(id, 'The form was not complete; fill it in again.'));
    const minutes = form.data.expireMinutes ? Number(form.data.expireMinutes) : undefined;
    const answer = await askStation(store, {
      terminalId: id,
      action: form.data.action,
      params: paramsFrom(form.data),
      reason: form.data.reason,
      staffId: staff.id,
      via: 'dashboard',
      ...(minutes !== undefined ? { expiresInMs: minutes * 60_000 } : {}),
    });
    if (!answer.ok) {
      req.log.warn(
        { staffId: staff.id, terminalId: id, code: answer.code },
        `remote action refused: ${answer.message}`,
      );
      return html(
        reply,
        answer.code === 'forbidden' ? 403 : answer.code === 'not_found' ? 404 : 400,
        noticePage(id, answer.message),
      );
    }
    req.log.info(
      { staffId: staff.id, terminalId: id, actionId: answer.action.id, action: answer.action.action },
      'remote action asked',
    );
    return reply
      .code(303)
      .header('location', `/staff/terminals/${encodeURIComponent(id)}?asked=${answer.action.id}#actions`)
      .send();
  });

  app.get('/staff/terminals/:id/actions/:action/screenshot', async (req, reply) => {
    const staff = await staffOf(req);
    if (!staff) return reply.code(303).header('location', '/staff').send();
    const params = ShotParams.safeParse(req.params);
    const gone = () =>
      html(
        reply,
        404,
        noticePage(
          params.success ? params.data.id : '',
          'No such screenshot: it was never taken, or it was removed after a day.',
        ),
      );
    if (!params.success) return gone();
    const scope = await store.staffScope(staff.id);
    const action = await store.stationActions.byId(params.data.action);
    const site = action ? ((await store.terminalState(action.terminalId))?.site ?? null) : null;
    // The same answer for another station's screenshot as for none: nothing about it is told.
    if (!action || action.terminalId !== params.data.id || !scope || !seesStation(scope, site)) return gone();
    const png = await store.stationActions.screenshot(action.id);
    if (!png) return gone();
    return reply.code(200).type('image/png').send(png);
  });
}
