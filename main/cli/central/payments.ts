/**
 * `estation central payments refund SERIAL --reason TEXT`, `payments reconcile --date YYYY-MM-DD [--json]`
 * and `payments report --month YYYY-MM`: a staff refund (recorded in central's payment ledger with who ran
 * it and why), the ledger against the provider's statement for a day of the institution (every mismatch
 * listed, exit 1 on any), and the month's charges and refunds per terminal and document kind as CSV
 * (docs/payments.md). Each takes the provider options of `estation central`.
 */
import { PaymentError } from '../../../central/payments/errors.js';
import { reconcileDay } from '../../../central/payments/reconcile-day.js';
import { PaymentWiring, RefundRefused } from '../../../central/payments/wiring.js';
import { institutionTimeZone } from '../../../central/store/institution.js';
import { localDate } from '../../../shared/local-date.js';
import { parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';
import { PAYMENT_OPTIONS, providerFromOptions } from './payment-options.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub === 'refund') return refund(argv.slice(1));
  if (sub === 'reconcile') return reconcileCommand(argv.slice(1));
  if (sub === 'report') return report(argv.slice(1));
  if (sub === 'acknowledge') return (await import('./payments-acknowledge.js')).run(argv.slice(1));
  throw new UsageError(
    `payments needs "refund SERIAL --reason TEXT", "reconcile --date YYYY-MM-DD [--record]", "acknowledge --date YYYY-MM-DD --reason TEXT" or "report --month YYYY-MM"${sub ? `, not "${sub}"` : ''}`,
  );
}

const DAY = 86_400_000;

/** A real calendar date YYYY-MM-DD (2026-02-30 is not one). */
export function dateOption(value: string | undefined, flag: string, form: 'day' | 'month'): string {
  const re = form === 'day' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}$/;
  const full = form === 'day' ? value : `${value}-01`;
  if (!value || !re.test(value) || new Date(`${full}T00:00:00Z`).toISOString().slice(0, 10) !== full)
    throw new UsageError(
      `--${flag} needs a ${form === 'day' ? 'date YYYY-MM-DD (2026-12-03)' : 'month YYYY-MM (2026-12)'}${value ? `, not "${value}"` : ''}`,
    );
  return value;
}

async function refund(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...STORE_OPTIONS, ...PAYMENT_OPTIONS, reason: { type: 'string' } },
    true,
  );
  const serial = positionals[0];
  if (!serial || positionals.length > 1) throw new UsageError('refund needs one document serial (DU-2026-000123)');
  const reason = values.reason?.trim();
  if (!reason)
    throw new UsageError('refund needs --reason TEXT: why the fee is paid back (a misprint, a copy not taken)');
  const provider = providerFromOptions(values);
  const store = await openCentralStore(values);
  try {
    const wiring = new PaymentWiring({ provider, ledger: store.payments });
    const r = await wiring.refund(serial, reason.slice(0, 300), osUser());
    // The provider's answer is outside any transaction of central's: the audit records it once it is known.
    await store.recordAudit({
      actor: osUser(),
      action: 'payment.refunded',
      target: serial,
      reason,
      detail: { amountCents: r.amountCents, reference: r.reference },
    });
    printLines([
      `Refunded ¥${(r.amountCents / 100).toFixed(2)} of ${serial} onto ${r.person}'s campus card (reference ${r.reference}); recorded in central's payment ledger with ${osUser()} and the reason.`,
    ]);
    return 0;
  } catch (err) {
    if (err instanceof RefundRefused || err instanceof PaymentError) {
      const outcome = err instanceof RefundRefused ? 'refused' : 'failed';
      await store.recordAudit({
        actor: osUser(),
        action: 'payment.refunded',
        target: serial,
        reason,
        outcome,
        detail: { why: err.message },
      });
      process.stderr.write(`Refund of ${serial} not made: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

async function reconcileCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...STORE_OPTIONS,
    ...PAYMENT_OPTIONS,
    date: { type: 'string' },
    json: { type: 'boolean' },
    record: { type: 'boolean' },
  });
  const date = dateOption(values.date, 'date', 'day');
  const provider = providerFromOptions(values);
  if (!provider.charges) {
    printLines([`Payments are free (--payments free): no money moved on ${date}, nothing to reconcile.`]);
    return 0;
  }
  const store = await openCentralStore(values);
  try {
    const { timeZone, movements, mismatches } = await reconcileDay(store, provider, date);
    // Recorded as a later run of the day: a clean one ends the day's dashboard alert (docs/payments.md).
    if (values.record) await store.reconciliations.record(date, `cli:${osUser()}`, movements, mismatches);
    if (values.json) printLines([JSON.stringify({ date, timeZone, movements, mismatches }, null, 2)]);
    else
      printLines(
        mismatches.length
          ? [
              `${mismatches.length} mismatch(es) between central's ledger and ${provider.name}'s statement for ${date} (${timeZone}):`,
              ...mismatches.map(
                (m) =>
                  `  ${m.kind}  job ${m.jobId} ${m.movement}: ${m.detail} (central ${m.ledger?.reference ?? '-'}, provider ${m.provider?.reference ?? '-'})`,
              ),
              'Nothing was corrected: look at each job (estation central documents show SERIAL) and refund or settle it with the card office.',
            ]
          : [
              `${date} (${timeZone}): ${movements} movement(s) in central's ledger, all matching ${provider.name}'s statement.`,
            ],
      );
    return mismatches.length ? 1 : 0;
  } catch (err) {
    if (err instanceof PaymentError) {
      process.stderr.write(`Cannot reconcile ${date}: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await store.close();
  }
}

async function report(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...STORE_OPTIONS, month: { type: 'string' } });
  const month = dateOption(values.month, 'month', 'month');
  const store = await openCentralStore(values);
  try {
    const timeZone = await institutionTimeZone(store.sql);
    const start = Date.parse(`${month}-01T00:00:00Z`);
    // A local month lies within the UTC month and a day on either side.
    const rows = await store.payments.between(
      new Date(start - DAY).toISOString(),
      new Date(start + 33 * DAY).toISOString(),
    );
    const sums = new Map<string, { charges: number; charged: number; refunds: number; refunded: number }>();
    for (const e of rows) {
      if (e.outcome !== 'done' || (e.movement !== 'capture' && e.movement !== 'refund')) continue;
      if (localDate(e.at, timeZone).slice(0, 7) !== month) continue;
      const kind = (await store.payments.job(e.jobId))?.kind ?? '?';
      const k = `${e.terminalId},${kind}`;
      const s = sums.get(k) ?? { charges: 0, charged: 0, refunds: 0, refunded: 0 };
      if (e.movement === 'capture') {
        s.charges++;
        s.charged += e.amountCents;
      } else {
        s.refunds++;
        s.refunded += e.amountCents;
      }
      sums.set(k, s);
    }
    printLines([
      'terminal,kind,charges,charged_cents,refunds,refunded_cents,net_cents',
      ...[...sums.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, s]) => `${k},${s.charges},${s.charged},${s.refunds},${s.refunded},${s.charged - s.refunded}`),
    ]);
    return 0;
  } finally {
    await store.close();
  }
}
