/**
 * Attack (issue #18, audit and reports): an operator of one site downloads the audit or the monthly report
 * and asks for another site's rows, by filtering on that site or station, or by taking the whole export.
 * Every way gives only their own sites' stations (the scope is part of the query, not a filter they can
 * change); an admin gets both sites.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addStaff, setTerminalSite } from '../../../central/store/staff-accounts.js';
import { localDate } from '../../../shared/local-date.js';
import { hashPin } from '../../../lib/pin-hash.js';
import { staffSignIn } from '../../helpers/staff-browser.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();
const PIN = '357913';
const month = localDate(new Date(), 'Asia/Shanghai').slice(0, 7);

beforeAll(async () => {
  const sql = central.store.sql;
  await setTerminalSite(sql, 'kiosk-a', 'qianfoshan/library');
  await setTerminalSite(sql, 'kiosk-b', 'hongjialou/law');
  const at = new Date().toISOString();
  await addStaff(
    sql,
    { id: 'op-qfs', card: '88000001', name: 'op', role: 'operator', sites: ['qianfoshan'], pinHash: hashPin(PIN) },
    at,
  );
  await addStaff(
    sql,
    { id: 'admin-1', card: '88000003', name: 'ad', role: 'admin', sites: [], pinHash: hashPin(PIN) },
    at,
  );
  // Maintenance opened at both stations (audited with each station's site), and a document printed at each.
  for (const t of ['kiosk-a', 'kiosk-b'] as const)
    expect((await central.post('/v1/staff/verify', { card: '88000003', pin: PIN }, t)).json).toMatchObject({
      ok: true,
    });
  const students = central.students.filter((s) => s.record?.status === 'enrolled');
  for (const [i, t] of (['kiosk-a', 'kiosk-b'] as const).entries()) {
    const job = {
      jobId: `job-${t}`,
      personId: students[i]!.id,
      kind: 'enrollment' as const,
      language: 'zh' as const,
      copies: 1,
    };
    const a = await central.store.authorize(t, job);
    await central.store.report(t, [
      {
        jobId: job.jobId,
        serial: a.serial,
        outcome: 'printed',
        pages: 1,
        copies: 1,
        finishedAt: new Date().toISOString(),
      },
    ]);
  }
});

const sheetText = async (bytes: Buffer) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const cells: string[] = [];
  book.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => void cells.push(String(c.value)))));
  return cells.join('\n');
};

describe("an operator exporting another site's audit and report", () => {
  it('gets only their own stations from the audit, however they filter, as page, CSV and XLSX', async () => {
    const op = await staffSignIn(central.url, '88000001', PIN);
    expect(await op.text('/staff/audit')).toContain('kiosk-a');
    for (const path of [
      '/staff/audit',
      '/staff/audit/export.csv',
      '/staff/audit/export.csv?site=hongjialou',
      '/staff/audit/export.csv?station=kiosk-b',
      '/staff/audit/export.csv?text=kiosk-b',
    ])
      expect(await op.text(path), path).not.toContain('kiosk-b');
    expect(await op.text('/staff/audit/export.csv?site=hongjialou')).not.toContain('station.maintenance_opened');
    const xlsx = await sheetText(await op.bytes('/staff/audit/export.xlsx'));
    expect(xlsx).toContain('kiosk-a');
    expect(xlsx).not.toContain('kiosk-b');
  });

  it("gets only their own stations in the month's report, page and files", async () => {
    const op = await staffSignIn(central.url, '88000001', PIN);
    for (const path of [`/staff/reports?month=${month}`, `/staff/reports/${month}.csv`]) {
      const body = await op.text(path);
      expect(body, path).toContain('kiosk-a');
      expect(body, path).not.toContain('kiosk-b');
      expect(body, path).not.toContain('hongjialou');
    }
    const xlsx = await sheetText(await op.bytes(`/staff/reports/${month}.xlsx`));
    expect(xlsx).toContain('kiosk-a');
    expect(xlsx).not.toContain('kiosk-b');
  });

  it('an admin gets both sites; nobody signed in gets nothing', async () => {
    const admin = await staffSignIn(central.url, '88000003', PIN);
    const csv = await admin.text(`/staff/reports/${month}.csv`);
    expect(csv).toContain('kiosk-a');
    expect(csv).toContain('kiosk-b');
    expect(await admin.text('/staff/audit/export.csv?station=kiosk-b')).toContain('kiosk-b');
    for (const path of ['/staff/audit/export.csv', `/staff/reports/${month}.xlsx`, '/staff/audit']) {
      const res = await fetch(`${central.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/staff');
    }
  });
});
