/**
 * `estation central station ACTION STATION-ID --as STAFF-ID --reason TEXT` (issue #18): a remote action,
 * the same as the form on the station's dashboard page (central/actions/request.ts decides who may:
 * admins, and operators of the station's site). The station gets it with its next heartbeat; an offline
 * station has `--expire-minutes` (default 10) to fetch it, then it expires and is never run. `--wait`
 * waits for the outcome. `estation central station history STATION-ID` lists the actions taken on it.
 * Actions are written with dashes here (`out-of-service`), as the usage lists them.
 */
import { writeFileSync } from 'node:fs';
import { askStation } from '../../../central/actions/request.js';
import type { StationAction } from '../../../central/store/station-actions.js';
import {
  ACTION_TITLES,
  FINISHED_STATES,
  STATION_ACTION_NAMES,
  type StationActionName,
} from '../../../shared/station-actions.js';
import { intOption, parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';

/** The CLI's spelling of each action: `out_of_service` is `out-of-service`. */
export const CLI_ACTIONS = STATION_ACTION_NAMES.map((n) => n.replaceAll('_', '-'));

const OPTIONS = {
  ...STORE_OPTIONS,
  as: { type: 'string' },
  reason: { type: 'string' },
  lines: { type: 'string' },
  job: { type: 'string' },
  decision: { type: 'string' },
  'expire-minutes': { type: 'string' },
  wait: { type: 'boolean' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** One line per action: when, what, who, why, where it stands. */
function describe(a: StationAction): string {
  const what = `${ACTION_TITLES[a.action].en}${a.action === 'logs' ? ` (${String(a.params.lines)} lines)` : ''}${a.action === 'resolve_job' ? ` (${String(a.params.jobId)}: ${String(a.params.decision)})` : ''}`;
  const where =
    a.state === 'pending'
      ? `pending: waits for the station until ${a.expiresAt}, then expires`
      : a.state === 'delivered'
        ? `delivered at ${a.deliveredAt}: waiting for the station's answer`
        : `${a.state}: ${a.outcome ?? ''}`;
  return `${a.requestedAt}  ${a.id}  ${what}  by ${a.by} (${a.via})  reason: ${a.reason}\n    ${where}`;
}

/** Reads the action until it is finished or, delivered, its answer is long overdue. */
async function waitFor(read: () => Promise<StationAction | null>, first: StationAction): Promise<StationAction> {
  let now = first;
  // A delivered action waits for the station's answer a little past its expiry; a pending one expires by then.
  const giveUpAt = Date.parse(first.expiresAt) + 60_000;
  while (!FINISHED_STATES.includes(now.state) && Date.now() < giveUpAt) {
    await new Promise((r) => setTimeout(r, 500));
    now = (await read()) ?? now;
  }
  return now;
}

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  const { values, positionals } = parse(argv.slice(1), OPTIONS, true);
  const id = positionals[0];
  if (!id || positionals.length > 1)
    throw new UsageError(
      `station ${sub ?? ''} needs one station id, e.g. estation central station ${sub ?? 'logs'} lib-1`,
    );
  if (sub !== 'history' && !CLI_ACTIONS.includes(sub ?? ''))
    throw new UsageError(
      `station needs an action (${CLI_ACTIONS.join(', ')}) or history${sub ? `, not "${sub}"` : ''}`,
    );
  const store = await openCentralStore(values);
  try {
    if (sub === 'history') {
      const all = await store.stationActions.ofTerminal(id, 200);
      printLines(
        values.json
          ? [JSON.stringify(all, null, 2)]
          : all.length
            ? all.map(describe)
            : [`No remote actions on station ${id}.`],
      );
      return 0;
    }
    const action = sub!.replaceAll('-', '_') as StationActionName;
    if (!values.as)
      throw new UsageError("say who acts: --as STAFF-ID (an admin, or an operator of the station's site)");
    if (!values.reason) throw new UsageError('say why: --reason TEXT (kept with the action)');
    const minutes = intOption(values['expire-minutes'], '--expire-minutes', 1, 1440);
    const params =
      action === 'logs'
        ? { lines: intOption(values.lines ?? '100', '--lines', 1, 500) }
        : action === 'resolve_job'
          ? { jobId: values.job ?? '', decision: values.decision ?? '' }
          : {};
    if (action === 'resolve_job' && (!values.job || !values.decision))
      throw new UsageError('resolve-job needs --job JOB-ID and --decision cancel|reprint');
    const answer = await askStation(store, {
      terminalId: id,
      action,
      params,
      reason: values.reason,
      staffId: values.as,
      via: `cli:${osUser()}`,
      ...(minutes !== undefined ? { expiresInMs: minutes * 60_000 } : {}),
    });
    if (!answer.ok) {
      process.stderr.write(`${answer.message}\n`);
      return 1;
    }
    const asked = answer.action;
    if (!values.wait) {
      printLines([
        `Asked: ${describe(asked)}`,
        `The station gets it with its next heartbeat. See the outcome: estation central station history ${id}`,
      ]);
      return 0;
    }
    const done = await waitFor(() => store.stationActions.byId(asked.id), asked);
    if (done.screenshotUntil && values.out) {
      const png = await store.stationActions.screenshot(done.id);
      // Never over an existing file (as report and audit --out): 'wx' fails if it is there.
      if (png) writeFileSync(values.out, png, { mode: 0o600, flag: 'wx' });
    }
    printLines(
      values.json
        ? [JSON.stringify(done, null, 2)]
        : [
            describe(done),
            ...(done.logLines ?? []),
            ...(done.screenshotUntil && values.out
              ? [`Screenshot written to ${values.out} (readable by you only).`]
              : []),
            ...(done.state === 'delivered' ? [`No answer yet; see later: estation central station history ${id}`] : []),
          ],
    );
    return done.state === 'done' ? 0 : 1;
  } finally {
    await store.close();
  }
}
