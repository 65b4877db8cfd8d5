/**
 * Attack: a CAS service ticket read from a browser's history, a proxy's log or a Referer is presented to
 * central again to sign in as the staff member it was issued to. The CAS server spends a ticket at its
 * first validation; central never takes a ticket as valid from memory, and remembers the tickets it
 * presented, so even a CAS server that would validate one again (misconfigured, or an old one) signs
 * nobody in a second time, and two presentations at once give at most one session. (The replays come
 * from a browser that pressed the sign-on button itself, as an attacker's would.)
 */
import { describe, expect, it } from 'vitest';
import { CAS_MESSAGES } from '../../../central/routes/cas.js';
import { callbackFromCas, casCentrals, expectRefused, get, mark } from '../central/cas-fixture.js';

const start = casCentrals();
const setUp = (singleUse: boolean) => start(3, { singleUse });

describe('replaying a CAS service ticket', () => {
  it('is refused: the CAS server spent the ticket at its first validation', async () => {
    const { central } = await setUp(true);
    const callback = await callbackFromCas(central);
    const first = await get(callback);
    expect(first.cookie).not.toBeNull();
    const replay = await get({ ...callback, cookie: await mark(central) });
    expectRefused(replay, 401, CAS_MESSAGES.ticketRefused);
  });

  it('is refused by central itself when the CAS server would validate the ticket again', async () => {
    const { cas, central } = await setUp(false);
    const callback = await callbackFromCas(central);
    expect((await get(callback)).cookie).not.toBeNull();
    const asked = cas.validations.length;
    const replay = await get({ ...callback, cookie: await mark(central) });
    expectRefused(replay, 401, CAS_MESSAGES.ticketRefused);
    // Not asked again: the lax server would have said yes.
    expect(cas.validations.length).toBe(asked);
  });

  it('presented twice at the same moment, gives at most one session', async () => {
    const { central } = await setUp(false);
    const callback = await callbackFromCas(central);
    const marks = await Promise.all([mark(central), mark(central), mark(central)]);
    const answers = await Promise.all(marks.map((cookie) => get({ ...callback, cookie })));
    expect(answers.filter((a) => a.cookie !== null)).toHaveLength(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
  });
});
