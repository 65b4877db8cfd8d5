/**
 * A job prints exactly the data central snapshotted (issue #15): the station sends the digest of the data
 * the student's preview showed with the authorization, keeps that data with the job (job_data), renders
 * from it also after a restart, and wipes it (audited) once nothing more prints from it. A central that
 * answers `records_changed` gets nothing printed and nothing charged. Real central, real SQLite, real
 * file printer; the printed file's own signature and digests are checked.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDigest } from '../../../lib/canonical-json.js';
import { verifyPdfFile } from '../../../lib/pdf-file-signature.js';
import { CentralClient, CentralRejectedError, type CentralApi } from '../../../main/core/central-client.js';
import { JobDataStore } from '../../../main/core/queue/job-data.js';
import { jobView } from '../../../main/core/session/job-view.js';
import { TERMINAL, until, useQueueFixture, type TestKiosk } from './harness.js';
import { authorizeJob } from '../../helpers/authorized-job.js';

const q = useQueueFixture('jobdata', 'en');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signing = { privateKey, terminalId: TERMINAL };
const NOW = new Date();

/** Central as the kiosk sees it, recording every authorization it is asked for. */
function recordingCentral(
  refuse?: string,
  refused: 'authorizeJob' | 'documentData' = 'authorizeJob',
): {
  api: CentralApi;
  asked: Record<string, unknown>[];
  routes: string[];
} {
  const client = new CentralClient({ baseUrl: q.central.url, token: q.central.tokens[TERMINAL]!, timeoutMs: 5000 });
  const asked: Record<string, unknown>[] = [];
  const routes: string[] = [];
  const api: CentralApi = {
    call: (route, body, options) => {
      routes.push(route);
      if (route === 'authorizeJob') asked.push(body as Record<string, unknown>);
      if (refuse && route === refused)
        return Promise.reject(new CentralRejectedError(refused === 'authorizeJob' ? 409 : 403, refuse, 'refused'));
      return client.call(route, body, options);
    },
  };
  return { api, asked, routes };
}

const printedFile = (k: TestKiosk, jobId: string) => readFileSync(join(k.prints, k.printed(jobId)[0]!));
const keptRows = (k: TestKiosk) => (k.db.prepare('SELECT COUNT(*) AS n FROM job_data').get() as { n: number }).n;

async function dataOf(personId: string): Promise<Record<string, unknown>> {
  const client = new CentralClient({ baseUrl: q.central.url, token: q.central.tokens[TERMINAL]!, timeoutMs: 5000 });
  return (await client.call('documentData', { personId, kind: 'enrollment', language: 'en' })).data;
}

describe('the data a job prints', () => {
  it("the authorization carries the digest of the preview's data; the print is signed over its file; the data is wiped", async () => {
    const central = recordingCentral();
    const k = q.kiosk({ runner: { central: central.api, signing } });
    const job = q.request(k);
    const data = await dataOf(job.person_id);
    k.runner.provideData(job.id, data);
    await until(async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'printed'), 'the job to print');

    expect(central.asked).toHaveLength(1);
    expect(central.asked[0]!.dataDigest).toBe(dataDigest(data));
    expect(central.routes).not.toContain('documentData');
    const done = k.jobs.get(job.id);
    const file = printedFile(k, job.id);
    expect(done.file_sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(verifyPdfFile(file, publicKey, NOW)).toMatchObject({ serial: done.serial, fileSha256: done.file_sha256 });
    expect(done.content_digest!.startsWith(verifyPdfFile(file, publicKey, NOW).digestPrefix)).toBe(true);
    expect(k.jobs.dueReports(10).find((r) => r.job_id === job.id)!.payload).toMatchObject({
      outcome: 'printed',
      fileSha256: done.file_sha256,
      contentDigest: done.content_digest,
    });
    // Wiped once on the printer, with a line in the audit trail saying so.
    expect(keptRows(k)).toBe(0);
    expect(k.jobs.events(job.id).map((e) => e.detail)).toContain('document data wiped: nothing more prints from it');
  });

  it('a job authorized before a restart renders the data it kept, not what central gives now', async () => {
    const central = recordingCentral();
    const k = q.kiosk({ runner: { central: central.api, signing } });
    const job = q.request(k);
    // What the student saw (and central snapshotted), kept before the authorization; central's records differ now.
    const seen = { ...(await dataOf(job.person_id)) };
    seen.student = { ...(seen.student as object), name: 'Kept Name' };
    new JobDataStore(k.db).keep(job.id, seen, new Date().toISOString());
    // Authorized as a station before issue #15 did (no digest: central snapshots unchecked), so the kept
    // data can differ from central's records and the print shows which one the runner rendered.
    await authorizeJob(q.central.store, k.jobs, job);
    await until(async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'printed'), 'the job to print');

    expect(central.routes).not.toContain('documentData');
    expect(verifyPdfFile(printedFile(k, job.id), publicKey, NOW).holder).toBe('K* N*');
    expect(keptRows(k)).toBe(0);
  });

  it('asked again after a crash, the authorization carries the same digest (the kept data, not a new fetch)', async () => {
    const central = recordingCentral();
    const k = q.kiosk({ runner: { central: central.api } });
    const job = q.request(k);
    const seen = await dataOf(job.person_id);
    new JobDataStore(k.db).keep(job.id, seen, new Date().toISOString());
    // A new runner after the crash has no data in memory; another answer handed over must not replace the kept one.
    k.runner.provideData(job.id, { ...seen, note: 'a later answer' });
    await until(async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'printed'), 'the job to print');
    expect(central.asked.map((b) => b.dataDigest)).toEqual([dataDigest(seen)]);
  });

  it('central refuses with records_changed: nothing printed or charged, the data wiped, the student told to look again', async () => {
    const central = recordingCentral('records_changed');
    const k = q.kiosk({ runner: { central: central.api } });
    const job = q.request(k);
    k.runner.provideData(job.id, await dataOf(job.person_id));
    await until(async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'failed'), 'the job to fail');

    const failed = k.jobs.get(job.id);
    expect(k.printed(job.id)).toEqual([]);
    // Settled: central holds nothing for it (no report to send, nothing for staff).
    expect(failed).toMatchObject({ serial: null, flag: null, last_error: 'central refused: records_changed' });
    expect(failed.central_confirmed_at).not.toBeNull();
    expect(keptRows(k)).toBe(0);
    const view = jobView(failed);
    expect(view.errorCode).toBe('records_changed');
    expect(view.error!.en).toMatch(/nothing was printed or charged\. Please look at the preview again/);
    expect(view.error!.zh).toMatch(/请重新查看预览/);
  });

  it('central refuses the data before any authorization (no recent card lookup): settled, never authorized', async () => {
    const central = recordingCentral('no_card_lookup', 'documentData');
    const k = q.kiosk({ runner: { central: central.api } });
    const job = q.request(k);
    await until(async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'failed'), 'the job to fail');
    expect(central.asked).toEqual([]);
    expect(k.jobs.get(job.id)).toMatchObject({
      flag: null,
      last_error: 'central refused the document data: no_card_lookup',
    });
    expect(k.jobs.get(job.id).central_confirmed_at).not.toBeNull();
    expect(keptRows(k)).toBe(0);
  });

  it('an older job, authorized without kept data, fetches its data as before', async () => {
    const k = q.kiosk();
    const job = q.request(k);
    await authorizeJob(q.central.store, k.jobs, job);
    await until(async () => (await k.runner.kick(), k.jobs.get(job.id).status === 'printed'), 'the job to print');
    expect(k.network.count('documentData')).toBe(1);
  });
});
