/**
 * `estation central payments acknowledge --date YYYY-MM-DD --reason TEXT`: staff say they have looked at
 * the mismatches the nightly reconciliation found on a day (and settled them with the card office); the
 * day's dashboard alert ends, and who did it, when and why stay on the day's record
 * (central/store/reconciliations.ts). New mismatches found later raise the alert again.
 */
import { parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';
import { dateOption } from './payments.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...STORE_OPTIONS, date: { type: 'string' }, reason: { type: 'string' } });
  const date = dateOption(values.date, 'date', 'day');
  const reason = values.reason?.trim();
  if (!reason || reason.length > 500)
    throw new UsageError(
      '--reason: say in a few words (at most 500 characters) what was found and done, e.g. --reason "card office refunded job X"',
    );
  const store = await openCentralStore(values);
  try {
    const by = osUser();
    if (!(await store.reconciliations.acknowledge(date, by, reason))) {
      const day = await store.reconciliations.get(date);
      process.stderr.write(
        day?.finishedAt
          ? `${date} has no mismatches on record (its last reconciliation, ${day.finishedAt}, matched): nothing to acknowledge.\n`
          : `${date} has not been reconciled yet: run "estation central payments reconcile --date ${date} --record" first.\n`,
      );
      return 1;
    }
    printLines([
      `Acknowledged the payment mismatches of ${date} as ${by} ("${reason}"); the dashboard alert is ended.`,
    ]);
    return 0;
  } finally {
    await store.close();
  }
}
