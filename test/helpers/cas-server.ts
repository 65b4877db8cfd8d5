/**
 * A small CAS server (protocol 2.0 and 3.0) on loopback, for the single sign-on tests: `/login` sends the
 * browser back to the service with a new service ticket for the user the test chose, `/serviceValidate`
 * (2.0) and `/p3/serviceValidate` (3.0, with attributes) answer CAS XML. As the protocol requires, a ticket
 * is bound to the service it was issued for and is spent by its first validation attempt, whatever the
 * outcome. `singleUse: false` makes a lax server that validates a ticket again, to show central refuses
 * reuse by itself; `answer: 'html'` makes a server that answers an error page instead of XML, and
 * `answer: 'hang'` one that never answers a validation.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface CasServerOptions {
  singleUse?: boolean;
  answer?: 'xml' | 'html' | 'hang';
}

export interface Validation {
  path: string;
  service: string | null;
  ticket: string | null;
}

export interface TestCasServer {
  /** The CAS base URL, such as http://127.0.0.1:PORT/cas. */
  url: string;
  /** Who the next browser at /login signs in as (a CAS user id). */
  user: string;
  /** Attributes a 3.0 validation answers. */
  attributes: Record<string, string[]>;
  /** Every validation request it received, in order. */
  validations: Validation[];
  /** Issues a ticket directly, as /login would (for a service the test names). */
  issue(user: string, service: string): string;
  close(): Promise<void>;
}

const xmlEscape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const NS = 'xmlns:cas="http://www.yale.edu/tp/cas"';
const failure = (code: string, message: string) =>
  `<cas:serviceResponse ${NS}>\n  <cas:authenticationFailure code="${code}">${xmlEscape(message)}</cas:authenticationFailure>\n</cas:serviceResponse>\n`;

function success(user: string, attributes: Record<string, string[]> | null): string {
  const attrs = attributes
    ? `\n    <cas:attributes>\n${Object.entries(attributes)
        .flatMap(([k, vs]) => vs.map((v) => `      <cas:${k}>${xmlEscape(v)}</cas:${k}>`))
        .join('\n')}\n    </cas:attributes>`
    : '';
  return `<cas:serviceResponse ${NS}>\n  <cas:authenticationSuccess>\n    <cas:user>${xmlEscape(user)}</cas:user>${attrs}\n  </cas:authenticationSuccess>\n</cas:serviceResponse>\n`;
}

export async function startCasServer({
  singleUse = true,
  answer = 'xml',
}: CasServerOptions = {}): Promise<TestCasServer> {
  const tickets = new Map<string, { user: string; service: string; spent: boolean }>();
  let serial = 0;
  const issue = (user: string, service: string) => {
    const ticket = `ST-${++serial}-${randomBytes(12).toString('base64url').replace(/[_]/g, 'x')}-cas.test`;
    tickets.set(ticket, { user, service, spent: false });
    return ticket;
  };

  const validate = (path: string, q: URLSearchParams, res: ServerResponse) => {
    const service = q.get('service');
    const ticket = q.get('ticket');
    cas.validations.push({ path, service, ticket });
    if (answer === 'hang') return; // Accepts the connection and never answers (closed by close()).
    if (answer === 'html')
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Maintenance</body></html>');
    const xml = (body: string) => res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
    if (!service || !ticket) return xml(failure('INVALID_REQUEST', 'service and ticket are required'));
    const t = tickets.get(ticket);
    if (!t || (singleUse && t.spent)) return xml(failure('INVALID_TICKET', `Ticket ${ticket} not recognized`));
    t.spent = true;
    if (t.service !== service)
      return xml(failure('INVALID_SERVICE', `Ticket ${ticket} does not match supplied service`));
    return xml(success(t.user, path === '/cas/p3/serviceValidate' ? cas.attributes : null));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://cas.test');
    if (u.pathname === '/cas/login') {
      const service = u.searchParams.get('service');
      if (!service) return res.writeHead(400).end('service required');
      const back = new URL(service);
      back.searchParams.set('ticket', issue(cas.user, service));
      return res.writeHead(302, { location: back.href }).end();
    }
    if (u.pathname === '/cas/serviceValidate' || u.pathname === '/cas/p3/serviceValidate')
      return validate(u.pathname, u.searchParams, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cas: TestCasServer = {
    url: `http://127.0.0.1:${port}/cas`,
    user: 'T00001',
    attributes: { cn: ['王建国'], employeeType: ['staff'], memberOf: ['estation-office', 'library'] },
    validations: [],
    issue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return cas;
}
