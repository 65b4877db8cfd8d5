/**
 * Web mode: serves the built renderer and the kiosk API over a loopback WebSocket. Two ways in, both
 * with an Origin check:
 * - the kiosk page: the browser opens a launch link `/launch?code=...` once; the code (random, for one
 *   use, expiring within a minute) is exchanged for an HttpOnly, SameSite=Strict session cookie that the
 *   page's WebSocket then carries. No secret stays on a command line, in a log or in the page's reach.
 *   The demo may mint a reusable link for the person at the keyboard.
 * - local tools (`estation simulate`, tests): the per-launch token from the runtime file, which only
 *   the kiosk's user can read (main/web/runtime-file.ts), as `?token=`.
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
import { PAGE_HEARTBEAT_MESSAGE } from '../../shared/page-heartbeat.js';

export interface WebHostOptions {
  core: KioskEndpoint;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Called for each "still alive" message of the kiosk page (shared/page-heartbeat.ts), for the watchdog. */
  onPageHeartbeat?: () => void;
}

export interface RunningWebHost {
  app: FastifyInstance;
  /** Base URL (no secret). */
  url: string;
  /**
   * A launch link for a browser: works once and within LAUNCH_CODE_TTL_MS, unless `reusable` (the demo's
   * link for the person at the keyboard, valid as long as this host runs).
   */
  launchUrl(options?: { reusable?: boolean; ttlMs?: number }): string;
  /** The local tools' token (kept in the runtime file, 0600). */
  token: string;
  close(): Promise<void>;
}

/** How long a one-time launch code waits for its browser. */
export const LAUNCH_CODE_TTL_MS = 60_000;
const SESSION_COOKIE = 'estation_session';

const MAX_MESSAGE = 64 * 1024;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return '';
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // What the kiosk page's cookie holds; never leaves this process except in that HttpOnly cookie.
  const session = randomBytes(24).toString('base64url');
  /** Launch codes not used yet: code -> expiry (Infinity for the demo's reusable one). */
  const launchCodes = new Map<string, number>();
  const host = options.host ?? '127.0.0.1';
  const app = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: options.rendererDir, index: ['index.html'] });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
  });

  app.get('/launch', async (req, reply) => {
    const code = String((req.query as { code?: unknown }).code ?? '');
    const expires = launchCodes.get(code);
    if (!code || expires === undefined || expires < Date.now()) {
      reply.code(403).type('text/plain; charset=utf-8');
      return '此启动链接已使用或已过期。This launch link has been used or has expired: restart the kiosk (estation kiosk), or open the link the demo printed.';
    }
    if (expires !== Infinity) launchCodes.delete(code);
    reply.header('Set-Cookie', `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`);
    return reply.redirect('/', 303);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  const address = await app.listen({ host, port: options.port ?? 0 });
  const url = address.replace('[::1]', '127.0.0.1');
  const port = new URL(url).port;
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  app.server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const given = u.searchParams.get('token') ?? '';
    const isPage = sameToken(cookieValue(req.headers.cookie, SESSION_COOKIE), session);
    const allowed = isPage || sameToken(given, token);
    if (u.pathname !== '/api' || !allowedOrigins.has(req.headers.origin ?? '') || !allowed) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, isPage));
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

  wss.on('connection', (ws: WebSocket, _req: IncomingMessage, isPage: boolean) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', async (raw) => {
      // Only the kiosk page's beats count (a local tool's connection says nothing about the screen).
      if (String(raw) === PAGE_HEARTBEAT_MESSAGE) {
        if (isPage) options.onPageHeartbeat?.();
        return;
      }
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
    launchUrl({ reusable = false, ttlMs = LAUNCH_CODE_TTL_MS } = {}) {
      const code = randomBytes(18).toString('base64url');
      launchCodes.set(code, reusable ? Infinity : Date.now() + ttlMs);
      return `${url}/launch?code=${code}`;
    },
    token,
    async close() {
      for (const { event, fn } of listeners) options.core.off(event, fn);
      for (const ws of clients) ws.terminate();
      wss.close();
      await app.close();
    },
  };
}
