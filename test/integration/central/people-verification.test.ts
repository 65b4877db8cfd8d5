/**
 * Nobody is deleted: a student deactivated after printing (left out of a full import) can no longer
 * use their card, but the public verification page still finds the document and its holder's masked
 * name. Real central over HTTP, real SQLite.
 */
import { describe, expect, it } from 'vitest';
import { maskName } from '../../../lib/verification.js';
import { useCentral } from './central-fixture.js';

const central = useCentral({ requireCardLookup: true });

describe('a person deactivated after printing', () => {
  it('keeps every document verifiable, while their card stops working', async () => {
    const s = central.students[0]!;
    expect((await central.post('/v1/cards/lookup', { card: s.card })).status).toBe(200);
    const jobId = '0190c000-0000-7000-8000-000000000001';
    const auth = await central.post('/v1/jobs/authorize', {
      jobId,
      personId: s.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    expect(auth.status).toBe(200);
    const report = await central.post('/v1/jobs/report', {
      reports: [
        {
          jobId,
          serial: auth.json.serial,
          outcome: 'printed',
          pages: 1,
          copies: 1,
          finishedAt: new Date().toISOString(),
        },
      ],
    });
    expect(report.json.results).toEqual([{ jobId, result: 'confirmed' }]);

    const everyoneElse = new Set(central.students.filter((p) => p !== s).map((p) => p.id));
    expect(await central.store.deactivateMissing(everyoneElse, 'student')).toEqual([s.id]);

    expect((await central.post('/v1/cards/lookup', { card: s.card })).status).toBe(404);
    const refused = await central.post('/v1/jobs/authorize', {
      jobId: '0190c000-0000-7000-8000-000000000002',
      personId: s.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    expect(refused.status).toBe(403);

    const page = await fetch(`${central.url}/verify/${auth.json.verificationCode as string}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-state="genuine"');
    expect(html).toContain(maskName(s.name));
    expect(html).toContain(auth.json.serial as string);
  });
});
