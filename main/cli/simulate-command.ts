/** `estation simulate swipe`: taps a card on a running kiosk that uses the simulated reader (web-mode socket). */
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { readRuntime } from '../web/runtime-file.js';
import { parse, printLines, UsageError } from './args.js';
import { simulate } from './descriptors/simulate.js';

/** Calls one kiosk API method over the web-mode socket of a running kiosk, with the token of its runtime file. */
export async function callKiosk(
  kiosk: { url: string; token: string },
  method: string,
  params: unknown,
): Promise<unknown> {
  const u = new URL(kiosk.url);
  const token = kiosk.token;
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

export async function run(argv: string[]): Promise<number> {
  if (argv[0] !== 'swipe') throw new UsageError(`usage: ${simulate.usage}`);
  const { values, positionals } = parse(argv.slice(1), { data: { type: 'string' } }, true);
  // The runtime file is readable by the kiosk's user only: only they can tap cards on it.
  const url = readRuntime(resolve(values.data ?? '.data/demo'));
  if (!url)
    throw new UsageError(
      'no running kiosk found in that data folder; start one with `estation demo`, or give its folder with --data DIR',
    );
  let card = positionals[0];
  if (!card) {
    const { cards } = (await callKiosk(url, 'listDemoCards', {})) as { cards: { card: string; label: string }[] };
    if (!cards[0]) throw new UsageError('this kiosk has no demo cards; give a CARD number');
    card = cards[0].card;
  }
  await callKiosk(url, 'simulateSwipe', { card });
  printLines([`Tapped card ${card}.`]);
  return 0;
}
