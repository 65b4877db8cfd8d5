import { describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { newVerificationCode, SqliteCentralStore } from '../../../central/store/sqlite.js';
import {
  CentralClient,
  CentralProtocolError,
  CentralRejectedError,
  CentralUnavailableError,
} from '../../../main/core/central-client.js';
import { AuthorizeResponse, DocumentSerial, VerificationCode } from '../../../shared/central-api.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const client = (answer: (init: RequestInit) => Promise<Response>, timeoutMs = 1000) =>
  new CentralClient({
    baseUrl: 'http://central.test',
    token: 'secret-token',
    timeoutMs,
    fetch: ((_url: URL, init: RequestInit) => answer(init)) as typeof fetch,
  });
const heartbeat = { terminalTime: '2026-09-01T08:00:00Z', outOfService: false, backlog: 0 };

describe('CentralClient', () => {
  it('sends the terminal token and returns the validated answer', async () => {
    let seen: RequestInit | undefined;
    const c = client(async (init) => ((seen = init), json(200, { serverTime: 'now', terminalId: 'k' })));
    expect(await c.call('heartbeat', heartbeat)).toEqual({ serverTime: 'now', terminalId: 'k' });
    expect((seen!.headers as Record<string, string>).authorization).toBe('Bearer secret-token');
    expect(JSON.parse(String(seen!.body))).toEqual(heartbeat);
  });

  it('calls central unavailable (retry later) for network errors, 5xx, 408, 429 and timeouts', async () => {
    const cases: (() => Promise<Response>)[] = [
      () => Promise.reject(new TypeError('fetch failed')),
      async () => json(503, { error: 'internal', message: 'x' }),
      async () => new Response('<html>bad gateway</html>', { status: 502 }),
      async () => json(408, { error: 'timeout', message: 'x' }),
      async () => json(429, { error: 'slow_down', message: 'x' }),
    ];
    for (const answer of cases)
      await expect(client(answer).call('heartbeat', heartbeat)).rejects.toBeInstanceOf(CentralUnavailableError);
    const slow = client(
      (init) =>
        new Promise((_res, rej) => init.signal!.addEventListener('abort', () => rej(init.signal!.reason as Error))),
      50,
    );
    await expect(slow.call('heartbeat', heartbeat)).rejects.toThrow(/no answer within 50 ms/);
  });

  it('calls an answer cut off half-way unavailable: central may have acted, so the request is retried', async () => {
    const cut = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"serverTime":'));
          controller.error(new TypeError('terminated'));
        },
      }),
      { status: 200 },
    );
    await expect(client(async () => cut).call('heartbeat', heartbeat)).rejects.toThrow(/answer interrupted/);
  });

  it('calls a 4xx a rejection with central’s error code', async () => {
    const err = await client(async () => json(403, { error: 'quota_used_up', message: 'No free copies left' }))
      .call('authorizeJob', { jobId: 'j', personId: 'p', kind: 'enrollment', language: 'zh', copies: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CentralRejectedError);
    expect(err).toMatchObject({ status: 403, code: 'quota_used_up' });
  });

  it('accepts exactly the serials and verification codes central issues in an authorization', async () => {
    const store = await SqliteCentralStore.open(':memory:', { now: () => new Date('2026-09-01T08:00:00Z') });
    const people = demoPeople();
    await store.seed(people);
    const student = people.find((p) => p.role === 'student')!;
    const issued = await store.authorize('k', {
      jobId: 'job-1',
      personId: student.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    expect(issued.serial).toBe('DU-2026-000001');
    expect(AuthorizeResponse.parse(issued)).toEqual(issued);
    for (let i = 0; i < 200; i++) expect(VerificationCode.parse(newVerificationCode())).toMatch(/^.{14}$/);
    expect(VerificationCode.parse(newVerificationCode(Buffer.alloc(12, 0xff)))).toBe('ZZZZ-ZZZZ-ZZZZ');
    expect(DocumentSerial.parse('DU-2026-1234567')).toBe('DU-2026-1234567'); // the counter outgrows its padding
    store.db.close();

    const answer = { ...issued, jobId: 'j' };
    const authorize = (over: Record<string, unknown>) =>
      client(async () => json(200, { ...answer, ...over })).call('authorizeJob', {
        jobId: 'j',
        personId: 'p',
        kind: 'enrollment',
        language: 'zh',
        copies: 1,
      });
    expect(await authorize({})).toEqual(answer);
    for (const serial of [
      '',
      ' ',
      'DU-2026-00001',
      `DU-2026-${'1'.repeat(100)}`,
      'du-2026-000001',
      'DU-26-000001',
      'DU-2026-000001\n',
      '学校-2026-000001',
    ]) {
      await expect(authorize({ serial }), JSON.stringify(serial)).rejects.toBeInstanceOf(CentralProtocolError);
    }
    for (const verificationCode of [
      '',
      'X',
      'ABCD-EFGH-IJKL',
      'abcd-efgh-jkmn',
      'ABCDEFGHJKMN',
      'ABCD-EFGH-JKMN-PQRS',
    ]) {
      await expect(authorize({ verificationCode }), verificationCode).rejects.toBeInstanceOf(CentralProtocolError);
    }
    await expect(authorize({ jobId: '' })).rejects.toBeInstanceOf(CentralProtocolError);
  });

  it('calls an answer that breaks the contract a protocol error, never a success', async () => {
    await expect(client(async () => json(200, { serverTime: 42 })).call('heartbeat', heartbeat)).rejects.toBeInstanceOf(
      CentralProtocolError,
    );
    await expect(
      client(async () => new Response('not json', { status: 200 })).call('heartbeat', heartbeat),
    ).rejects.toBeInstanceOf(CentralProtocolError);
  });
});
