/**
 * The `estation` commands. Each takes its own argv and returns an exit code.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { loadConfig, parseConfig } from '../../kiosk-config/load.js';
import { startCentralServer } from '../../central/server.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { parseTrustProxy } from '../../central/trust-proxy.js';
import { publishedKey } from '../../lib/verification.js';
import { intOption, parse, UsageError } from './args.js';
import { runKioskHost } from './kiosk-host.js';
import { readRuntime } from '../web/runtime-file.js';

const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
  /** For commands in their own module: loads it (its usage text is the authoritative one). */
  load?: () => Promise<{ command: Command }>;
}

const demo: Command = {
  summary: 'run the whole system on this machine: built-in central with demo data, simulated card reader, file printer',
  usage: 'estation demo [--web] [--port N] [--no-open] [--data DIR] [--out DIR]',
  async run(argv) {
    const { values } = parse(argv, {
      web: { type: 'boolean' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      data: { type: 'string' },
      out: { type: 'string' },
    });
    const dataDir = resolve(values.data ?? '.data/demo');
    const config = parseConfig({
      dataDir,
      printer: { type: 'file', dir: resolve(values.out ?? 'out/prints') },
      central: { url: 'embedded', heartbeatS: 5 },
    });
    return runKioskHost(config, {
      web: values.web ?? false,
      ...portOpt(values.port),
      openBrowser: !values['no-open'],
      banner: out,
      configFile: null,
    });
  },
};

function portOpt(port: string | undefined): { port?: number } {
  const p = intOption(port, 'port');
  return p === undefined ? {} : { port: p };
}

const kiosk: Command = {
  summary: 'run a kiosk with a configuration file (see kiosk-config/examples/)',
  usage: 'estation kiosk [--config FILE] [--web] [--port N] [--no-open]   (or set ESTATION_CONFIG=FILE)',
  async run(argv) {
    const { values } = parse(argv, {
      config: { type: 'string' },
      web: { type: 'boolean' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
    });
    const { config, file } = loadConfig(values.config);
    return runKioskHost(config, {
      web: values.web ?? false,
      ...portOpt(values.port),
      openBrowser: !values['no-open'],
      banner: out,
      configFile: file,
    });
  },
};

const central: Command = {
  summary: 'run the reference central server, or enroll a terminal or an admin (prints its token)',
  usage:
    'estation central [--port N] [--host H] [--data DIR] [--demo] [--verify-key PEM]... [--alert-webhook URL]... [--trust-proxy ADDR]...\n       estation central enroll TERMINAL-ID [--name NAME] [--data DIR]\n       estation central enroll-admin ADMIN-ID [--name NAME] [--data DIR]\n\n--verify-key: a public (or private) Ed25519 key in PEM whose signatures the verification page accepts; repeat for several stations.\n--alert-webhook: POST every raised and cleared terminal alert as JSON to this URL (docs/central.md).\n--trust-proxy: the address or CIDR range of a reverse proxy in front of central, whose X-Forwarded-For and -Proto are believed (or loopback).\nenroll-admin: a token for the admin routes (publishing template releases); a terminal token is never one.',
  async run(argv) {
    if (argv[0] === 'enroll' || argv[0] === 'enroll-admin') {
      const admin = argv[0] === 'enroll-admin';
      const { values, positionals } = parse(
        argv.slice(1),
        { name: { type: 'string' }, data: { type: 'string' } },
        true,
      );
      const id = positionals[0];
      if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
        throw new UsageError(`${argv[0]} needs ${admin ? 'an admin' : 'a terminal'} id (letters, digits, "-" or "_")`);
      const store = new SqliteCentralStore(resolve(values.data ?? '.data/central', 'central.sqlite'));
      const token = await (
        admin ? store.enrollAdmin(id, values.name ?? id) : store.enrollTerminal(id, values.name ?? id)
      ).finally(() => store.close());
      out([
        admin
          ? `Admin ${id} enrolled. Send this token as "Authorization: Bearer <token>" to publish template releases; it is shown only once:`
          : `Terminal ${id} enrolled. Put this token into its kiosk configuration (central.token); it is shown only once:`,
        token,
      ]);
      return 0;
    }
    const { values } = parse(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      demo: { type: 'boolean' },
      'verify-key': { type: 'string', multiple: true },
      'alert-webhook': { type: 'string', multiple: true },
      'trust-proxy': { type: 'string', multiple: true },
    });
    let trustProxy: string[];
    try {
      trustProxy = parseTrustProxy(values['trust-proxy'] ?? []);
    } catch (err) {
      throw new UsageError(`--trust-proxy: ${(err as Error).message}`);
    }
    const alertWebhooks = (values['alert-webhook'] ?? []).map((u) => {
      if (!URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol))
        throw new UsageError(`--alert-webhook ${u}: give an http(s) URL`);
      return u;
    });
    const verifyKeys = (values['verify-key'] ?? []).map((file) => {
      try {
        return publishedKey(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new UsageError(`--verify-key ${file}: ${(err as Error).message}`);
      }
    });
    const server = await startCentralServer({
      verifyKeys,
      dataDir: resolve(values.data ?? '.data/central'),
      port: intOption(values.port, 'port') ?? 8600,
      host: values.host ?? '127.0.0.1',
      seedDemo: values.demo ?? false,
      logger: true,
      alertWebhooks,
      trustProxy,
    });
    out([
      `E-station central server listening on ${server.url}`,
      `OpenAPI: ${server.url}/v1/openapi.json`,
      'Stop with Ctrl+C.',
    ]);
    return new Promise((res) => {
      const stop = () => void server.close().then(() => res(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

/** Calls one kiosk API method over the web-mode socket of a running kiosk. */
async function callKiosk(launchUrl: string, method: string, params: unknown): Promise<unknown> {
  const u = new URL(launchUrl);
  const token = new URLSearchParams(u.hash.slice(1)).get('token') ?? u.searchParams.get('token') ?? '';
  const ws = new WebSocket(`ws://${u.host}/api?token=${encodeURIComponent(token)}`, { origin: `http://${u.host}` });
  return new Promise((res, rej) => {
    ws.once('error', (err) => rej(new UsageError(`cannot reach the kiosk at ${u.host}: ${err.message}`)));
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method, params })));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id !== 1) return;
      ws.close();
      if (msg.error) rej(new UsageError(msg.error.message));
      else res(msg.result);
    });
  });
}

const simulate: Command = {
  summary: 'tap a card on a running kiosk that uses the simulated reader',
  usage: 'estation simulate swipe [CARD] [--kiosk URL] [--data DIR]',
  async run(argv) {
    if (argv[0] !== 'swipe') throw new UsageError('usage: estation simulate swipe [CARD] [--kiosk URL]');
    const { values, positionals } = parse(argv.slice(1), { kiosk: { type: 'string' }, data: { type: 'string' } }, true);
    let url = values.kiosk;
    if (!url) {
      const rt = readRuntime(resolve(values.data ?? '.data/demo'));
      if (!rt)
        throw new UsageError(
          'no running kiosk found; start one with `estation demo` or pass --kiosk URL (the URL it printed)',
        );
      url = `${rt.url}/#token=${rt.token}`;
    }
    let card = positionals[0];
    if (!card) {
      const { cards } = (await callKiosk(url, 'listDemoCards', {})) as { cards: { card: string; label: string }[] };
      if (!cards[0]) throw new UsageError('this kiosk has no demo cards; give a CARD number');
      card = cards[0].card;
    }
    await callKiosk(url, 'simulateSwipe', { card });
    out([`Tapped card ${card}.`]);
    return 0;
  },
};

/**
 * Commands that live in their own modules (one per area), loaded only when used so that, for
 * example, `estation demo` never loads the USB stack. Each module exports `command: Command`.
 */
function lazy(summary: string, usage: string, load: () => Promise<{ command: Command }>): Command {
  return { summary, usage, load, run: async (argv) => (await load()).command.run(argv) };
}

export const COMMANDS: Record<string, Command> = {
  demo,
  kiosk,
  central,
  simulate,
  reader: lazy(
    'diagnose card readers: list candidates, or print every card one reader reads',
    'estation reader list | estation reader test --type <hid|serial|ccid> [--path P | --vid V --pid P] [--protocol line|rdm6300|binary] [--baud N]',
    () => import('./reader-command.js'),
  ),
  printer: lazy(
    'diagnose printers: status as JSON, or print a file and wait for the result',
    'estation printer status --uri URI | estation printer print --uri URI FILE.pdf [--copies N] [--wait]',
    () => import('./printer-command.js'),
  ),
  render: lazy(
    'render a document from a template for preview',
    'estation render --template ID|DIR (--data FILE.json | --sample) --out FILE.pdf [--png DIR] [--sign-key PEM --terminal ID [--base-url URL]]',
    () => import('./render-command.js'),
  ),
  template: lazy(
    'list the installed templates, or publish a template release at central',
    'estation template list [--json] | estation template publish DIR --key PEM --central URL',
    () => import('./template-command.js'),
  ),
  settings: lazy(
    'publish settings (branding, session timing, language, offline staff access) to the stations',
    'estation settings publish FILE.json --version N --key PEM --central URL [--terminal ID]...',
    () => import('./settings-command.js'),
  ),
  verify: lazy(
    'check a document verification code (QR payload or URL) offline',
    'estation verify <payload-or-url> --public-key FILE [--json]',
    () => import('./verify-command.js'),
  ),
  bench: lazy(
    'run benchmarks and print JSON',
    'estation bench <queue|render|printer|ui|all> --json',
    () => import('./bench-command.js'),
  ),
};
