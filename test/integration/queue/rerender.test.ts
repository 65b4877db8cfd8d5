/**
 * A job resumed after a restart in `rendered` is rendered again (the PDF lived only in memory): what is
 * recorded about it (pages, template, digest) must be what is printed now, not what the first render said.
 */
import { describe, expect, it } from 'vitest';
import { until, useQueueFixture } from './harness.js';
import { authorizeJob } from '../../helpers/authorized-job.js';

const q = useQueueFixture('rerender', 'en');

describe('a job rendered again after a restart', () => {
  it('records the pages, template version and digest of the render that is printed, and reports those pages', async () => {
    const k = q.kiosk();
    const fresh = q.request(k);
    await until(async () => (await k.runner.kick(), k.jobs.get(fresh.id).status === 'printed'), 'a fresh job to print');
    const expected = k.jobs.get(fresh.id);

    // Rendered before a restart by an older template whose document had more pages.
    const job = q.request(k);
    await authorizeJob(q.central.store, k.jobs, job);
    k.jobs.transition(job.id, 'rendered', '9 page(s), digest 0000000000000000', {
      template_id: 'old-template',
      template_version: '0.0.1',
      pages: 9,
    });
    await until(
      async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'printed'),
      'the resumed job to print',
    );

    expect(k.jobs.get(job.id)).toMatchObject({
      template_id: expected.template_id,
      template_version: expected.template_version,
      pages: expected.pages,
    });
    expect(expected.pages).not.toBe(9);
    const rendered = k.jobs.events(job.id).filter((e) => /page\(s\), digest/.test(e.detail ?? ''));
    expect(rendered.at(-1)!.detail).toMatch(
      new RegExp(`^rendered again: ${expected.pages} page\\(s\\), digest (?!0{16})[0-9a-f]{16}`),
    );
    expect(k.jobs.dueReports(10).find((r) => r.job_id === job.id)!.payload).toMatchObject({
      outcome: 'printed',
      pages: expected.pages,
    });
  });
});
