/**
 * Web mode: serves the built renderer and the kiosk API over a loopback WebSocket, protected by a
 * per-launch token (given to the page in the URL fragment, never logged by a server) and an Origin check.
 * The same renderer runs in Chromium `--kiosk` on a Linux kiosk, and in Playwright tests.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { KIOSK_EVENTS } from '../../shared/kiosk-channels.js';
import type { KioskEndpoint } from '../core/kiosk-core.js';
import { dispatch } from '../core/dispatch.js';

export interface WebHostOptions {
  core: KioskEndpoint;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface RunningWebHost {
  app: FastifyInstance;
  /** Base URL without the token. */
  url: string;
  /** URL to open: carries the token in the fragment. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE = 64 * 1024;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const app = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: options.rendererDir, index: ['index.html'] });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  const address = await app.listen({ host, port: options.port ?? 0 });
  const url = address.replace('[::1]', '127.0.0.1');
  const port = new URL(url).port;
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  app.server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const given = u.searchParams.get('token') ?? '';
    if (u.pathname !== '/api' || !allowedOrigins.has(req.headers.origin ?? '') || !sameToken(given, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const clients = new Set<WebSocket>();
  const listeners = KIOSK_EVENTS.map((event) => {
    const fn = (payload: unknown) => {
      const msg = JSON.stringify({ event, payload });
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(msg);
    };
    options.core.on(event, fn);
    return { event, fn };
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', async (raw) => {
      let msg: { id?: unknown; method?: unknown; params?: unknown };
      try {
        msg = JSON.parse(String(raw));
      } catch {
        ws.send(JSON.stringify({ id: null, error: { code: 'invalid_input', message: 'Message is not JSON' } }));
        return;
      }
      const id = typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : null;
      const r = await dispatch(options.core, msg.method, msg.params);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(r.ok ? { id, result: r.result } : { id, error: r.error }));
    });
  });

  return {
    app,
    url,
    launchUrl: `${url}/#token=${token}`,
    token,
    async close() {
      for (const { event, fn } of listeners) options.core.off(event, fn);
      for (const ws of clients) ws.terminate();
      wss.close();
      await app.close();
    },
  };
}
