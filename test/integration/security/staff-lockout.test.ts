/**
 * Attack (issue #12, finding 9): a holder of a stolen terminal token types 11 wrong PINs for a staff
 * card through `/v1/staff/verify`, which used to lock that card on every terminal and on the dashboard
 * (and the dashboard then said "PIN wrong" for the right PIN). Now the card is locked at that terminal
 * only; the right PIN works on another terminal and on the dashboard; the answers say what is true;
 * staff see an alert; and guessing from many sources is slowed for the card, not locked.
 */
import { describe, expect, it } from 'vitest';
import { CARD_DELAY_MS, CARD_SLOW_AFTER, STAFF_PIN_MAX_FAILURES } from '../../../central/domain/lockout.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral({ trustProxy: ['127.0.0.1'] });
/** Every demo person with a staff PIN (the staff, and a teacher who is also maintenance staff). */
const staffMembers = () => central.people.filter((p) => p.pin);
const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');

async function signIn(card: string, pin: string, address: string) {
  const res = await fetch(`${central.url}/staff/login`, {
    method: 'POST',
    headers: { 'x-forwarded-for': address },
    body: new URLSearchParams({ card, pin }),
    redirect: 'manual',
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    cookie: res.headers.get('set-cookie'),
    text: await res.text(),
  };
}

describe('staff lockout (issue #12, finding 9)', () => {
  it('11 wrong PINs from one terminal lock the card there only: the right PIN works on another terminal and the dashboard', async () => {
    const s = staffMembers()[0]!;
    const answers = [];
    for (let i = 0; i < STAFF_PIN_MAX_FAILURES + 1; i++)
      answers.push((await central.post('/v1/staff/verify', { card: s.card, pin: wrongPin(s.pin!) }, 'kiosk-a')).json);
    expect(answers[0]).toEqual({ ok: false, triesLeft: STAFF_PIN_MAX_FAILURES - 1 });
    expect(answers[STAFF_PIN_MAX_FAILURES - 1]).toMatchObject({ ok: false, refused: 'locked' });
    expect(answers[STAFF_PIN_MAX_FAILURES]).toMatchObject({ ok: false, refused: 'locked' });
    // Locked at kiosk-a even for the right PIN, and the answer says for how long.
    const there = (await central.post('/v1/staff/verify', { card: s.card, pin: s.pin }, 'kiosk-a')).json;
    expect(there).toMatchObject({ ok: false, refused: 'locked' });
    expect(there.retryAfterS).toBeGreaterThan(14 * 60);

    expect((await central.post('/v1/staff/verify', { card: s.card, pin: s.pin }, 'kiosk-b')).json).toMatchObject({
      ok: true,
      staff: { name: s.name },
    });
    const dashboard = await signIn(s.card, s.pin!, '10.0.0.7');
    expect(dashboard.status).toBe(303);

    // Staff see which terminal the guessing came from.
    const page = await fetch(`${central.url}/staff`, { headers: { cookie: dashboard.cookie!.split(';')[0]! } });
    const html = await page.text();
    expect(html).toContain(`Someone is guessing the PIN of staff card`);
    const overview = await central.store.terminals();
    expect(overview.find((t) => t.id === 'kiosk-a')!.securityAlerts).toEqual([
      expect.objectContaining({ cause: 'pin_guessing' }),
    ]);
    expect(overview.find((t) => t.id === 'kiosk-b')!.securityAlerts).toBeUndefined();
  });

  it('the dashboard tells the truth: "locked for N minutes" for a locked card, never "PIN wrong" for the right PIN', async () => {
    const s = staffMembers()[1]!;
    const first = await signIn(s.card, wrongPin(s.pin!), '10.0.0.8');
    expect(first.status).toBe(401);
    expect(first.text).toMatch(/PIN is wrong\. 4 tries left/);
    for (let i = 1; i < 5; i++) await signIn(s.card, wrongPin(s.pin!), '10.0.0.8');
    const right = await signIn(s.card, s.pin!, '10.0.0.8');
    expect(right.status).toBe(429);
    expect(right.text).not.toContain('PIN is wrong');
    expect(right.text).toMatch(/Try again in \d+ minutes?/);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
  });

  it('guessing one card from many sources slows every try for it (a delay, not a lock), then the right PIN works', async () => {
    const s = staffMembers()[2]!;
    // Under the lock at each terminal and address: no source is locked, the card is slowed.
    const sources = [
      (pin: string) => central.post('/v1/staff/verify', { card: s.card, pin }, 'kiosk-a'),
      (pin: string) => central.post('/v1/staff/verify', { card: s.card, pin }, 'kiosk-b'),
      (pin: string, n: number) => signIn(s.card, pin, `10.0.1.${n}`),
    ];
    // The last wrong PIN comes from a dashboard address: its alert has no terminal to show on.
    for (let n = 1; n <= CARD_SLOW_AFTER; n++) await sources[n % sources.length]!(wrongPin(s.pin!), n);
    const slowed = await signIn(s.card, s.pin!, '10.0.0.9');
    expect(slowed.status).toBe(429);
    expect(slowed.text).toMatch(/Too many wrong PINs for this staff card recently\. Try again in \d+ seconds?/);
    expect(Number(slowed.retryAfter)).toBeLessThanOrEqual(CARD_DELAY_MS / 1000);
    central.advance(CARD_DELAY_MS);
    const after = await signIn(s.card, s.pin!, '10.0.0.9');
    expect(after.status).toBe(303);
    const page = await fetch(`${central.url}/staff`, { headers: { cookie: after.cookie!.split(';')[0]! } });
    const html = await page.text();
    expect(html).toContain('data-testid="sign-in-alerts"');
    expect(html).toMatch(/Someone is guessing the PIN of staff card \S+: 20 wrong PINs in 15 minutes/);
  });
});
