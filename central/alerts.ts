/**
 * What needs a person at a terminal, derived from its last heartbeat: a pure function of the stored
 * state and the time, so the admin API and the staff dashboard say the same thing.
 *
 * Alert ids are `<terminal>:<cause>` or `<terminal>:<cause>:<detail>` (the printer condition's keyword,
 * the supply's name, the reader's id, the failed template's `id@version`), stable from one heartbeat to the next.
 */
import type { Alert, ScreenHealth } from '../shared/central-api.js';
import type { LocalizedText } from '../shared/domain.js';
import type { AlertCause } from './alert-kinds.js';
import { formatDuration } from './duration.js';
import { fleetVersion, versionBehind } from './fleet-version.js';
import { idleWhileOnline } from './domain/working-day.js';
import type { SecurityCause } from './store/security-alerts.js';
import type { TerminalRecord } from './store/types.js';

export interface AlertOptions {
  /** A terminal with no heartbeat for this long is silent (default 90 s: three missed heartbeats and then some). */
  silentAfterS?: number;
  /** A supply at or below this percentage is low (default 10). */
  lowSupplyPercent?: number;
  /** Job reports older than this have waited too long to reach central (default 3600 s). */
  backlogAfterS?: number;
  /** A station clock further off than this from central's is wrong (default 120 s). */
  clockOffAfterS?: number;
}

export const DEFAULT_CLOCK_OFF_AFTER_S = 120;

/**
 * A sealed document's date and time come from the station's clock: an hour off is a wrong date on a
 * certificate printed near midnight. Central compares the heartbeat's `terminalTime` with its own at receipt.
 */
function clockMessage(offsetMs: number): LocalizedText {
  const d = formatDuration(Math.round(Math.abs(offsetMs) / 1000));
  return offsetMs > 0
    ? {
        zh: `终端时钟快了 ${d.zh}：打印的证明日期可能有误，请校准时间（NTP）`,
        en: `The station's clock is ${d.en} fast: documents it prints may carry a wrong date; set its time (NTP)`,
      }
    : {
        zh: `终端时钟慢了 ${d.zh}：打印的证明日期可能有误，请校准时间（NTP）`,
        en: `The station's clock is ${d.en} slow: documents it prints may carry a wrong date; set its time (NTP)`,
      };
}

export const DEFAULT_SILENT_AFTER_S = 90;

/** Seconds since the terminal's last heartbeat, or null if it never sent one (or the time is unreadable). */
export function secondsSinceHeartbeat(t: Pick<TerminalRecord, 'lastHeartbeat'>, now: Date): number | null {
  const at = t.lastHeartbeat === null ? NaN : Date.parse(t.lastHeartbeat);
  return Number.isNaN(at) ? null : Math.max(0, (now.getTime() - at) / 1000);
}

export function isSilent(
  t: Pick<TerminalRecord, 'lastHeartbeat'>,
  now: Date,
  silentAfterS = DEFAULT_SILENT_AFTER_S,
): boolean {
  const age = secondsSinceHeartbeat(t, now);
  return age === null || age >= silentAfterS;
}

function silentMessage(age: number | null): LocalizedText {
  if (age === null) return { zh: '从未收到心跳', en: 'Has never sent a heartbeat' };
  const d = formatDuration(age);
  return { zh: `已 ${d.zh}未收到心跳`, en: `No heartbeat for ${d.en}` };
}

function outOfServiceMessage(reasons: LocalizedText[]): LocalizedText {
  if (reasons.length === 0) return { zh: '终端暂停服务', en: 'The terminal is out of service' };
  return { zh: reasons.map((r) => r.zh).join('；'), en: reasons.map((r) => r.en).join('; ') };
}

function readerMessage(r: {
  id: string;
  state: 'disconnected' | 'error';
  message?: string | undefined;
}): LocalizedText {
  const detail = r.message ? ` (${r.message})` : '';
  return r.state === 'error'
    ? { zh: `读卡器 ${r.id} 故障${detail}`, en: `Card reader ${r.id} has failed${detail}` }
    : { zh: `读卡器 ${r.id} 未连接${detail}`, en: `Card reader ${r.id} is not connected${detail}` };
}

/** A browser restart within this long still tells staff the screen went dark (web mode's watchdog). */
const RECENT_SCREEN_RESTART_S = 3600;
const RESTART_REASONS: Record<NonNullable<ScreenHealth['lastRestart']>['reason'], LocalizedText> = {
  'browser-exited': { zh: '浏览器退出', en: 'the browser exited' },
  'page-unresponsive': { zh: '页面无响应', en: 'the page stopped answering' },
};

/**
 * The kiosk screen in web mode (main/web/browser-watchdog.ts): given up is an error (students see a bare
 * desktop until the service restarts); a restart within the last hour is a warning (it came back, but
 * something made it go dark).
 */
function screenAlert(
  screen: ScreenHealth | undefined,
  now: Date,
  add: (severity: Alert['severity'], cause: AlertCause, message: LocalizedText) => void,
): void {
  if (!screen) return;
  if (screen.state === 'given-up') {
    add('error', 'screen', {
      zh: `自助机屏幕已停止：浏览器重启 ${screen.restarts} 次后放弃，请重启自助机服务`,
      en: `The kiosk screen is dark: the browser was given up after ${screen.restarts} restarts; restart the kiosk service`,
    });
    return;
  }
  const last = screen.lastRestart;
  const age = last ? (now.getTime() - Date.parse(last.at)) / 1000 : NaN;
  if (last && age >= 0 && age < RECENT_SCREEN_RESTART_S) {
    const why = RESTART_REASONS[last.reason];
    const d = formatDuration(age);
    add('warning', 'screen', {
      zh: `自助机屏幕 ${d.zh}前重启（${why.zh}），共 ${screen.restarts} 次`,
      en: `The kiosk screen restarted ${d.en} ago (${why.en}); ${screen.restarts} restart(s) in all`,
    });
  }
}

/** The version the online fleet runs (fleet-version.ts), for `alertsFor`'s "behind the fleet" alert. */
export function fleetReference(
  terminals: readonly TerminalRecord[],
  now: Date,
  options: AlertOptions = {},
): string | null {
  return fleetVersion(
    terminals.filter((t) => !t.revoked && !isSilent(t, now, options.silentAfterS)).map((t) => t.softwareVersion),
  );
}

/**
 * `fleet` is `fleetReference` of every terminal (computed once per listing, not once per terminal);
 * without it there is no "behind the fleet" alert.
 */
export function alertsFor(
  t: TerminalRecord,
  now: Date,
  options: AlertOptions = {},
  fleet: string | null = null,
): Alert[] {
  if (t.revoked) return [];
  const {
    silentAfterS = DEFAULT_SILENT_AFTER_S,
    lowSupplyPercent = 10,
    backlogAfterS = 3600,
    clockOffAfterS = DEFAULT_CLOCK_OFF_AFTER_S,
  } = options;
  const alerts: Alert[] = [];
  const add = (severity: Alert['severity'], cause: AlertCause, message: LocalizedText, detail?: string) => {
    const id = detail === undefined ? `${t.id}:${cause}` : `${t.id}:${cause}:${detail}`;
    if (!alerts.some((a) => a.id === id)) alerts.push({ id, severity, cause, message });
  };

  const age = secondsSinceHeartbeat(t, now);
  if (age === null || age >= silentAfterS) add('error', 'silent', silentMessage(age));
  const h = t.health;
  if (t.clockOffsetMs != null && Math.abs(t.clockOffsetMs) > clockOffAfterS * 1000)
    add('error', 'clock', clockMessage(t.clockOffsetMs));
  const behind = versionBehind(t.softwareVersion, fleet);
  if (behind) add('warning', 'version', behind);
  // Online and in service most of the last working day, and not one document: something keeps people away
  // (a screen that looks broken, a sign missing, a reader nobody gets to work) that the health does not show.
  if (idleWhileOnline(t.workingDay))
    add('warning', 'idle', {
      zh: `${t.workingDay!.date} 在线服务一整天，却没有打印任何文件：请到现场查看终端是否可用`,
      en: `Online and in service all of ${t.workingDay!.date}, yet it printed nothing: check on site that people can use it`,
    });
  if (t.outOfService) add('error', 'out_of_service', outOfServiceMessage(h?.reasons ?? []));
  if (h) {
    for (const c of h.printer.conditions) {
      if (c.severity !== 'report') add(c.severity, 'printer', c.message, c.keyword);
    }
    for (const s of h.printer.supplies) {
      if (s.percent !== null && s.percent <= lowSupplyPercent) {
        add(
          'warning',
          'supply',
          { zh: `耗材 ${s.name} 余量低（${s.percent}%）`, en: `${s.name} is low (${s.percent}%)` },
          s.name,
        );
      }
    }
    for (const r of h.readers) {
      if (r.state !== 'connected')
        add('error', 'reader', readerMessage({ id: r.id, state: r.state, message: r.message }), r.id);
    }
    // The station went back to an earlier template by itself: it serves, but someone must look at the release.
    for (const f of h.templateFallbacks ?? []) {
      add(
        'warning',
        'template',
        {
          zh: `模板 ${f.failed.id} ${f.failed.version} 渲染失败，已改用 ${f.using.version}`,
          en: `template ${f.failed.id} ${f.failed.version} failed to render, using ${f.using.version}`,
        },
        `${f.failed.id}@${f.failed.version}`,
      );
    }
    screenAlert(h.screen, now, add);
  }
  // Someone guessing a staff PIN or looking cards up faster than a person (issue #12): look at the terminal.
  // The record types the cause as a string; security-alerts.ts stores only its SecurityCause values.
  for (const a of t.securityAlerts ?? []) add('warning', a.cause as SecurityCause, a.message);
  if (t.backlogOldestS !== null && t.backlogOldestS > backlogAfterS) {
    const d = formatDuration(t.backlogOldestS);
    const n = t.backlog ?? 0;
    add('warning', 'backlog', {
      zh: `${n} 份打印记录未上报，最早的已等待 ${d.zh}`,
      en: `${n} job reports not yet sent to central; the oldest has waited ${d.en}`,
    });
  }
  return alerts;
}
