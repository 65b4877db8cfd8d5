/**
 * Attack (issue #12, finding 4): central's address answers with a redirect to another origin. fetch
 * follows a 307 by sending the same body again, so a card lookup would hand the card number (and a
 * staff check the PIN) to whoever the redirect names. The kiosk's central client never follows one.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { CentralClient, CentralProtocolError } from '../../../main/core/central-client.js';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('a redirect from central', () => {
  it('is not followed: the card number never reaches the other origin, and the error says what to fix', async () => {
    const received: string[] = [];
    const thief = await listen((req, res) => {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"person":null}');
      });
    });
    const central = await listen((_req, res) => res.writeHead(307, { location: `${thief}/v1/cards/lookup` }).end());
    const client = new CentralClient({ baseUrl: central, token: 'terminal-token', timeoutMs: 5000 });

    const call = client.call('lookupCard', { card: '3012345678' });
    await expect(call).rejects.toBeInstanceOf(CentralProtocolError);
    await expect(call).rejects.toThrow(/HTTP 307 redirecting to .*set central\.url to the final address/);
    expect(received).toEqual([]);
  });
});
