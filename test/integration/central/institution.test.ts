/**
 * Central takes names, office, seal, serial prefix and timezone from the institution profile in force
 * (real SQLite, the store's clock moved by the test), and the engine draws a seal that comes with the data.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInstitutionFile } from '../../../central/institution-file.js';
import { dashboardPage } from '../../../central/staff/dashboard-page.js';
import { DEMO_INSTITUTION, type Institution } from '../../../shared/institution.js';
import {
  builtinTemplateDir,
  loadTemplateBundle,
  renderCertificate,
  TemplateDataError,
} from '../../../templates/engine/index.js';
import { useCentral } from './central-fixture.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'central/examples/institution/profile.json');
const SEAL = readFileSync(join(ROOT, 'central/examples/institution/registrar-seal.png'));

const f = useCentral();
let jobs = 0;

/** Authorizes one enrollment certificate at central's clock `at` and returns its serial. */
async function serialAt(at: string): Promise<string> {
  f.advance(Date.parse(at) - f.store['now']().getTime());
  const student = f.students[jobs % f.students.length]!;
  await f.store.recordCardLookup('kiosk-a', student.id);
  const r = await f.store.authorize('kiosk-a', {
    jobId: `institution-${++jobs}`,
    personId: student.id,
    kind: 'enrollment',
    language: 'zh',
    copies: 1,
  });
  return r.serial;
}

describe('central and the institution profile', () => {
  it('without a profile: the demo university, its drawn seal, serials DU', async () => {
    expect(await f.store.institution()).toEqual(DEMO_INSTITUTION);
    const data = (await f.store.documentData(f.students[0]!.id, 'transcript', 'zh'))!;
    expect(data.university).toEqual({
      name: '示范大学',
      nameEn: 'Demo University',
      shortName: '示大',
      shortNameEn: 'DemoU',
      office: '教务处',
      officeEn: 'Office of Academic Affairs',
      contact: DEMO_INSTITUTION.contact.zh,
      contactEn: DEMO_INSTITUTION.contact.en,
      verificationUrl: DEMO_INSTITUTION.verificationUrl,
      timezone: 'Asia/Shanghai',
    });
    expect(await serialAt('2026-06-01T04:00:00Z')).toMatch(/^DU-2026-\d{6}$/);
  });

  it("with a profile: its names, the office that seals the kind, that office's seal, its prefix", async () => {
    const profile = loadInstitutionFile(EXAMPLE);
    // Enrollment certificates from the graduate school, which has no scanned seal.
    const grad: Institution = {
      ...profile,
      offices: [
        { ...profile.offices[0]!, kinds: ['transcript'] },
        { id: 'graduate', name: { zh: '研究生院', en: 'Graduate School' }, kinds: ['enrollment'] },
      ],
    };
    expect(await f.store.setInstitution(grad, 'test')).toBeGreaterThan(0);
    const transcript = (await f.store.documentData(f.students[0]!.id, 'transcript', 'zh'))!.university as Record<
      string,
      string
    >;
    expect(transcript).toMatchObject({ name: '东湖理工大学', office: '教务处', timezone: 'Asia/Shanghai' });
    expect(Buffer.from(transcript.seal!, 'base64')).toEqual(SEAL);
    const enrollment = (await f.store.documentData(f.students[0]!.id, 'enrollment', 'en'))!.university as Record<
      string,
      string
    >;
    expect(enrollment).toMatchObject({ nameEn: 'Donghu University of Technology', officeEn: 'Graduate School' });
    expect(enrollment.seal).toBeUndefined();
    // No office names student-status certificates: the first office issues them, rather than nobody.
    const status = (await f.store.documentData(f.students[0]!.id, 'student-status', 'zh'))!.university as Record<
      string,
      string
    >;
    expect(status.office).toBe('教务处');
    expect(await serialAt('2026-06-01T04:00:00Z')).toMatch(/^DHUT-2026-\d{6}$/);
  });

  it("a serial's year is the institution's: New Year in Beijing is 2027, in London still 2026", async () => {
    const profile = loadInstitutionFile(EXAMPLE);
    await f.store.setInstitution(profile, 'test');
    expect(await serialAt('2026-12-31T16:30:00Z')).toMatch(/^DHUT-2027-\d{6}$/);
    await f.store.setInstitution({ ...profile, timezone: 'Europe/London' }, 'test');
    expect(await serialAt('2026-12-31T16:30:00Z')).toMatch(/^DHUT-2026-\d{6}$/);
  });

  it('the staff dashboard tells the time in the institution timezone, and names it', () => {
    const at = new Date('2026-12-02T23:30:00Z');
    const staff = { id: 's', name: 'Staff' };
    const overview = { generatedAt: at.toISOString(), terminals: [] };
    expect(dashboardPage(overview, staff, at, { timeZone: 'Asia/Shanghai' })).toContain(
      '更新于 07:30:00 (Asia/Shanghai)',
    );
    expect(dashboardPage(overview, staff, at, { query: { refresh: 'off' }, timeZone: 'UTC' })).toContain(
      'Updated 23:30:00 (UTC)',
    );
  });

  it('the engine draws the seal that comes with the data, and refuses one that is not a PNG', async () => {
    const template = loadTemplateBundle(builtinTemplateDir('enrollment-zh'));
    const sample = template.sample as Record<string, Record<string, unknown>>;
    const drawn = await renderCertificate(template, sample);
    const scanned = await renderCertificate(template, {
      ...sample,
      university: { ...sample.university, seal: SEAL.toString('base64') },
    });
    // The scan is embedded (the PDF grows by about the PNG's size); the drawn seal is vector paths.
    expect(scanned.pdf.length - drawn.pdf.length).toBeGreaterThan(SEAL.length / 2);
    const notPng = renderCertificate(template, {
      ...sample,
      university: { ...sample.university, seal: Buffer.from('GIF89a....').toString('base64') },
    });
    await expect(notPng).rejects.toThrow(TemplateDataError);
    await expect(notPng).rejects.toThrow(/university\.seal: must be a PNG image in base64/);
  });
});
