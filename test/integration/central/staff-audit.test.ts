/**
 * The dashboard's audit and reports over real HTTP (issue #18): sign-ins, refusals and sign-outs are
 * audited; the audit page filters by day in the institution's timezone, action group, actor and text, and
 * pages; a filter it does not understand is said; the exports are CSV (UTF-8 with a byte-order mark,
 * quoted) and XLSX read back with ExcelJS; the reports page shows a month and offers its files.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addStaff, setTerminalSite } from '../../../central/store/staff-accounts.js';
import { setKind } from '../../../central/store/kinds.js';
import { localDate } from '../../../shared/local-date.js';
import { hashPin } from '../../../lib/pin-hash.js';
import { staffSignIn } from '../../helpers/staff-browser.js';
import { useCentral } from './central-fixture.js';
import { printedAtCentral } from '../../helpers/authorized-job.js';

const central = useCentral();
const PIN = '246813';
const TZ = 'Asia/Shanghai';
const today = () => localDate(new Date(), TZ);

beforeAll(async () => {
  const sql = central.store.sql;
  await setTerminalSite(sql, 'kiosk-a', 'qianfoshan/library');
  await addStaff(
    sql,
    { id: 'admin-1', card: '88000003', name: '管理员', role: 'admin', sites: [], pinHash: hashPin(PIN) },
    new Date().toISOString(),
  );
  // A kind whose title has a comma and a quote: the CSV must keep it one cell.
  const enrollment = (await central.store.kindDefinition('enrollment'))!.definition;
  await setKind(
    sql,
    { ...enrollment, title: { zh: '在读证明，含"学籍"', en: 'Enrollment, with "status"' } },
    'os:test',
    new Date().toISOString(),
  );
  const student = central.students.find((s) => s.record?.status === 'enrolled')!;
  await printedAtCentral(
    central.store,
    'kiosk-a',
    { jobId: 'j1', personId: student.id, kind: 'enrollment', language: 'zh', copies: 1 },
    { pages: 2 },
  );
});

describe('the audit page', () => {
  it('records a refused sign-in, a sign-in and a sign-out, and finds them by filter', async () => {
    const wrong = await fetch(`${central.url}/staff/login`, {
      method: 'POST',
      body: new URLSearchParams({ card: '88000003', pin: '000000' }),
    });
    expect(wrong.status).toBe(401);
    const first = await staffSignIn(central.url, '88000003', PIN);
    await fetch(`${central.url}/staff/logout`, { method: 'POST', headers: { cookie: first.cookie } });
    const admin = await staffSignIn(central.url, '88000003', PIN);

    const staffEvents = await admin.text('/staff/audit?action=staff.');
    const actions = [...staffEvents.matchAll(/<td class="id">(staff\.[a-z_]+)<\/td>/g)].map((m) => m[1]);
    // Newest first; adding the account (beforeAll) is a staff.account_changed of its own.
    expect(actions.filter((a) => a !== 'staff.account_changed')).toEqual([
      'staff.sign_in',
      'staff.sign_out',
      'staff.sign_in',
      'staff.sign_in_refused',
    ]);
    expect(actions).toContain('staff.account_changed');
    expect(staffEvents).toContain('card:88000003');
    expect(await admin.text('/staff/audit?action=kind.published')).toContain('enrollment@');
    expect(await admin.text(`/staff/audit?from=${today()}&to=${today()}&actor=admin-1`)).toContain('staff.sign_out');
    // Yesterday and before hold none of today's events.
    const yesterday = new Date(Date.parse(`${today()}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await admin.text(`/staff/audit?to=${yesterday}`)).toContain('data-testid="audit-empty"');
  });

  it('says which filter it did not understand, and pages 50 at a time', async () => {
    const admin = await staffSignIn(central.url, '88000003', PIN);
    const bad = await admin.get('/staff/audit?from=2026-13-45');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/The filter &#34;from&#34; needs a date as YYYY-MM-DD/);
    expect((await admin.get('/staff/audit?action=staff.everything')).status).toBe(400);
    expect((await admin.get(`/staff/audit?from=${today()}&to=2020-01-01`)).status).toBe(400);
    for (let i = 0; i < 55; i++)
      await central.store.recordAudit({
        actor: 'os:test',
        action: 'station.action.sync',
        terminalId: 'kiosk-a',
        reason: `sync ${i}`,
      });
    const one = await admin.text('/staff/audit?action=station.action.');
    expect(one.match(/data-testid="audit-row"/g)).toHaveLength(50);
    expect(one).toContain('Page 1 of 2');
    const two = await admin.text('/staff/audit?action=station.action.&page=2');
    expect(two.match(/data-testid="audit-row"/g)).toHaveLength(5);
    expect(two).toContain('sync 0');
  });

  it('exports the filtered events as CSV with a byte-order mark and as XLSX', async () => {
    const admin = await staffSignIn(central.url, '88000003', PIN);
    const res = await admin.get('/staff/audit/export.csv?action=station.action.');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\n');
    expect(lines[0]).toBe(`Time (${TZ}),Actor,Action,Outcome,Station,Site,Target,Reason,Detail`);
    expect(lines).toHaveLength(56);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await admin.bytes('/staff/audit/export.xlsx?action=station.action.')) as unknown as ExcelJS.Buffer,
    );
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(56);
    expect(sheet.getRow(2).getCell(3).value).toBe('station.action.sync');
    expect(sheet.getRow(2).getCell(6).value).toBe('qianfoshan/library');
  });
});

describe('the reports page', () => {
  it("shows this month's documents and offers CSV (a kind name with a comma stays one cell) and XLSX", async () => {
    const admin = await staffSignIn(central.url, '88000003', PIN);
    const month = today().slice(0, 7);
    const page = await admin.text(`/staff/reports?month=${month}`);
    expect(page).toContain('qianfoshan/library');
    expect(page).toContain(`/staff/reports/${month}.xlsx`);
    const csv = (await admin.bytes(`/staff/reports/${month}.csv`)).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(
      'qianfoshan/library,kiosk-a,enrollment,"在读证明，含""学籍"" / Enrollment, with ""status""",zh,1,1,2',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await admin.bytes(`/staff/reports/${month}.xlsx`)) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '1 Documents printed',
      '2 Fees and refunds',
      '3 Jobs that needed attention',
    ]);
    expect(book.worksheets[0]!.getRow(2).values).toEqual([
      undefined,
      'qianfoshan/library',
      'kiosk-a',
      'enrollment',
      '在读证明，含"学籍" / Enrollment, with "status"',
      'zh',
      1,
      1,
      2,
    ]);
    const bad = await admin.get('/staff/reports?month=2026-13');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not a month');
    expect((await admin.get('/staff/reports/2026-13.csv')).status).toBe(404);
  });
});
