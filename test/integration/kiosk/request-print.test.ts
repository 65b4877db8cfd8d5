/**
 * One print request is one set of jobs: a double tap (two calls at once), a retried call after a lost
 * answer, or the same request id from another student's session never creates a second job or print.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => kiosk?.close());

describe('requestPrint', () => {
  it('creates and prints each document of a request once, however often the request arrives', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-request-'));
    const prints = join(base, 'prints');
    kiosk = await createHostedKiosk(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: prints } }),
      {
        log: silentLogger(),
        renderInWorker: false,
      },
    );
    const k = kiosk;
    await k.core.start();
    const reader = findSimulatedReader(k.readers)!;
    const [first, second] = k.central!.people.filter((p) => p.role === 'student');
    const signIn = async (card: string) => {
      reader.swipe(card);
      await waitFor(() => k.core.getSession().state === 'active', 'the session');
    };

    await signIn(first!.card);
    const request = {
      requestId: crypto.randomUUID(),
      items: [
        { kind: 'enrollment' as const, language: 'zh' as const, copies: 2 },
        { kind: 'enrollment' as const, language: 'en' as const, copies: 1 },
      ],
    };
    // A double tap: two calls before either has answered.
    const [a, b] = await Promise.all([k.core.requestPrint(request), k.core.requestPrint(request)]);
    expect(b.jobs.map((j) => j.jobId)).toEqual(a.jobs.map((j) => j.jobId));
    const ids = a.jobs.map((j) => j.jobId);
    await waitFor(
      () => ids.every((id) => k.jobs.get(id).status === 'confirmed'),
      'both documents printed and confirmed',
      60_000,
    );
    // A retried call (its answer was lost) returns the same jobs, now finished.
    const again = await k.core.requestPrint(request);
    expect(again.jobs.map((j) => [j.jobId, j.status])).toEqual(ids.map((id) => [id, 'confirmed']));

    expect(k.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 2 });
    // One output file per job (the file printer writes `<job>.pdf`, or `<job>.x2.pdf` for two copies).
    const files = readdirSync(prints).filter((f) => f.endsWith('.pdf'));
    expect(files).toHaveLength(2);
    for (const id of ids) expect(files.filter((f) => f.startsWith(`${id}.`))).toHaveLength(1);
    const documents = await k.central!.store.documentsOfTerminal(k.config.terminal.id);
    expect(documents.map((d) => d.reportCount)).toEqual([1, 1]);

    // Another student's session cannot reuse the request id: no jobs shown, none created.
    k.core.endSession();
    await signIn(second!.card);
    await expect(k.core.requestPrint(request)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(k.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 2 });
  }, 90_000);
});
