/**
 * Attack: made-up CAS tickets are sent to central's sign-in callback, guessing one CAS issued, or crafted
 * to change what central asks CAS (`ST-1&service=...`, markup, a ticket-granting ticket). Guesses are
 * refused by CAS, and after 5 refusals the address waits before central asks CAS again; a ticket that is
 * not a service ticket's shape never reaches CAS at all. No answer gives a session.
 */
import { expect, it } from 'vitest';
import { CAS_MESSAGES } from '../../../central/routes/cas.js';
import { callbackFromCas, expectRefused, get, mark, useCasCentral } from '../central/cas-fixture.js';

const f = useCasCentral();

it('crafted tickets never reach CAS', async () => {
  for (const ticket of [
    'ST-1&service=https://evil.example.com',
    'ST-1<script>',
    'TGT-1-abcdef-cas.test',
    'PT-1-abcdef',
    `ST-${'a'.repeat(300)}`,
    'ST-1 2',
  ]) {
    const r = await get(`${f.central.url}/staff/cas?ticket=${encodeURIComponent(ticket)}`);
    expectRefused(r, 400, CAS_MESSAGES.noTicket);
  }
  expect(f.cas.validations).toEqual([]);
});

it('guessed tickets are refused, and after 5 the address waits without CAS being asked', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await get(
      `${f.central.url}/staff/cas?ticket=ST-${i + 1}-guessguessguess-cas.test`,
      await mark(f.central),
    );
    expectRefused(r, 401, CAS_MESSAGES.ticketRefused);
  }
  expect(f.cas.validations).toHaveLength(5);
  const locked = await get(`${f.central.url}/staff/cas?ticket=ST-6-guessguessguess-cas.test`, await mark(f.central));
  expect(locked.status).toBe(429);
  expect(locked.text).toContain('Too many failed sign-ins');
  expect(f.cas.validations).toHaveLength(5);
  // Even a real ticket waits: the lockout is the address's, as for PINs.
  const real = await get(await callbackFromCas(f.central));
  expect(real.status).toBe(429);
  expect(real.cookie).toBeNull();
});
