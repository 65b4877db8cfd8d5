/**
 * The dashboard's audit and reports (issue #18): `/staff/audit` (search) and `/staff/audit/export.csv|xlsx`,
 * `/staff/reports?month=` and `/staff/reports/YYYY-MM.csv|xlsx`. Admins see every site; operators and
 * viewers only events on and figures of their sites' stations (central/domain/staff-scope.ts): the scope
 * goes into the query itself, so a filter naming another site or station finds nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseAuditQuery } from '../reports/audit-query.js';
import { auditTable } from '../reports/audit-table.js';
import { CONTENT_TYPES, exportTables, type ExportFormat } from '../reports/export.js';
import { MONTH_PATTERN, monthlyReport, previousMonth } from '../reports/monthly.js';
import { AUDIT_PAGE_SIZE, auditPage } from '../staff/audit-page.js';
import { reportsPage } from '../staff/reports-page.js';
import type { StaffMember } from '../staff/sessions.js';
import { AUDIT_EXPORT_LIMIT } from '../store/audit.js';
import type { SiteScope } from '../store/site-sql.js';
import type { CentralStore } from '../store/types.js';

export interface AuditRoutesDeps {
  store: CentralStore;
  now: () => Date;
  /** The signed-in staff member of the request, or null. */
  staffOf: (req: FastifyRequest) => Promise<StaffMember | null>;
}

const ExportParams = z.object({ format: z.enum(['csv', 'xlsx']) });
const ReportFileParams = z.object({ month: z.string().regex(MONTH_PATTERN), format: z.enum(['csv', 'xlsx']) });

export function registerAuditRoutes(app: FastifyInstance, { store, now, staffOf }: AuditRoutesDeps): void {
  /** Null: every site (an admin); otherwise the reader's sites (none for a disabled or unknown account). */
  const scopeOf = async (staff: StaffMember): Promise<SiteScope> => {
    const scope = await store.staffScope(staff.id);
    if (!scope || scope.disabled) return [];
    return scope.role === 'admin' ? null : scope.sites;
  };
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);
  const file = (reply: FastifyReply, format: ExportFormat, name: string, body: Buffer) =>
    reply
      .code(200)
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${name}.${format}"`)
      .send(body);
  const toSignIn = (reply: FastifyReply) => reply.code(303).header('location', '/staff').send();

  app.get('/staff/audit', async (req, reply) => {
    const staff = await staffOf(req);
    if (!staff) return toSignIn(reply);
    const timeZone = (await store.institution()).timezone;
    const query = parseAuditQuery(req.query as Record<string, unknown>, timeZone);
    const scopeSites = await scopeOf(staff);
    const base = { staff, timeZone, given: query.given, everySite: scopeSites === null };
    if (!query.ok) return html(reply, 400, auditPage({ ...base, result: null, page: 1, notice: query.message }));
    const result = await store.searchAudit({
      ...query.filter,
      scopeSites,
      limit: AUDIT_PAGE_SIZE,
      offset: (query.page - 1) * AUDIT_PAGE_SIZE,
    });
    return html(reply, 200, auditPage({ ...base, result, page: query.page }));
  });

  app.get('/staff/audit/export.:format', async (req, reply) => {
    const staff = await staffOf(req);
    if (!staff) return toSignIn(reply);
    const params = ExportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const timeZone = (await store.institution()).timezone;
    const query = parseAuditQuery(req.query as Record<string, unknown>, timeZone);
    if (!query.ok)
      return html(
        reply,
        400,
        auditPage({
          staff,
          timeZone,
          given: query.given,
          everySite: false,
          result: null,
          page: 1,
          notice: query.message,
        }),
      );
    const result = await store.searchAudit({
      ...query.filter,
      scopeSites: await scopeOf(staff),
      limit: AUDIT_EXPORT_LIMIT,
    });
    req.log.info({ staffId: staff.id, rows: result.rows.length, format: params.data.format }, 'audit exported');
    const body = await exportTables([auditTable(result.rows, timeZone)], params.data.format);
    return file(reply, params.data.format, `audit-${now().toISOString().slice(0, 10)}`, body);
  });

  app.get('/staff/reports', async (req, reply) => {
    const staff = await staffOf(req);
    if (!staff) return toSignIn(reply);
    const timeZone = (await store.institution()).timezone;
    const asked = (req.query as { month?: unknown }).month;
    const valid = typeof asked === 'string' && MONTH_PATTERN.test(asked);
    const month = valid ? asked : previousMonth(now(), timeZone);
    const notice =
      asked === undefined || valid
        ? undefined
        : `"${String(asked).slice(0, 20)}" is not a month: choose one as YYYY-MM. Showing ${month}.`;
    const scope = await scopeOf(staff);
    const report = await monthlyReport(store, month, timeZone, scope);
    return html(reply, notice ? 400 : 200, reportsPage(staff, report, scope === null, notice));
  });

  app.get('/staff/reports/:month.:format', async (req, reply) => {
    const staff = await staffOf(req);
    if (!staff) return toSignIn(reply);
    const params = ReportFileParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const timeZone = (await store.institution()).timezone;
    const report = await monthlyReport(store, params.data.month, timeZone, await scopeOf(staff));
    const body = await exportTables(report.tables, params.data.format);
    return file(reply, params.data.format, `report-${params.data.month}`, body);
  });
}
