/**
 * The outbox when central answers 400: only a report central names as invalid, sent alone, goes to
 * staff; a 400 that names no report (a gateway, a broken central) or every report (a version
 * mismatch) is central's fault: the outbox backs off and keeps every report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CentralRejectedError } from '../../../main/core/central-client.js';
import { createLogger } from '../../../main/core/log.js';
import { namedReports, Outbox } from '../../../main/core/outbox.js';
import { ReportRequest, type JobReport } from '../../../shared/central-api.js';
import { FakeCentral } from '../../helpers/fake-central.js';
import { newJob, PATH_TO, tempStore } from './temp-db.js';

type Reports = { reports: JobReport[] };
/** What the scripted central does with one reportJobs request (throw, or answer). */
type Behaviour = (body: Reports) => void;

const invalid = (fields: { path: string; message: string }[] = []) =>
  new CentralRejectedError(400, 'invalid_request', 'The request body does not match the API contract', fields);

/** Central's own check: the shared contract, with the paths central/http.ts invalidRequest sends. */
const strictCentral: Behaviour = (body) => {
  const parsed = ReportRequest.safeParse(body);
  if (!parsed.success)
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
};
/** A gateway or a broken central: 400 with a JSON body that names nothing. */
const gateway400: Behaviour = () => {
  throw invalid();
};

describe('outbox: central answers 400', () => {
  let t: ReturnType<typeof tempStore>;
  afterEach(() => t?.cleanup());

  const setup = (jobCount: number, behaviour: { current: Behaviour }, batchSize = 10) => {
    t = tempStore();
    const requests: number[] = [];
    const central = new FakeCentral({
      reportJobs: async (body) => {
        requests.push(body.reports.length);
        behaviour.current(body);
        return { results: body.reports.map((r) => ({ jobId: r.jobId, result: 'confirmed' as const })) };
      },
    });
    const logLines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => logLines.push(l) });
    const outbox = new Outbox({
      jobs: t.store,
      central,
      log,
      onJob: () => {},
      batchSize,
      baseDelayMs: 60_000,
      maxDelayMs: 600_000,
      random: () => 0.5,
    });
    const ids: string[] = [];
    for (let i = 0; i < jobCount; i++) {
      const { job } = t.store.create(newJob());
      const serial = `SER-${i}`;
      t.store.note(job.id, 'setup', { serial, pages: 1 });
      const path = PATH_TO.printed;
      for (const s of path.slice(0, -1)) t.store.transition(job.id, s);
      t.store.transition(
        job.id,
        'printed',
        null,
        {},
        { jobId: job.id, serial, outcome: 'printed', pages: 1, copies: 1, finishedAt: new Date().toISOString() },
      );
      ids.push(job.id);
    }
    const counts = () => t.store.countByStatus() as Record<string, number>;
    return { outbox, requests, logLines, ids, counts };
  };

  it('keeps every report when central 400s every batch without naming a report, backs off, and delivers them once central is fixed', async () => {
    const behaviour = { current: gateway400 };
    const { outbox, requests, logLines, counts } = setup(30, behaviour);
    expect(await outbox.flush()).toBe(0);
    // One request, not a halving storm; nothing handed to staff, nothing deleted.
    expect(requests).toEqual([10]);
    expect(counts().needs_attention ?? 0).toBe(0);
    expect(outbox.status()).toMatchObject({ backlog: 30, failures: 1 });
    expect(outbox.status().pausedUntil).toBeGreaterThan(Date.now() + 20_000);
    expect(logLines.some((l) => l.includes('"level":"error"') && l.includes('compatible versions'))).toBe(true);
    // Flushing during the pause does not call central.
    await outbox.flush();
    expect(requests).toHaveLength(1);
    // It keeps failing: still one request per attempt, still everything kept.
    for (let i = 0; i < 4; i++) await outbox.resume();
    expect(requests).toEqual([10, 10, 10, 10, 10]);
    expect(outbox.status()).toMatchObject({ backlog: 30, failures: 5 });
    expect(counts().needs_attention ?? 0).toBe(0);

    behaviour.current = strictCentral;
    expect(await outbox.resume()).toBe(30);
    expect(counts()).toEqual({ confirmed: 30 });
    expect(outbox.status()).toMatchObject({ backlog: 0, failures: 0 });
  });

  it('keeps a report that, sent alone, is refused with a 400 that does not name it', async () => {
    const { outbox, requests, ids, counts } = setup(1, { current: gateway400 });
    await outbox.flush();
    expect(requests).toEqual([1]);
    expect(counts()).toEqual({ reported: 1 });
    expect(t.store.get(ids[0]!).flag).toBeNull();
    expect(outbox.status()).toMatchObject({ backlog: 1, failures: 1 });
  });

  it('keeps a lone report central names until central takes another report beside it, then hands it to staff', async () => {
    // With one report waiting, a bad report cannot be told from a field central does not know yet.
    const { outbox, requests, ids, counts } = setup(1, { current: strictCentral });
    t.db.prepare("UPDATE outbox SET payload = json_set(payload, '$.pages', -1)").run();
    expect(await outbox.flush()).toBe(0);
    expect(requests).toEqual([1]);
    expect(t.store.get(ids[0]!)).toMatchObject({ status: 'reported', flag: null });
    expect(outbox.status()).toMatchObject({ backlog: 1, failures: 1 });
    // The next printed job: central takes its report, so the named one is to blame.
    const { job } = t.store.create(newJob());
    for (const s of PATH_TO.printed.slice(0, -1)) t.store.transition(job.id, s);
    t.store.transition(
      job.id,
      'printed',
      null,
      { serial: 'SER-next', pages: 1 },
      {
        jobId: job.id,
        serial: 'SER-next',
        outcome: 'printed',
        pages: 1,
        copies: 1,
        finishedAt: new Date().toISOString(),
      },
    );
    expect(await outbox.resume()).toBe(2);
    expect(requests).toEqual([1, 2, 1, 1]);
    expect(t.store.get(ids[0]!)).toMatchObject({
      status: 'needs_attention',
      flag: expect.stringMatching(/malformed: pages: /),
    });
    expect(counts()).toEqual({ confirmed: 1, needs_attention: 1 });
  });

  it('hands to staff only the report central names, and delivers the others', async () => {
    const { outbox, requests, logLines, ids, counts } = setup(15, { current: strictCentral });
    const bad = ids[3]!;
    t.db.prepare("UPDATE outbox SET payload = json_set(payload, '$.pages', -1) WHERE job_id = ?").run(bad);
    expect(await outbox.flush()).toBe(15);
    expect(t.store.get(bad)).toMatchObject({
      status: 'needs_attention',
      flag: expect.stringMatching(/malformed: pages: /),
    });
    expect(counts()).toEqual({ confirmed: 14, needs_attention: 1 });
    expect(outbox.status()).toMatchObject({ backlog: 0, failures: 0, pausedUntil: null });
    // The refused batch, the 99 others together, the named one alone, then the rest.
    expect(requests).toEqual([10, 9, 1, 5]);
    expect(logLines.filter((l) => l.includes('malformed'))).toHaveLength(1);
  });

  it('hands several named reports to staff one by one, each after it was refused alone', async () => {
    const { outbox, requests, ids, counts } = setup(10, { current: strictCentral });
    for (const i of [2, 7])
      t.db.prepare("UPDATE outbox SET payload = json_set(payload, '$.copies', 0) WHERE job_id = ?").run(ids[i]!);
    expect(await outbox.flush()).toBe(10);
    expect(counts()).toEqual({ confirmed: 8, needs_attention: 2 });
    expect(requests).toEqual([10, 8, 1, 1]);
  });

  it('keeps every report when central names every report of a batch (a version mismatch), and sends them once central accepts them', async () => {
    // This kiosk sends a field the older central's strict contract refuses, in every report.
    const behaviour = { current: strictCentral };
    const { outbox, requests, logLines, counts } = setup(12, behaviour);
    t.db.prepare("UPDATE outbox SET payload = json_set(payload, '$.newField', 1)").run();
    expect(await outbox.flush()).toBe(0);
    expect(requests).toEqual([10]);
    expect(counts()).toEqual({ reported: 10, printed: 2 });
    expect(outbox.status()).toMatchObject({ backlog: 12, failures: 1 });
    expect(
      logLines.some(
        (l) => l.includes('"level":"error"') && l.includes('compatible versions') && l.includes('reports.0'),
      ),
    ).toBe(true);
    // Central is upgraded and takes the new field.
    behaviour.current = () => {};
    expect(await outbox.resume()).toBe(12);
    expect(counts()).toEqual({ confirmed: 12 });
  });

  it('keeps a named report that central, once it is alone, refuses without naming it; the others are delivered', async () => {
    const behaviour = {
      current: (body: Reports) => {
        if (body.reports.length === 5) throw invalid([{ path: 'reports.3.serial', message: 'Too big' }]);
        if (body.reports.length === 1 && body.reports[0]!.serial === 'SER-3') throw invalid();
      },
    };
    const { outbox, requests, ids, counts } = setup(5, behaviour);
    expect(await outbox.flush()).toBe(4);
    expect(requests).toEqual([5, 4, 1]);
    expect(t.store.get(ids[3]!)).toMatchObject({ status: 'reported', flag: null });
    expect(counts()).toEqual({ confirmed: 4, reported: 1 });
    expect(outbox.status()).toMatchObject({ backlog: 1, failures: 1 });
  });

  it('reads only in-range report indexes from the paths central names', () => {
    const err = invalid([
      { path: 'reports.3.pages', message: 'x' },
      { path: 'reports.0', message: 'Unrecognized key' },
      { path: 'reports.12.copies', message: 'x' },
      { path: 'reports', message: 'Too big' },
      { path: '(body)', message: 'x' },
      { path: 'reportsX.1', message: 'x' },
      { path: 'reports.1x', message: 'x' },
    ]);
    expect([...namedReports(err, 10)].sort()).toEqual([0, 3]);
    expect(namedReports(invalid(), 10).size).toBe(0);
  });
});
