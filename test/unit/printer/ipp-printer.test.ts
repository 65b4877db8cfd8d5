import { describe, expect, it } from 'vitest';
import { decodeRef, encodeRef, IppPrinter } from '../../../drivers/printer/ipp-printer.js';
import { IppTransportError } from '../../../drivers/printer/ipp/http-transport.js';
import { isTransientUnknown, PrinterError } from '../../../drivers/printer/types.js';
import { answer, jobsAnswer, replay } from './recorded.js';

const URI = 'ipp://print.example:631/printers/office';
const PDF = new TextEncoder().encode('%PDF-1.7 test');
const printJobOk = (id: number) =>
  answer('successful-ok', {
    'job-attributes-tag': { 'job-id': id, 'job-state': 'pending', 'job-uri': `ipp://print.example:631/jobs/${id}` },
  });

function printer(script: Parameters<typeof replay>[0], o: { user?: string; timeoutMs?: number } = {}) {
  const r = replay(script);
  return { p: new IppPrinter({ uri: URI, transport: r.transport, ...o }), sent: r.sent };
}

async function rejection(p: Promise<unknown>): Promise<PrinterError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PrinterError);
  return err as PrinterError;
}

describe('IppPrinter.submit', () => {
  it('a printer that only warns (toner low) takes the job', async () => {
    const { p } = printer({ 'Get-Printer-Attributes': 'printer-toner-low-warning', 'Print-Job': printJobOk(5) });
    expect(await p.submit(PDF, { copies: 1, jobName: 'j' })).toEqual({ printer: URI, id: '5/j' });
  });

  it('checks the printer, then sends one Print-Job with the PDF, copies and our job name', async () => {
    const { p, sent } = printer(
      { 'Get-Printer-Attributes': 'printer-idle', 'Print-Job': printJobOk(42) },
      { user: 'kiosk7', timeoutMs: 1234 },
    );
    const ref = await p.submit(PDF, { copies: 2, jobName: 'job-abc' });
    expect(ref).toEqual({ printer: URI, id: '42/job-abc' });
    expect(sent.map((s) => s.operation)).toEqual(['Get-Printer-Attributes', 'Print-Job']);
    const job = sent[1]!;
    expect(job.url).toBe('http://print.example:631/printers/office');
    expect(job.timeoutMs).toBe(1234);
    expect(job.operationAttributes).toMatchObject({
      'printer-uri': URI,
      'requesting-user-name': 'kiosk7',
      'job-name': 'job-abc',
      'document-format': 'application/pdf',
    });
    expect(job.jobAttributes).toMatchObject({ copies: 2 });
    expect(Buffer.compare(job.body.subarray(job.body.length - PDF.length), Buffer.from(PDF))).toBe(0);
  });

  it.each([
    ['printer-disabled', /paused.*Paper jam, waiting for staff/],
    ['printer-rejecting', /not taking new jobs.*Maintenance/],
    ['printer-media-empty-error', /out of paper/],
    ['printer-media-jam-error', /jammed/],
  ])('a printer that is %s is refused before anything is sent', async (fixture, message) => {
    const { p, sent } = printer({ 'Get-Printer-Attributes': fixture, 'Print-Job': printJobOk(1) });
    const err = await rejection(p.submit(PDF, { copies: 1, jobName: 'j' }));
    expect(err.flags).toEqual({ notAccepting: true });
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/cupsenable|cupsaccept/);
    expect(sent.map((s) => s.operation)).toEqual(['Get-Printer-Attributes']);
  });

  it('an IPP error answer to Print-Job means no job: notAccepting, with the printer words', async () => {
    const refused = answer('server-error-not-accepting-jobs', {
      'operation-attributes-tag': {
        'attributes-charset': 'utf-8',
        'attributes-natural-language': 'en',
        'status-message': 'Destination "office" is not accepting jobs.',
      },
    });
    const { p } = printer({ 'Get-Printer-Attributes': 'printer-idle', 'Print-Job': refused });
    const err = await rejection(p.submit(PDF, { copies: 1, jobName: 'j' }));
    expect(err.flags).toEqual({ notAccepting: true });
    expect(err.message).toContain('server-error-not-accepting-jobs');
    expect(err.message).toContain('is not accepting jobs');
  });

  it('a printer that cannot be reached: disconnected, nothing sent', async () => {
    const { p, sent } = printer({
      'Get-Printer-Attributes': new IppTransportError(
        'Cannot reach the print server at x: ECONNREFUSED.',
        'refused',
        true,
      ),
    });
    const err = await rejection(p.submit(PDF, { copies: 1, jobName: 'j' }));
    expect(err.flags).toEqual({ disconnected: true });
    expect(sent).toHaveLength(1);
  });

  it('a Print-Job refused at connect is disconnected (the printer never saw it)', async () => {
    const { p } = printer({
      'Get-Printer-Attributes': 'printer-idle',
      'Print-Job': new IppTransportError('Cannot reach the print server at x: ECONNREFUSED.', 'refused', true),
    });
    const err = await rejection(p.submit(PDF, { copies: 1, jobName: 'j' }));
    expect(err.flags).toEqual({ disconnected: true });
    expect(err.message).toMatch(/Nothing was printed/);
  });

  it('a Print-Job without answer is a timeout with an unknown outcome, and is not sent again', async () => {
    const { p, sent } = printer({
      'Get-Printer-Attributes': 'printer-idle',
      'Print-Job': new IppTransportError('The print server at x did not answer within 10 ms.', 'timeout', false),
    });
    const err = await rejection(p.submit(PDF, { copies: 1, jobName: 'job-77' }));
    expect(err.flags).toEqual({ timeout: true });
    expect(err.message).toMatch(/may or may not have accepted the job "job-77"/);
    expect(sent.filter((s) => s.operation === 'Print-Job')).toHaveLength(1);
  });

  it.each([
    [{ copies: 0, jobName: 'j' }, /Copies/],
    [{ copies: 1.5, jobName: 'j' }, /Copies/],
    [{ copies: 1, jobName: '' }, /Job name/],
    [{ copies: 1, jobName: 'a\nb' }, /Job name/],
  ])('bad options %j are refused without a request', async (opts, message) => {
    const { p, sent } = printer({});
    const err = await rejection(p.submit(PDF, opts));
    expect(err.message).toMatch(message);
    expect(sent).toHaveLength(0);
  });

  it('an empty document is refused', async () => {
    const { p } = printer({});
    await expect(p.submit(new Uint8Array(0), { copies: 1, jobName: 'j' })).rejects.toThrow(/empty/);
  });
});

describe('IppPrinter.jobState', () => {
  it('asks Get-Job-Attributes for the job id and maps the answer', async () => {
    const { p, sent } = printer({ 'Get-Job-Attributes': 'job-completed' });
    expect(await p.jobState({ printer: URI, id: encodeRef(10, 'fixture-completed') })).toMatchObject({
      state: 'completed',
    });
    expect(sent[0]!.operationAttributes).toMatchObject({ 'job-id': 10, 'requesting-user-name': 'estation' });
  });

  it('an aborted job comes with its reason', async () => {
    const { p } = printer({ 'Get-Job-Attributes': 'job-aborted' });
    expect(await p.jobState({ printer: URI, id: '11/fixture-aborted' })).toEqual({
      state: 'aborted',
      reasons: ['E-station test backend was told to fail'],
    });
  });

  it('a job the printer has forgotten is unknown', async () => {
    const { p } = printer({ 'Get-Job-Attributes': 'job-not-found' });
    expect(await p.jobState({ printer: URI, id: '999/x' })).toEqual({ state: 'unknown', reasons: ['job-not-found'] });
  });

  it('a job id now carrying another name is unknown (the printer lost its history)', async () => {
    const { p } = printer({ 'Get-Job-Attributes': 'job-completed' });
    const s = await p.jobState({ printer: URI, id: '10/our-job' });
    expect(s.state).toBe('unknown');
    expect(s.reasons[0]).toBe('job-id-reused');
  });

  it('an unreachable printer is unknown, not a guess', async () => {
    const { p } = printer({ 'Get-Job-Attributes': new IppTransportError('no answer', 'timeout', false) });
    expect(await p.jobState({ printer: URI, id: '10/x' })).toEqual({
      state: 'unknown',
      reasons: ['printer-unreachable', 'no answer'],
    });
  });

  it.each(['server-error-busy', 'server-error-service-unavailable', 'server-error-temporary-error'])(
    'a printer answering %s is asked again later (transient), not taken as final',
    async (status) => {
      const { p } = printer({ 'Get-Job-Attributes': answer(status, {}) });
      const s = await p.jobState({ printer: URI, id: '10/x' });
      expect(s.reasons[0]).toBe('printer-unreachable');
      expect(isTransientUnknown(s)).toBe(true);
    },
  );

  it('any other error answer is final', async () => {
    const { p } = printer({ 'Get-Job-Attributes': answer('client-error-forbidden', {}) });
    expect(isTransientUnknown(await p.jobState({ printer: URI, id: '10/x' }))).toBe(false);
  });

  it('a reference it did not make is unknown', async () => {
    const { p, sent } = printer({});
    expect((await p.jobState({ printer: URI, id: 'office-12.pdf' })).state).toBe('unknown');
    expect(sent).toHaveLength(0);
  });

  it('a bare job id (no name) is followed without the name check', async () => {
    const { p } = printer({ 'Get-Job-Attributes': 'job-completed' });
    expect((await p.jobState({ printer: URI, id: '10' })).state).toBe('completed');
  });
});

describe('IppPrinter.findJob', () => {
  it('finds a job by the name we gave it among all jobs', async () => {
    const { p, sent } = printer({ 'Get-Jobs': 'jobs-all' });
    expect(await p.findJob('fixture-completed')).toEqual({ printer: URI, id: '10/fixture-completed' });
    expect(sent[0]!.operationAttributes).toMatchObject({ 'which-jobs': 'all', 'requesting-user-name': 'estation' });
  });

  it('null when the printer answered and has no such job', async () => {
    const { p } = printer({ 'Get-Jobs': 'jobs-all' });
    expect(await p.findJob('job-never-sent')).toBeNull();
  });

  it('the newest when a name appears twice', async () => {
    const jobs = jobsAnswer([
      { id: 3, name: 'dup' },
      { id: 9, name: 'dup' },
      { id: 5, name: 'other' },
    ]);
    const { p } = printer({ 'Get-Jobs': jobs });
    expect(await p.findJob('dup')).toEqual({ printer: URI, id: '9/dup' });
  });

  it('rejects when the printer cannot be asked, so that null always means "not there"', async () => {
    const { p } = printer({ 'Get-Jobs': new IppTransportError('refused', 'refused', true) });
    const err = await rejection(p.findJob('x'));
    expect(err.flags.disconnected).toBe(true);
  });

  it('a printer without which-jobs=all is asked for jobs not completed and completed', async () => {
    const notSupported = answer('client-error-attributes-or-values-not-supported');
    const { p, sent } = printer({
      'Get-Jobs': [notSupported, jobsAnswer([{ id: 8, name: 'other' }]), jobsAnswer([{ id: 4, name: 'ours' }])],
    });
    expect(await p.findJob('ours')).toEqual({ printer: URI, id: '4/ours' });
    expect(sent.map((s) => s.operationAttributes['which-jobs'])).toEqual(['all', 'not-completed', 'completed']);
  });

  it('a printer that quietly substitutes which-jobs is not trusted to have listed completed jobs', async () => {
    const substituted = answer('successful-ok-ignored-or-substituted-attributes');
    const { p, sent } = printer({ 'Get-Jobs': [substituted, jobsAnswer([]), substituted] });
    await expect(p.findJob('ours')).rejects.toThrow(/cannot list its jobs/);
    expect(sent).toHaveLength(3);
  });

  it('rejects when the printer hides job names from this user', async () => {
    const hidden = jobsAnswer([{ id: 3 }, { id: 4 }]);
    const { p } = printer({ 'Get-Jobs': hidden }, { user: 'someone-else' });
    await expect(p.findJob('x')).rejects.toThrow(/does not show job names to user "someone-else"/);
  });
});

describe('IppPrinter.status', () => {
  it('an unreachable printer is stopped and offline; status never rejects', async () => {
    const { p } = printer({ 'Get-Printer-Attributes': new IppTransportError('refused', 'refused', true) });
    expect(await p.status()).toMatchObject({
      state: 'stopped',
      acceptingJobs: false,
      conditions: [{ keyword: 'offline', severity: 'error' }],
    });
  });

  it('a queue that does not exist says so', async () => {
    const { p } = printer({ 'Get-Printer-Attributes': 'printer-not-found' });
    const s = await p.status();
    expect(s.conditions[0]).toMatchObject({ keyword: 'printer-not-found', severity: 'error' });
    expect(s.conditions[0]!.message.en).toMatch(/does not exist/);
  });

  it('asks for the attributes it maps', async () => {
    const { p, sent } = printer({ 'Get-Printer-Attributes': 'printer-markers' });
    await p.status();
    expect(sent[0]!.operationAttributes['requested-attributes']).toEqual(
      expect.arrayContaining([
        'printer-state',
        'printer-state-reasons',
        'printer-is-accepting-jobs',
        'marker-names',
        'marker-levels',
      ]),
    );
  });
});

describe('IppPrinter construction and references', () => {
  it('reaches ipp:// at port 631 over HTTP and ipps:// over HTTPS', async () => {
    for (const [uri, url] of [
      ['ipp://host/printers/a', 'http://host:631/printers/a'],
      ['ipps://host/ipp/print', 'https://host:631/ipp/print'],
      ['ipp://10.0.0.5:8631/ipp/print', 'http://10.0.0.5:8631/ipp/print'],
    ]) {
      const r = replay({ 'Get-Printer-Attributes': 'printer-idle' });
      await new IppPrinter({ uri: uri!, transport: r.transport }).status();
      expect(r.sent[0]!.url).toBe(url);
    }
  });

  it('a URI that is not one is a clear error', () => {
    expect(() => new IppPrinter({ uri: 'not a uri' })).toThrow(/not a printer URI/);
  });

  it('references round-trip, names may contain slashes', () => {
    expect(decodeRef(encodeRef(7, 'a/b'))).toEqual({ jobId: 7, jobName: 'a/b' });
    expect(decodeRef('12')).toEqual({ jobId: 12, jobName: null });
    expect(decodeRef('x12')).toBeNull();
  });
});
