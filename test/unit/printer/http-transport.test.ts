import http, { createServer, type ClientRequest, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpTransport, httpUrlOf, IppTransportError } from '../../../drivers/printer/ipp/http-transport.js';

let server: Server;
let base = '';
const received: Buffer[] = [];
/** Called when a request to /hang has arrived in full (that server never answers it). */
let onHang: (() => void) | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks));
      if (req.url === '/echo') {
        res.writeHead(200, { 'Content-Type': 'application/ipp' });
        res.end(Buffer.concat([Buffer.from('answer:'), Buffer.concat(chunks)]));
      } else if (req.url === '/forbidden') {
        res.writeHead(403);
        res.end();
      }
      if (req.url === '/hang') onHang?.();
      // /silent and /hang: never answer
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterEach(() => {
  vi.restoreAllMocks();
  onHang = null;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function failure(p: Promise<unknown>): Promise<IppTransportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IppTransportError);
  return err as IppTransportError;
}

describe('httpTransport', () => {
  it('POSTs the request and returns the whole answer', async () => {
    const answer = await httpTransport(new URL(`${base}/echo`), Buffer.from('ipp-request'), 5000);
    expect(answer.toString()).toBe('answer:ipp-request');
  });

  it('a server that does not answer in time is a timeout whose request may have arrived', async () => {
    const err = await failure(httpTransport(new URL(`${base}/silent`), Buffer.from('x'), 300));
    expect(err.kind).toBe('timeout');
    expect(err.notSent).toBe(false);
    expect(err.message).toMatch(/did not answer within 300 ms/);
  });

  it('an HTTP error status is reported with the code', async () => {
    const err = await failure(httpTransport(new URL(`${base}/forbidden`), Buffer.from('x'), 5000));
    expect(err.kind).toBe('http');
    expect(err.message).toContain('403');
  });

  it('a closed port is refused and known not to have been sent', async () => {
    const probe = createNetServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const err = await failure(httpTransport(new URL(`http://127.0.0.1:${port}/printers/x`), Buffer.from('x'), 5000));
    expect(err.kind).toBe('refused');
    expect(err.notSent).toBe(true);
  });

  // A route that goes away mid-request (a printer on Wi-Fi, a switch that reboots) ends an established
  // connection with EHOSTUNREACH or ENETUNREACH: the same codes as a host that was never reached. The
  // printer may already hold the request (a Print-Job would print), so this is never "not sent".
  for (const code of ['EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']) {
    it(`${code} after the request reached the server may have been delivered`, async () => {
      let client: ClientRequest | undefined;
      const request = http.request.bind(http) as (...args: unknown[]) => ClientRequest;
      vi.spyOn(http, 'request').mockImplementation(
        ((...args: unknown[]) => (client = request(...args))) as typeof http.request,
      );
      onHang = () => client!.socket!.destroy(Object.assign(new Error(`connect ${code}`), { code }));
      const err = await failure(httpTransport(new URL(`${base}/hang`), Buffer.from('print-job'), 5000));
      expect(received.at(-1)?.toString()).toBe('print-job');
      expect(err.notSent).toBe(false);
      expect(err.kind).toBe('network');
      expect(err.message).toContain(code);
    });
  }
});

describe('httpUrlOf', () => {
  it('maps IPP URIs to the HTTP URL they are reached at', () => {
    expect(httpUrlOf('ipp://h/printers/q').href).toBe('http://h:631/printers/q');
    expect(httpUrlOf('ipps://h:443/ipp/print').href).toBe('https://h/ipp/print');
    expect(httpUrlOf('http://h:8080/ipp').href).toBe('http://h:8080/ipp');
    expect(httpUrlOf('ipp://[::1]:631/printers/q').href).toBe('http://[::1]:631/printers/q');
  });
});
