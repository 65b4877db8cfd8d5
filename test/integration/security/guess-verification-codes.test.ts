/**
 * Guessing verification codes is slowed per client address (issue #15): past the limit the page answers
 * 429 with Retry-After and a page that says when to try again; behind a trusted proxy each client's
 * forwarded address counts on its own.
 */
import { describe, expect, it } from 'vitest';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral({ verifyRateLimit: { max: 3, timeWindowMs: 60_000 }, trustProxy: ['127.0.0.1'] });

const get = (path: string, client: string) =>
  fetch(`${central.url}${path}`, { headers: { 'x-forwarded-for': client } });

describe('rate limit on the verification page', () => {
  it('guessing codes from one address gets 429 with Retry-After and a page saying when to try again', async () => {
    for (let i = 0; i < 3; i++) expect((await get(`/verify/GUES-S000-000${i}`, '203.0.113.7')).status).toBe(404);
    const res = await get('/verify/GUES-S000-0009', '203.0.113.7');
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    const html = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain(`try again in ${wait} seconds`);
    // The upload check counts on the same address and answers programs in JSON.
    const check = await fetch(`${central.url}/verify/GUES-S000-0009/check`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.7', 'content-type': 'application/pdf' },
      body: new TextEncoder().encode('%PDF-1.7'),
    });
    expect(check.status).toBe(429);
    expect(((await check.json()) as { error: string }).error).toBe('rate_limited');
    // Another client behind the same proxy is not held back.
    expect((await get('/verify/GUES-S000-0001', '198.51.100.4')).status).toBe(404);
  });
});
