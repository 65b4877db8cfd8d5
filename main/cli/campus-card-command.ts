/**
 * `estation campus-card serve`: the reference campus-card service (campus-card/server.ts) for the demo and
 * the tests; `estation campus-card top-up`: money onto a card in its database (the demo's cash desk);
 * `estation campus-card statement`: a day's movements, as central's reconciliation reads them.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { FAULT_KINDS, PersonId, type FaultKind, type FaultSettings } from '../../shared/campus-card-api.js';
import { startCampusCardServer } from '../../campus-card/server.js';
import { readOrCreateToken } from '../../campus-card/token.js';
import { openCampusCardDb } from '../../campus-card/db.js';
import { CardLedger, yuan } from '../../campus-card/ledger.js';
import { intOption, parse, printLines, UsageError } from './args.js';
import { campusCard } from './descriptors/campus-card.js';

const DEFAULT_DATA = '.data/campus-card';

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'serve') return serve(rest);
  if (sub === 'top-up') return topUp(rest);
  if (sub === 'statement') return statement(rest);
  throw new UsageError(
    sub ? `unknown subcommand "${sub}"; usage: ${campusCard.usage.split('\n')[0]}` : `usage: ${campusCard.usage}`,
  );
}

/** `--fault KIND=RATE`, repeated, as fault settings. */
export function faultOptions(values: string[], slowMs: number | undefined): FaultSettings {
  const settings: FaultSettings = { slowMs: slowMs ?? 10_000 };
  for (const v of values) {
    const m = /^([A-Za-z0-9]+)=([0-9.]+)$/.exec(v);
    const kind = m?.[1] as FaultKind | undefined;
    const rate = Number(m?.[2]);
    if (!kind || !FAULT_KINDS.includes(kind) || !(rate >= 0 && rate <= 1))
      throw new UsageError(
        `--fault ${v}: give KIND=RATE with KIND one of ${FAULT_KINDS.join(', ')} and RATE from 0 to 1`,
      );
    settings[kind] = { next: 0, rate };
  }
  return settings;
}

async function serve(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    'token-file': { type: 'string' },
    fault: { type: 'string', multiple: true },
    'slow-ms': { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected "${positionals[0]}"`);
  const dataDir = resolve(values.data ?? DEFAULT_DATA);
  const faults = faultOptions(values.fault ?? [], intOption(values['slow-ms'], 'slow-ms', 0, 600_000));
  const port = intOption(values.port, 'port') ?? 8700;
  const tokenFile = resolve(values['token-file'] ?? join(dataDir, 'token'));
  const { token, created } = readOrCreateToken(tokenFile);
  const server = await startCampusCardServer({ dataDir, port, host: values.host ?? '127.0.0.1', token, faults });
  const on = FAULT_KINDS.filter((k) => (faults[k]?.rate ?? 0) > 0).map((k) => `${k}=${faults[k]!.rate}`);
  printLines([
    `E-station campus-card service listening on ${server.url}`,
    `Data: ${join(dataDir, 'campus-card.db')}`,
    `Token file: ${tokenFile}${created ? ' (new token made)' : ''}`,
    ...(on.length ? [`Faults on: ${on.join(', ')} (slow waits ${faults.slowMs} ms)`] : []),
    'Stop with Ctrl+C.',
  ]);
  return new Promise((res) => {
    const stop = () => void server.close().then(() => res(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function topUp(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { data: { type: 'string' }, reference: { type: 'string' } }, true);
  const [person, amount] = positionals;
  if (!person || !amount || positionals.length > 2)
    throw new UsageError('give the person and the amount in yuan, e.g. `estation campus-card top-up 2021010001 50`');
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(amount) || Number(amount) === 0)
    throw new UsageError(`amount "${amount}": give yuan above 0 with at most two decimals, e.g. 50 or 12.50`);
  if (!PersonId.safeParse(person).success)
    throw new UsageError(`person "${person}": give the person's id at central (letters, digits, . _ -)`);
  const cents = Math.round(Number(amount) * 100);
  const db = openCampusCardDb(resolve(values.data ?? DEFAULT_DATA));
  try {
    const account = new CardLedger(db).topUp(person, cents, values.reference ?? `cli-${randomUUID()}`);
    printLines([`${person}: ${yuan(account.balanceCents)} on the card, ${yuan(account.availableCents)} available`]);
    return 0;
  } finally {
    db.close();
  }
}

async function statement(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    date: { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`unexpected "${positionals[0]}"`);
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!z.iso.date().safeParse(date).success)
    throw new UsageError(`--date ${date}: give a day as YYYY-MM-DD (a UTC day)`);
  const db = openCampusCardDb(resolve(values.data ?? DEFAULT_DATA));
  try {
    const movements = new CardLedger(db).statement(date);
    if (values.json) process.stdout.write(`${JSON.stringify({ date, movements })}\n`);
    else
      printLines([
        `Statement of ${date} (UTC): ${movements.length} movement(s)`,
        ...movements.map((m) =>
          [
            m.reference,
            m.at,
            m.kind.padEnd(7),
            m.person,
            m.job ?? '-',
            yuan(m.amountCents),
            `balance ${yuan(m.balanceAfterCents)}`,
            m.note ?? '',
          ]
            .join('  ')
            .trimEnd(),
        ),
      ]);
    return 0;
  } finally {
    db.close();
  }
}
