/**
 * A station with several central addresses (central.url as a list) against real central processes
 * on one data folder: it fails over on connection errors, timeouts and a proxy's 502/503/504, never
 * on an answer (4xx, 500), sticks to the address that works, and one central killed mid-traffic
 * loses no call.
 */
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { KioskConfig } from '../../../kiosk-config/schema.js';
import { createKiosk } from '../../../main/core/create-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { CentralRejectedError, CentralUnavailableError } from '../../../main/core/central-client.js';
import { FailoverCentral } from '../../../main/core/central-failover.js';
import { startCentralProcess, type CentralProcess } from '../../helpers/central-process.js';

const heartbeat = () => ({ terminalTime: new Date().toISOString(), outOfService: false, backlog: 0 });
const dataDir = mkdtempSync(join(tmpdir(), 'estation-failover-'));
let token = '';
let a: CentralProcess;
let b: CentralProcess;
const servers: Server[] = [];

beforeAll(async () => {
  const store = await SqliteCentralStore.open(join(dataDir, 'central.sqlite'));
  token = await store.enrollTerminal('kiosk-1', 'Kiosk 1');
  await store.close();
  // Two instances of one central: the same data folder, two ports.
  a = await startCentralProcess(dataDir);
  b = await startCentralProcess(dataDir);
}, 120_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  for (const s of servers) s.close();
});

/** A listener that takes each connection and hangs up at once, counting them: "nobody answers". */
async function hangUp(): Promise<{ url: string; connections: () => number }> {
  let n = 0;
  const server = createTcpServer((socket) => (n++, socket.destroy()));
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  servers.push(server as unknown as Server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => n };
}

/** An HTTP server that answers every request with this status, counting them (a reverse proxy). */
async function answering(status: number): Promise<{ url: string; requests: () => number }> {
  let n = 0;
  const server = createHttpServer((_req, res) => {
    n++;
    res.writeHead(status, { 'content-type': 'text/html' }).end(`<html>${status}</html>`);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => n };
}

describe('central failover', () => {
  it('goes past an address where nobody answers and sticks to the one that did', async () => {
    const dead = await hangUp();
    const switches: string[] = [];
    const client = new FailoverCentral({
      baseUrls: [dead.url, a.url],
      token,
      timeoutMs: 5000,
      onSwitch: (from, to) => switches.push(`${from} -> ${to}`),
    });
    expect(client.activeUrl).toBe(dead.url);
    for (let i = 0; i < 5; i++) expect((await client.call('heartbeat', heartbeat())).terminalId).toBe('kiosk-1');
    expect(client.activeUrl).toBe(a.url);
    expect(switches).toEqual([`${dead.url} -> ${a.url}`]);
    // Sticky: the dead address was tried once, not before every call.
    expect(dead.connections()).toBe(1);
  });

  it('fails over when a reverse proxy says 502, 503 or 504', async () => {
    for (const status of [502, 503, 504]) {
      const proxy = await answering(status);
      const client = new FailoverCentral({ baseUrls: [proxy.url, a.url], token, timeoutMs: 5000 });
      expect((await client.call('heartbeat', heartbeat())).terminalId).toBe('kiosk-1');
      expect(client.activeUrl).toBe(a.url);
      expect(proxy.requests()).toBe(1);
    }
  });

  it('does not fail over on an answer: a 4xx refusal or a 500 from central itself', async () => {
    const other = await answering(200);
    const refused = new FailoverCentral({ baseUrls: [a.url, other.url], token: 'not-a-token', timeoutMs: 5000 });
    await expect(refused.call('heartbeat', heartbeat())).rejects.toBeInstanceOf(CentralRejectedError);
    expect(refused.activeUrl).toBe(a.url);
    const broken = await answering(500);
    const client = new FailoverCentral({ baseUrls: [broken.url, other.url], token, timeoutMs: 5000 });
    const err = await client.call('heartbeat', heartbeat()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CentralUnavailableError);
    expect((err as CentralUnavailableError).flags.status).toBe(500);
    expect(other.requests()).toBe(0);
  });

  it('names every address when none answers', async () => {
    const one = await hangUp();
    const two = await hangUp();
    const client = new FailoverCentral({ baseUrls: [one.url, two.url], token, timeoutMs: 5000 });
    const err = (await client.call('heartbeat', heartbeat()).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(CentralUnavailableError);
    expect(err.message).toContain(`none of the 2 central addresses answered (${one.url}:`);
    expect(err.message).toContain(`; ${two.url}:`);
  });

  it('loses no call when the central in use is killed mid-traffic', async () => {
    const client = new FailoverCentral({ baseUrls: [b.url, a.url], token, timeoutMs: 5000 });
    let done = 0;
    let killed: Promise<void> | null = null;
    // Four stations' worth of calls at once; the first central dies after the tenth answer.
    const lane = async () => {
      for (let i = 0; i < 15; i++) {
        const answer = await client.call('heartbeat', heartbeat());
        expect(answer.terminalId).toBe('kiosk-1');
        if (++done === 10) killed = b.stop('SIGKILL');
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    await killed;
    expect(done).toBe(60);
    expect(b.child.signalCode).toBe('SIGKILL');
    expect(client.activeUrl).toBe(a.url);
  });
});

describe("the station's status", () => {
  it('names the central address in use once the station moved to it', async () => {
    const dead = await hangUp();
    const base = mkdtempSync(join(tmpdir(), 'estation-failover-kiosk-'));
    const config = parseConfig({
      terminal: { id: 'kiosk-1', name: 'Kiosk 1' },
      central: { url: [dead.url, a.url], token, timeoutMs: 2000 },
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
    });
    const kiosk = await createKiosk(config, { log: silentLogger(), renderInWorker: false });
    try {
      expect(kiosk.core.getStatus().centralUrl).toBe(dead.url);
      // The first heartbeat goes out at start: past the dead address, to the live one.
      await kiosk.core.start();
      const status = kiosk.core.getStatus();
      expect(status.central).toBe('online');
      expect(status.centralUrl).toBe(a.url);
    } finally {
      await kiosk.close();
    }
  });
});

describe('central.url as a list in the kiosk configuration', () => {
  const parse = (url: unknown) => KioskConfig.safeParse({ central: { url, token: 't' } });

  it('takes a list of addresses', () => {
    const r = parse(['https://central-1.campus.example', 'https://central-2.campus.example']);
    expect(r.success && r.data.central.url).toEqual([
      'https://central-1.campus.example',
      'https://central-2.campus.example',
    ]);
  });

  it('refuses plain http:// to another machine anywhere in the list, naming the entry', () => {
    const r = parse(['https://central-1.campus.example', 'http://central-2.campus.example']);
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === 'central.url.1');
    expect(issue?.message).toContain('http://central-2.campus.example is plain http:// to another machine');
  });

  it('refuses an empty list, a repeated address and an address that is not a URL', () => {
    expect(parse([]).success).toBe(false);
    expect(parse(['https://c.example', 'https://c.example']).error!.issues[0]!.message).toContain('listed twice');
    expect(parse(['https://c.example', 'central-2']).success).toBe(false);
  });
});
