/**
 * The remote actions section of a station's page (issue #18): the form to ask the station for an action
 * (only for staff who may act on it: admins and operators of its site) and the history of actions taken
 * on it from `station_actions`, with their state, outcome, log lines and screenshot while it is kept.
 */
import { localDateTime } from '../../shared/local-date.js';
import { ACTION_TITLES, LOG_LINES_MAX, STATION_ACTION_NAMES, type ActionState } from '../../shared/station-actions.js';
import { DEFAULT_ACTION_EXPIRY_MS, type StationAction } from '../store/station-actions.js';
import { bi, esc } from './html.js';

export const ACTIONS_CSS = `<style>
.actions form{display:grid;grid-template-columns:12rem 1fr;gap:.5rem .8rem;align-items:center;max-width:48rem}
.actions label{font-weight:600}
.actions input,.actions select,.actions textarea{font:inherit;padding:.35rem .5rem;border:1px solid #8a96a6;border-radius:6px}
.actions button{grid-column:2;justify-self:start;font:inherit;font-weight:600;padding:.45rem 1.1rem;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}
.actions .hint{grid-column:2;margin:0;color:#4f5b6b;font-size:.85rem}
.history td,.history th{text-align:left;vertical-align:top}
.state{font-weight:600}
.state.done{color:#1b6e36}.state.failed,.state.refused,.state.expired{color:#a11b12}.state.pending,.state.delivered{color:#7a4f00}
pre.log{max-height:20rem;overflow:auto;background:#f3f5f8;padding:.4rem;font-size:.78rem;white-space:pre-wrap}
</style>`;

const STATE_TEXT: Record<ActionState, [string, string]> = {
  pending: ['等待终端', 'Waiting for the station'],
  delivered: ['已送达，等待结果', 'Delivered, waiting for its answer'],
  done: ['完成', 'Done'],
  failed: ['失败', 'Failed'],
  refused: ['被终端拒绝', 'Refused by the station'],
  expired: ['已过期', 'Expired'],
};

function paramsText(a: StationAction): string {
  if (a.action === 'logs') return ` (${Number(a.params.lines)} lines)`;
  if (a.action === 'resolve_job') return ` (${String(a.params.jobId)}: ${String(a.params.decision)})`;
  return '';
}

function stateCell(a: StationAction, baseHref: string, timeZone: string): string {
  const [zh, en] = STATE_TEXT[a.state];
  const when = (iso: string) => esc(localDateTime(new Date(iso), timeZone));
  const parts = [`<span class="state ${a.state}">${bi(zh, en)}</span>`];
  if (a.state === 'pending') parts.push(`<br>${bi('过期时间', 'Expires')} ${when(a.expiresAt)}`);
  if (a.state === 'delivered' && a.deliveredAt) parts.push(`<br>${bi('送达', 'Delivered')} ${when(a.deliveredAt)}`);
  if (a.outcome) parts.push(`<br>${esc(a.outcome)}`);
  if (a.logLines)
    parts.push(
      `<details><summary>${bi('日志', 'Log lines')} (${a.logLines.length})</summary><pre class="log">${esc(a.logLines.join('\n'))}</pre></details>`,
    );
  if (a.screenshotUntil)
    parts.push(
      a.hasScreenshot
        ? `<br><a href="${esc(`${baseHref}/actions/${a.id}/screenshot`)}" data-testid="screenshot-link">${bi('查看截图', 'View the screenshot')}</a> ${bi(`保留至 ${localDateTime(new Date(a.screenshotUntil), timeZone)}`, `kept until ${localDateTime(new Date(a.screenshotUntil), timeZone)}`)}`
        : `<br><span class="muted">${bi('截图已于一天后删除', 'The screenshot was removed after a day')}</span>`,
    );
  return parts.join('');
}

function actionForm(terminalId: string): string {
  const options = STATION_ACTION_NAMES.map(
    (n) => `<option value="${n}">${esc(ACTION_TITLES[n].zh)} / ${esc(ACTION_TITLES[n].en)}</option>`,
  ).join('');
  return `<form method="post" action="/staff/terminals/${esc(encodeURIComponent(terminalId))}/actions" data-testid="action-form">
<label for="act-action">${bi('操作', 'Action')}</label><select id="act-action" name="action">${options}</select>
<label for="act-reason">${bi('原因（必填）', 'Reason (required)')}</label><input id="act-reason" name="reason" required minlength="3" maxlength="300">
<label for="act-lines">${bi('日志行数', 'Log lines')}</label><input id="act-lines" name="lines" type="number" min="1" max="${LOG_LINES_MAX}" value="100">
<label for="act-job">${bi('任务编号', 'Job id')}</label><input id="act-job" name="jobId" maxlength="64">
<label for="act-decision">${bi('处理方式', 'Decision')}</label><select id="act-decision" name="decision"><option value="cancel">取消 / Cancel</option><option value="reprint">重新打印 / Reprint</option></select>
<label for="act-expire">${bi('等待终端（分钟）', 'Wait for the station (minutes)')}</label><input id="act-expire" name="expireMinutes" type="number" min="1" max="1440" value="${DEFAULT_ACTION_EXPIRY_MS / 60_000}">
<p class="hint">${bi('日志行数只用于“获取日志”；任务编号与处理方式只用于“处理任务”。终端离线时，操作会等待，超时后过期且不会执行。', 'Log lines are for "Fetch the last log lines" only; job id and decision for "Resolve a job" only. An offline station gets the action when it is back; after the wait it expires and is never run.')}</p>
<button type="submit">${bi('发送到终端', 'Send to the station', 'en-btn')}</button></form>`;
}

/** The section: the form (or why there is none) and the history. */
export function stationActionsSection(
  terminalId: string,
  history: StationAction[],
  mayAct: string | null,
  timeZone: string,
): string {
  const baseHref = `/staff/terminals/${encodeURIComponent(terminalId)}`;
  const form =
    mayAct === null
      ? actionForm(terminalId)
      : `<p class="muted" data-testid="no-actions">${bi('您的账号不能对此终端执行操作', 'Your account may not act on this station')}: ${esc(mayAct)}</p>`;
  const rows = history.map(
    (a) =>
      `<tr data-action-id="${esc(a.id)}" data-state="${a.state}"><td>${esc(localDateTime(new Date(a.requestedAt), timeZone))}</td><td>${bi(ACTION_TITLES[a.action].zh, ACTION_TITLES[a.action].en)}${esc(paramsText(a))}</td><td>${esc(a.by)}<br><span class="muted">${esc(a.via)}</span></td><td>${esc(a.reason)}</td><td>${stateCell(a, baseHref, timeZone)}</td></tr>`,
  );
  const table = rows.length
    ? `<table class="history" data-testid="action-history"><caption class="muted">${bi('截图在中心最多保留一天，之后自动删除。', 'Screenshots are kept at central for one day at most, then removed.')}</caption><thead><tr><th scope="col">${bi('时间', 'Asked')}</th><th scope="col">${bi('操作', 'Action')}</th><th scope="col">${bi('操作人', 'By')}</th><th scope="col">${bi('原因', 'Reason')}</th><th scope="col">${bi('状态与结果', 'State and outcome')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p class="muted" data-testid="action-history-empty">${bi('尚无远程操作', 'No remote actions yet')}</p>`;
  return `${ACTIONS_CSS}<h2 class="section" id="actions">${bi('远程操作', 'Remote actions')}</h2>
<section class="panel actions">${form}</section>
<h2 class="section">${bi('操作记录', 'Actions taken on this station')}</h2><section class="panel">${table}</section>`;
}
