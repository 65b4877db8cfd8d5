/**
 * Sends one encoded IPP request over HTTP(S) and returns the encoded answer, within a deadline.
 * The `ipp` library's own request() has no timeout and logs to the console, so this small transport
 * replaces it; encoding and decoding stay with the library.
 */
import http from 'node:http';
import https from 'node:https';

/** How far a failed request got: `notSent` means the printer cannot have seen it. */
export class IppTransportError extends Error {
  override name = 'IppTransportError';
  constructor(
    message: string,
    readonly kind: 'refused' | 'timeout' | 'http' | 'network',
    readonly notSent: boolean,
  ) {
    super(message);
  }
}

/** One request, one answer; the OS boundary that tests replace with recorded answers. */
export type IppTransport = (url: URL, body: Buffer, timeoutMs: number) => Promise<Buffer>;

/** The HTTP URL an ipp:// or ipps:// printer URI is reached at (IPP's port is 631). */
export function httpUrlOf(printerUri: string): URL {
  const u = new URL(printerUri);
  const secure = u.protocol === 'ipps:' || u.protocol === 'https:';
  const port = u.port || (u.protocol === 'ipp:' || u.protocol === 'ipps:' ? '631' : '');
  return new URL(
    `${secure ? 'https' : 'http'}://${u.hostname.includes(':') && !u.hostname.startsWith('[') ? `[${u.hostname}]` : u.hostname}${port ? `:${port}` : ''}${u.pathname}${u.search}`,
  );
}

export const httpTransport: IppTransport = (url, body, timeoutMs) =>
  new Promise((resolve, reject) => {
    let sent = false;
    let settled = false;
    const fail = (err: IppTransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    // A fresh connection per request: a kept-alive socket to a print server that restarted would fail
    // the next request after it was written, and a Print-Job would then end with an unknown outcome.
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          fail(
            new IppTransportError(`The print server answered HTTP ${res.statusCode} for ${url.href}.`, 'http', false),
          );
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) =>
          fail(new IppTransportError(`The connection to ${url.host} broke: ${err.message}`, 'network', false)),
        );
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(Buffer.concat(chunks));
        });
      },
    );
    const timer = setTimeout(
      () =>
        fail(
          new IppTransportError(
            `The print server at ${url.host} did not answer within ${timeoutMs} ms.`,
            'timeout',
            !sent,
          ),
        ),
      timeoutMs,
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Only the connection decides: once it was made, the printer may hold the request (a Print-Job
      // would print), whatever the error's code says. EHOSTUNREACH and ENETUNREACH also end an
      // established connection whose route went away mid-request.
      if (sent) {
        fail(
          new IppTransportError(`The connection to ${url.host} broke: ${err.code ?? err.message}.`, 'network', false),
        );
        return;
      }
      const refused =
        err.code === 'ECONNREFUSED' ||
        err.code === 'ENOTFOUND' ||
        err.code === 'EHOSTUNREACH' ||
        err.code === 'ENETUNREACH' ||
        err.code === 'EAI_AGAIN';
      fail(
        new IppTransportError(
          `Cannot reach the print server at ${url.host}: ${err.code ?? err.message}.`,
          refused ? 'refused' : 'network',
          true,
        ),
      );
    });
    req.on('socket', (socket) => socket.once('connect', () => (sent = true)));
    req.end(body);
  });
