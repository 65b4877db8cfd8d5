/**
 * Asking a station for a remote action (issue #18), from the dashboard or `estation central station`:
 * who may ask (admins, and operators of the station's site: the same rule as maintenance mode at the
 * station, central/domain/staff-scope.ts), the reason (required), the action's params and how long it
 * may wait for an offline station. Every refusal says what is wrong in words staff understand.
 */
import { randomUUID } from 'node:crypto';
import { maintenanceRefusal, seesStation } from '../domain/staff-scope.js';
import {
  ActionReason,
  checkActionParams,
  StationActionName,
  type StationActionName as ActionName,
} from '../../shared/station-actions.js';
import { DEFAULT_ACTION_EXPIRY_MS, MAX_ACTION_EXPIRY_MS, type StationAction } from '../store/station-actions.js';
import type { CentralStore } from '../store/types.js';

export interface ActionAsk {
  terminalId: string;
  action: string;
  params: unknown;
  reason: string;
  staffId: string;
  /** `dashboard`, or `cli:<os account>`. */
  via: string;
  expiresInMs?: number;
}

export type ActionAnswer =
  { ok: true; action: StationAction } | { ok: false; code: 'forbidden' | 'not_found' | 'invalid'; message: string };

const MIN_EXPIRY_MS = 60_000;

export async function askStation(store: CentralStore, ask: ActionAsk): Promise<ActionAnswer> {
  const scope = await store.staffScope(ask.staffId);
  const terminal = await store.terminalState(ask.terminalId);
  if (!scope) return { ok: false, code: 'forbidden', message: `There is no staff member ${ask.staffId}.` };
  // Whoever does not see the station learns no more than that: not whether it exists, nor its site.
  const sees = terminal !== null && seesStation(scope, terminal.site ?? null);
  if (!sees)
    return scope.role === 'admin' && !scope.disabled
      ? { ok: false, code: 'not_found', message: `There is no station ${ask.terminalId}.` }
      : { ok: false, code: 'forbidden', message: `Refused: you may not act on station ${ask.terminalId}.` };
  const refusal = maintenanceRefusal(scope, terminal.site ?? null);
  if (refusal) return { ok: false, code: 'forbidden', message: `Refused: ${refusal}; nothing was sent.` };
  if (terminal.revoked)
    return {
      ok: false,
      code: 'invalid',
      message: `Station ${ask.terminalId} is revoked: it no longer talks to central.`,
    };
  const name = StationActionName.safeParse(ask.action);
  if (!name.success)
    return {
      ok: false,
      code: 'invalid',
      message: `"${ask.action}" is not an action; choose one of ${StationActionName.options.join(', ')}.`,
    };
  const reason = ActionReason.safeParse(ask.reason);
  if (!reason.success)
    return {
      ok: false,
      code: 'invalid',
      message: 'Say why (3 to 300 characters): the reason is kept with the action.',
    };
  const params = checkActionParams(name.data, ask.params);
  if (!params.ok)
    return { ok: false, code: 'invalid', message: `The action's details are not right: ${params.message}.` };
  const expiresInMs = ask.expiresInMs ?? DEFAULT_ACTION_EXPIRY_MS;
  if (!Number.isInteger(expiresInMs) || expiresInMs < MIN_EXPIRY_MS || expiresInMs > MAX_ACTION_EXPIRY_MS)
    return { ok: false, code: 'invalid', message: 'An action may wait between 1 minute and 24 hours for the station.' };
  const action = await store.stationActions.request({
    id: randomUUID(),
    terminalId: ask.terminalId,
    action: name.data as ActionName,
    params: params.params,
    reason: reason.data,
    by: ask.staffId,
    via: ask.via,
    expiresInMs,
  });
  return { ok: true, action };
}
