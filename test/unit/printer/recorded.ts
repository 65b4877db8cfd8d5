/** Loads recorded IPP answers (test/fixtures/ipp) and replays them as a transport. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ipp from 'ipp';
import type { IppTransport } from '../../../drivers/printer/ipp/http-transport.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/ipp');

export function recorded(name: string): Buffer {
  return readFileSync(join(FIXTURES, `${name}.ipp`));
}

export interface SentRequest {
  operation: string;
  operationAttributes: Record<string, unknown>;
  jobAttributes: Record<string, unknown>;
  /** The whole encoded request (the document follows the attributes). */
  body: Buffer;
  url: string;
  timeoutMs: number;
}

/**
 * A transport answering each operation from a script: a fixture name, raw bytes, or an error to throw.
 * Every request is decoded with the `ipp` library and kept in `sent`.
 */
export function replay(script: Record<string, string | Buffer | Error | (string | Buffer | Error)[]>) {
  const sent: SentRequest[] = [];
  const queues = new Map(Object.entries(script).map(([op, a]) => [op, Array.isArray(a) ? [...a] : [a]]));
  const transport: IppTransport = async (url, body, timeoutMs) => {
    const msg = ipp.parse(body) as unknown as Record<string, unknown>;
    const operation = String(msg.operation);
    sent.push({
      operation,
      operationAttributes: (msg['operation-attributes-tag'] ?? {}) as Record<string, unknown>,
      jobAttributes: (msg['job-attributes-tag'] ?? {}) as Record<string, unknown>,
      body,
      url: url.href,
      timeoutMs,
    });
    const q = queues.get(operation);
    if (!q?.length) throw new Error(`test transport has no answer for ${operation}`);
    const answer = q.length > 1 ? q.shift()! : q[0]!;
    if (answer instanceof Error) throw answer;
    return typeof answer === 'string' ? recorded(answer) : answer;
  };
  return { transport, sent };
}

/** Encodes an IPP answer by hand, for answers no server here gives (e.g. Print-Job refused). */
export function answer(statusCode: string, groups: Record<string, unknown> = {}): Buffer {
  return ipp.serialize({
    version: '2.0',
    statusCode,
    id: 1,
    'operation-attributes-tag': { 'attributes-charset': 'utf-8', 'attributes-natural-language': 'en' },
    ...groups,
  });
}

/**
 * Encodes a Get-Jobs answer with several job groups by hand (the `ipp` serializer writes one group per
 * tag): RFC 8010 framing, job-id as integer and job-name as nameWithoutLanguage when given.
 */
export function jobsAnswer(jobs: { id: number; name?: string }[]): Buffer {
  const parts: Buffer[] = [Buffer.from([2, 0, 0, 0, 0, 0, 0, 1])];
  const attr = (tag: number, name: string, value: Buffer) => {
    const n = Buffer.from(name);
    const head = Buffer.alloc(5);
    head.writeUInt8(tag, 0);
    head.writeUInt16BE(n.length, 1);
    parts.push(head.subarray(0, 3), n, Buffer.from([value.length >> 8, value.length & 0xff]), value);
  };
  parts.push(Buffer.from([0x01]));
  attr(0x47, 'attributes-charset', Buffer.from('utf-8'));
  attr(0x48, 'attributes-natural-language', Buffer.from('en'));
  for (const job of jobs) {
    parts.push(Buffer.from([0x02]));
    const id = Buffer.alloc(4);
    id.writeInt32BE(job.id);
    attr(0x21, 'job-id', id);
    if (job.name !== undefined) attr(0x42, 'job-name', Buffer.from(job.name));
  }
  parts.push(Buffer.from([0x03]));
  return Buffer.concat(parts);
}
