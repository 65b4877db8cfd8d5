/** Whether a reprint's staff grant counts (central/domain/staff-grant.ts; issue #12, finding 7). */
import { expect, it } from 'vitest';
import { grantVerdict, STAFF_GRANT_MS } from '../../../../central/domain/staff-grant.js';

const NOW = 1_700_000_000_000;
const grant = { terminalId: 'T1', staffId: 'E001', expiresMs: NOW + STAFF_GRANT_MS };

it('a live grant of the same terminal is a staff action, by its staff member', () => {
  expect(grantVerdict(true, grant, 'T1', NOW)).toEqual({ ok: true, staffId: 'E001' });
});

it('refuses no grant, a grant central never issued, another terminal’s, and an expired one, each saying why', () => {
  expect(grantVerdict(false, undefined, 'T1', NOW)).toEqual({
    ok: false,
    why: expect.stringMatching(/no staff grant/),
  });
  expect(grantVerdict(true, undefined, 'T1', NOW)).toEqual({
    ok: false,
    why: expect.stringMatching(/not one central issued/),
  });
  expect(grantVerdict(true, grant, 'T2', NOW)).toEqual({ ok: false, why: expect.stringMatching(/another terminal/) });
  expect(grantVerdict(true, grant, 'T1', grant.expiresMs)).toEqual({
    ok: false,
    why: expect.stringMatching(/expired/),
  });
});
