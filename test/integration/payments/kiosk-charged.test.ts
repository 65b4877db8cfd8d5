/**
 * What the student is told they paid (issue #17): a real hosted kiosk (real core, file printer, simulated
 * reader, an ESC/POS receipt printer on a socat serial line) at a real central that charges through the
 * real campus-card service. The station keeps what central charged at authorization with each job; the
 * done screen's jobs and the receipt show it per document and in total (免费 when nothing), and it is what
 * the card lost. A hold central could not make: nothing printed, nothing charged, and the screen says so.
 */
import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampusCardServer } from '../../../campus-card/server.js';
import type { RunningCentral } from '../../../central/server.js';
import { startChargingCentral } from '../../helpers/charging-central.js';
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import type { HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import type { JobView } from '../../../shared/kiosk-api.js';
import { sessionIn, startKioskAtCentral } from '../../helpers/kiosk-at-central.js';
import { createPtyPair, waitFor, type PtyPair } from '../../helpers/pty.js';

let service: CampusCardServer;
let central: RunningCentral<SqliteCentralStore>;
let closeCentral: (() => Promise<void>) | undefined;
let pty: PtyPair;
let received = Buffer.alloc(0);

beforeAll(async () => {
  pty = await createPtyPair();
  const wire = createReadStream(pty.a);
  wire.on('data', (d) => (received = Buffer.concat([received, d as Buffer])));
  wire.on('error', () => {});
  ({ central, service, close: closeCentral } = await startChargingCentral('kiosk-a'));
});
afterAll(async () => {
  await closeCentral?.();
  await pty?.close();
});

const students = () => central.people.filter((p) => p.role === 'student' && p.record?.status === 'enrolled');

async function signIn(kiosk: HostedKiosk, card: string) {
  findSimulatedReader(kiosk.readers)!.swipe(card);
  return sessionIn(kiosk, 'active');
}

/** The session's jobs once none of them moves any more. */
async function settledJobs(kiosk: HostedKiosk): Promise<JobView[]> {
  const settled = new Set(['confirmed', 'failed', 'cancelled', 'needs_attention']);
  await waitFor(
    () => kiosk.core.listSessionJobs().jobs.every((j) => settled.has(j.status)),
    'the jobs to settle',
    60_000,
  );
  return kiosk.core.listSessionJobs().jobs;
}

describe('what a student paid, on the done screen and the receipt', () => {
  it('shows each document’s charge and the total, free as 免费, and the card lost exactly that', async () => {
    const student = students()[0]!;
    service.ledger.topUp(student.id, 5000, 'charged-test');
    const kiosk = await startKioskAtCentral(
      { url: central.url, tokens: { 'kiosk-a': central.tokens['kiosk-a']! } },
      'charged',
      { receiptPrinter: { type: 'escpos-serial', path: pty.b } },
    );
    const session = await signIn(kiosk, student.card);
    const transcript = session.catalog.find((c) => c.kind === 'transcript')!;
    expect(transcript.feeCents).toBeGreaterThan(0);
    const enrollment = session.catalog.find((c) => c.kind === 'enrollment')!;
    expect(enrollment.freeRemaining).toBeGreaterThan(0);
    // Two paid copies of the transcript (after its free ones), and a free enrollment certificate.
    const items = [
      { kind: transcript.kind, language: 'zh' as const, copies: (transcript.freeRemaining ?? 0) + 2 },
      { kind: enrollment.kind, language: 'zh' as const, copies: 1 },
    ];
    await kiosk.core.requestPrint({ requestId: randomUUID(), items });
    const jobs = await settledJobs(kiosk);
    const paid = 2 * transcript.feeCents;
    expect(jobs.map((j) => [j.kind, j.status, j.chargedCents])).toEqual([
      ['transcript', 'confirmed', paid],
      ['enrollment', 'confirmed', 0],
    ]);
    await central.payments.idle();
    expect(service.ledger.account(student.id)).toMatchObject({ balanceCents: 5000 - paid, heldCents: 0 });

    const yuan = `￥${(paid / 100).toFixed(2)}`;
    const receipt = () => new TextDecoder('gbk').decode(received);
    await waitFor(() => receipt().includes('合计 Total'), 'the receipt', 30_000);
    expect(receipt()).toContain(`费用 Fee: ${yuan}\n`);
    expect(receipt()).toContain('费用 Fee: 免费 free\n');
    expect(receipt()).toContain(`合计 Total: ${yuan}\n`);
  });

  it('a hold central could not make: nothing printed, nothing charged, the screen says so and what to do', async () => {
    const student = students()[1]!;
    service.ledger.topUp(student.id, 5000, 'charged-test-2');
    const kiosk = await startKioskAtCentral(
      { url: central.url, tokens: { 'kiosk-a': central.tokens['kiosk-a']! } },
      'charged-refused',
    );
    const session = await signIn(kiosk, student.card);
    expect(session.balance?.availableCents).toBe(5000);
    // The card is spent elsewhere after the tap (another hold at the card service): the station still
    // believes the fee fits, and central's hold is what finds out.
    service.ledger.hold('spent-elsewhere', student.id, 4990);
    const transcript = session.catalog.find((c) => c.kind === 'transcript')!;
    const copies = (transcript.freeRemaining ?? 0) + 1;
    await kiosk.core.requestPrint({
      requestId: randomUUID(),
      items: [{ kind: 'transcript', language: 'zh', copies }],
    });
    const [job] = await settledJobs(kiosk);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'insufficient_balance', chargedCents: 0, serial: null });
    expect(job!.error!.zh).toBe('校园卡余额不足，未打印，未扣费；请充值后再打印');
    expect(kiosk.core.listSessionJobs().jobs).toHaveLength(1);
    await central.payments.idle();
    // The card: only the other hold; no movement for this job.
    expect(service.ledger.account(student.id)).toMatchObject({ balanceCents: 5000, heldCents: 4990 });
  });
});
