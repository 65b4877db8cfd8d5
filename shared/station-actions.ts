/**
 * Remote actions (issue #18): what staff ask a station to do from the dashboard or `estation central
 * station ACTION ID`. Central keeps each in `station_actions` and hands it to the station in its heartbeat
 * answer (the station's own authenticated channel); the station runs it once per id and answers with
 * `POST /v1/actions/result`. One table of actions here: central, the kiosk, the CLI and the page derive
 * their lists from it.
 */
import { z } from 'zod';
import { STATION_ACTION_NAMES, type StationActionName as Name } from './station-action-names.js';

export { STATION_ACTION_NAMES };
export type StationActionName = Name;

/** At most this many log lines in one answer (the station keeps its last 200 in memory; main/core/log.ts). */
export const LOG_LINES_MAX = 500;

/** Every action, with what it needs besides the reason (keyed by exactly the names in station-action-names.ts). */
export const STATION_ACTIONS: { [N in Name]: z.ZodType<Record<string, unknown>> } = {
  out_of_service: z.object({}).strict(),
  back_in_service: z.object({}).strict(),
  restart: z.object({}).strict(),
  sync: z.object({}).strict(),
  logs: z.object({ lines: z.number().int().min(1).max(LOG_LINES_MAX) }).strict(),
  resolve_job: z.object({ jobId: z.string().min(1).max(64), decision: z.enum(['cancel', 'reprint']) }).strict(),
  screenshot: z.object({}).strict(),
};

export const StationActionName = z.enum(STATION_ACTION_NAMES);

/** What each action is called on the page and in the CLI's answers. */
export const ACTION_TITLES: Record<StationActionName, { zh: string; en: string }> = {
  out_of_service: { zh: '暂停服务', en: 'Take out of service' },
  back_in_service: { zh: '恢复服务', en: 'Back in service' },
  restart: { zh: '重启终端程序', en: 'Restart the kiosk app' },
  sync: { zh: '立即同步模板与设置', en: 'Sync templates and settings now' },
  logs: { zh: '获取最近日志', en: 'Fetch the last log lines' },
  resolve_job: { zh: '处理待处理的打印任务', en: 'Resolve a job that needs attention' },
  screenshot: { zh: '终端屏幕截图', en: 'Screenshot of the screen' },
};

/** Where an action stands: pending (waiting for the station), delivered, then one of the four ends. */
export const ACTION_STATES = ['pending', 'delivered', 'done', 'failed', 'refused', 'expired'] as const;
export type ActionState = (typeof ACTION_STATES)[number];
export const FINISHED_STATES: readonly ActionState[] = ['done', 'failed', 'refused', 'expired'];

/** Why staff act: required, said in the history. */
export const ActionReason = z.string().trim().min(3).max(300);

/** An action as the heartbeat answer carries it to its station. */
export const DeliveredAction = z
  .object({
    id: z.string().min(1).max(64),
    action: StationActionName,
    params: z.record(z.string(), z.unknown()),
    reason: z.string().max(300),
    /** The staff member who asked (their id), for the station's own log and job audit. */
    by: z.string().max(64),
    /** A reprint: a staff grant central issued to this station for `by` (the reprint rules check it). */
    staffGrant: z.string().min(16).max(128).optional(),
  })
  .strict();
export type DeliveredAction = z.infer<typeof DeliveredAction>;

/** A screenshot as base64 PNG: at most about 3 MB of PNG. */
export const SCREENSHOT_BASE64_MAX = 4_000_000;
/** The longest log line an answer carries (longer ones are cut, marked with …). */
export const LOG_LINE_MAX = 4000;

/** What the station answers for one action; a repeated answer for the same id changes nothing. */
export const ActionResultRequest = z
  .object({
    id: z.string().min(1).max(64),
    state: z.enum(['done', 'failed', 'refused']),
    outcome: z.string().min(1).max(500),
    logLines: z.array(z.string().max(LOG_LINE_MAX)).max(LOG_LINES_MAX).optional(),
    screenshotPng: z
      .string()
      .max(SCREENSHOT_BASE64_MAX)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64')
      .optional(),
  })
  .strict();
export type ActionResultRequest = z.infer<typeof ActionResultRequest>;
export const ActionResultResponse = z.object({
  /** `recorded`: this answer is the action's outcome; `already`: an earlier answer was, and stays. */
  result: z.enum(['recorded', 'already']),
});

/** The params an action needs, checked; the error says what is wrong in words staff understand. */
export function checkActionParams(
  action: StationActionName,
  params: unknown,
): { ok: true; params: Record<string, unknown> } | { ok: false; message: string } {
  const parsed = STATION_ACTIONS[action].safeParse(params);
  if (parsed.success) return { ok: true, params: parsed.data as Record<string, unknown> };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.path.join('.') || action}: ${issue?.message ?? 'not valid'}` };
}
