/**
 * A university that charges nothing (the `free` provider, central's default, issue #17): a copy beyond the
 * free quota is issued, and central answers that nothing was charged, so the done screen and the receipt
 * say 免费 / free and never a fee no one took. Real central over HTTP, its SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { startCentralServer } from '../../../central/server.js';
import type { RunningCentral } from '../../../central/server.js';
import { centralRoutes } from '../../../shared/central-api.js';

let dir = '';
let central: RunningCentral;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-free-'));
  central = await startCentralServer({ dataDir: dir, port: 0, seedDemo: true, terminals: [{ id: 'k', name: 'K' }] });
});
afterAll(async () => {
  await central.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${central.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens.k}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

describe('the free provider', () => {
  it('issues copies beyond the free quota and answers that nothing was charged', async () => {
    const student = demoPeople().find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
    const lookup = await post(centralRoutes.lookupCard.path, { card: student.card });
    const catalog = (lookup.json as { catalog: { kind: string; freeRemaining?: number; feeCents?: number }[] }).catalog;
    const transcript = catalog.find((c) => c.kind === 'transcript')!;
    // The kind has a fee: without a provider that charges, it is shown but never taken.
    expect(transcript.feeCents).toBeGreaterThan(0);
    const copies = (transcript.freeRemaining ?? 0) + 2;
    const answer = await post(centralRoutes.authorizeJob.path, {
      jobId: 'free-1',
      personId: student.id,
      kind: 'transcript',
      language: 'zh',
      copies,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ chargedCents: 0 });
    expect(answer.json.serial).toEqual(expect.any(String));
  });
});
