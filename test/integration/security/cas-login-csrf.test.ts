/**
 * Attack (login CSRF): someone signs in at the university's CAS as themselves, stops before central
 * takes their ticket, and sends a staff member the link `central/staff/cas?ticket=...`; the staff member's
 * browser would be signed in to the dashboard under the other name, and what they then did would be
 * recorded as the other's. The return from CAS must bring back the mark central gave this browser when
 * its sign-on button was pressed, once and within 10 minutes; without it nobody is signed in and the ticket
 * is not even shown to CAS.
 */
import { expect, it } from 'vitest';
import { CAS_MESSAGES } from '../../../central/routes/cas.js';
import { callbackFromCas, expectRefused, get, mark, useCasCentral } from '../central/cas-fixture.js';

const f = useCasCentral();

it("a link with someone else's ticket signs a browser that did not start the sign-in in as nobody", async () => {
  f.cas.user = 'T00002';
  const attackers = await callbackFromCas(f.central);
  const asked = f.cas.validations.length;
  expectRefused(await get(attackers.url), 403, CAS_MESSAGES.notStarted);
  // With a made-up mark, too.
  expectRefused(await get(attackers.url, 'estation_cas_start=made-up'), 403, CAS_MESSAGES.notStarted);
  expect(f.cas.validations.length).toBe(asked);
});

it('a mark is good for one return from CAS only', async () => {
  f.cas.user = 'T00001';
  const first = await callbackFromCas(f.central);
  expect((await get(first)).cookie).not.toBeNull();
  const second = await callbackFromCas(f.central);
  expectRefused(await get({ ...second, cookie: first.cookie }), 403, CAS_MESSAGES.notStarted);
  // The browser that pressed the button for it still can.
  expect((await get(second)).cookie).not.toBeNull();
  expect(await mark(f.central)).toMatch(/^estation_cas_start=[\w-]{43}$/);
});
