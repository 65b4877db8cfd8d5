/**
 * One IPP operation: encode with the `ipp` library, send through a transport, decode the answer.
 */
import ipp from 'ipp';
import type { IppAttributes } from './attributes.js';
import type { IppTransport } from './http-transport.js';

export interface IppResponse {
  statusCode: string;
  operation: IppAttributes;
  printer: IppAttributes;
  /** Job attribute groups: one per job (Get-Jobs), or one for the job asked about. */
  jobs: IppAttributes[];
}

export interface IppRequestOptions {
  transport: IppTransport;
  url: URL;
  printerUri: string;
  timeoutMs: number;
  user: string;
}

let nextId = 1;

export async function ippRequest(
  o: IppRequestOptions,
  operation: string,
  operationAttributes: Record<string, unknown>,
  jobAttributes?: Record<string, unknown>,
  data?: Uint8Array,
): Promise<IppResponse> {
  const message: Record<string, unknown> = {
    version: '2.0',
    operation,
    id: (nextId = (nextId % 0x7fffffff) + 1),
    // The first three attributes must come in this order (RFC 8011, 4.1.4).
    'operation-attributes-tag': {
      'attributes-charset': 'utf-8',
      'attributes-natural-language': 'en',
      'printer-uri': o.printerUri,
      'requesting-user-name': o.user,
      ...operationAttributes,
    },
    ...(jobAttributes ? { 'job-attributes-tag': jobAttributes } : {}),
    ...(data ? { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) } : {}),
  };
  const answer = await o.transport(o.url, ipp.serialize(message), o.timeoutMs);
  return decodeResponse(answer);
}

/** Decodes an encoded IPP answer (also used by the tests on recorded answers). */
export function decodeResponse(answer: Buffer): IppResponse {
  const parsed = ipp.parse(answer) as unknown as Record<string, unknown>;
  const jobs = parsed['job-attributes-tag'];
  return {
    statusCode: String(parsed.statusCode),
    operation: (parsed['operation-attributes-tag'] ?? {}) as IppAttributes,
    printer: (parsed['printer-attributes-tag'] ?? {}) as IppAttributes,
    jobs: (Array.isArray(jobs) ? jobs : jobs ? [jobs] : []) as IppAttributes[],
  };
}

export function isSuccess(statusCode: string): boolean {
  return statusCode.startsWith('successful-ok');
}
