/**
 * A central server for one test file, on loopback, with a clock the tests move (the store's `now`),
 * two terminals (`kiosk-a`, `kiosk-b`), the demo people, and a caller that POSTs as a terminal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createCentralApp, type CentralAppOptions } from '../../../central/app.js';
import { demoPeople, type SeedPerson } from '../../../central/seed/demo.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { centralCaller } from './publishing-helpers.js';

export type TestTerminal = 'kiosk-a' | 'kiosk-b';

export function useCentral(options: Omit<CentralAppOptions, 'store'> = {}) {
  const people: SeedPerson[] = demoPeople();
  let dir = '';
  let now = Date.now();
  let app: FastifyInstance | undefined;
  const f = {
    people,
    students: people.filter((p) => p.role === 'student'),
    url: '',
    tokens: {} as Record<TestTerminal, string>,
    store: undefined as unknown as SqliteCentralStore,
    /** Moves central's clock on (the store's `now`; the server's timers are not involved). */
    advance(ms: number): void {
      now += ms;
    },
    /** POSTs `body` to `path` as `terminal`. */
    post: (path: string, body: unknown, terminal: TestTerminal = 'kiosk-a') => call(path, f.tokens[terminal], body),
  };
  const call = centralCaller(() => f.url);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'estation-central-fixture-'));
    f.store = await SqliteCentralStore.open(join(dir, 'central.sqlite'), { now: () => new Date(now) });
    await f.store.seed(people);
    for (const t of ['kiosk-a', 'kiosk-b'] as const) f.tokens[t] = await f.store.enrollTerminal(t, t);
    app = createCentralApp({ ...options, store: f.store });
    f.url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await f.store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return f;
}
