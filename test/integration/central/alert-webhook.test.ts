/**
 * `startCentralServer({ alertWebhooks })` (what `estation central --alert-webhook URL` does): a
 * terminal's heartbeat reporting a paper jam reaches the webhook as a raised alert.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startCentralServer } from '../../../central/server.js';

describe('alert webhooks', () => {
  it('deliver a jam reported by a heartbeat', async () => {
    const posts: { raised: { id: string; terminalName: string }[] }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += String(d)));
      req.on('end', () => {
        posts.push(JSON.parse(body) as (typeof posts)[number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'estation-webhook-'));
    const central = await startCentralServer({
      dataDir: dir,
      port: 0,
      terminals: [{ id: 'lib-1', name: 'Library' }],
      alertWebhooks: [`http://127.0.0.1:${(receiver.address() as { port: number }).port}/`],
      alertIntervalMs: 100,
    });
    try {
      const jam = {
        keyword: 'media-jam',
        severity: 'error',
        message: { zh: '打印机卡纸', en: 'Paper is jammed in the printer' },
      };
      const res = await fetch(`${central.url}/v1/heartbeat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens['lib-1']}` },
        body: JSON.stringify({
          terminalTime: new Date().toISOString(),
          outOfService: true,
          backlog: 0,
          health: {
            printer: { state: 'stopped', acceptingJobs: false, conditions: [jam], supplies: [] },
            readers: [],
            reasons: [],
            templates: [],
          },
        }),
      });
      expect(res.status).toBe(200);
      await vi.waitFor(
        () =>
          expect(posts.flatMap((p) => p.raised)).toContainEqual(
            expect.objectContaining({ id: 'lib-1:printer:media-jam', terminalName: 'Library' }),
          ),
        {
          timeout: 20_000,
          interval: 50,
        },
      );
    } finally {
      await central.close();
      receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
