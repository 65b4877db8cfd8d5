/**
 * The balance on the station (issue #17): a real hosted kiosk taps a card at a real central that charges
 * through the real campus-card service. The session shows what the card has available, paid copies beyond
 * it are refused before anything is committed (no job, no hold), and copies within it are taken.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampusCardServer } from '../../../campus-card/server.js';
import type { RunningCentral } from '../../../central/server.js';
import { startChargingCentral } from '../../helpers/charging-central.js';
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { sessionIn, startKioskAtCentral } from '../../helpers/kiosk-at-central.js';

let service: CampusCardServer;
let central: RunningCentral<SqliteCentralStore>;
let closeCentral: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ central, service, close: closeCentral } = await startChargingCentral('kiosk-a'));
});
afterAll(async () => {
  await closeCentral?.();
});

describe('the campus-card balance at the station', () => {
  it('is shown after the tap, and paid copies beyond it are refused before the student commits', async () => {
    const student = central.people.find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
    service.ledger.topUp(student.id, 500, 'balance-test');
    const kiosk = await startKioskAtCentral(
      { url: central.url, tokens: { 'kiosk-a': central.tokens['kiosk-a']! } },
      'balance',
    );
    findSimulatedReader(kiosk.readers)!.swipe(student.card);
    const session = await sessionIn(kiosk, 'active');
    expect(session.balance).toEqual({ availableCents: 500, balanceCents: 500 });
    const transcript = session.catalog.find((c) => c.kind === 'transcript')!;
    const free = transcript.freeRemaining ?? 0;
    // Three paid copies cost ¥6.00: more than the card's ¥5.00.
    const tooMany = { kind: 'transcript' as const, language: 'zh' as const, copies: free + 3 };
    await expect(kiosk.core.requestPrint({ requestId: randomUUID(), items: [tooMany] })).rejects.toMatchObject({
      code: 'insufficient_balance',
      message: expect.stringContaining('these copies cost 600 fen and the campus card has 500 fen available'),
    });
    expect(kiosk.core.listSessionJobs().jobs).toEqual([]);
    expect(service.ledger.account(student.id)).toMatchObject({ heldCents: 0 });
    // Two paid copies (¥4.00) fit: the request is taken.
    const fits = await kiosk.core.requestPrint({ requestId: randomUUID(), items: [{ ...tooMany, copies: free + 2 }] });
    expect(fits.jobs).toHaveLength(1);
    // What is left after it (¥1.00) does not pay for another paid copy in this session.
    await expect(
      kiosk.core.requestPrint({ requestId: randomUUID(), items: [{ ...tooMany, copies: 1 }] }),
    ).rejects.toMatchObject({ code: 'insufficient_balance' });
  });
});
