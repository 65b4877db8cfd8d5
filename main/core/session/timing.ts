/**
 * Session timing: the configured values, optionally shortened through environment variables so that
 * end-to-end tests and benchmarks need not wait a minute for an idle timeout.
 *   ESTATION_IDLE_TIMEOUT_S    seconds without a touch before "Still there?" appears (config session.idleTimeoutS)
 *   ESTATION_STILL_THERE_S     seconds the "Still there?" countdown runs (default 15)
 *   ESTATION_DONE_COUNTDOWN_S  seconds the done screen waits before signing out (config session.doneCountdownS)
 */
export interface SessionTiming {
  idleTimeoutS: number;
  stillTherePromptS: number;
  doneCountdownS: number;
}

function envInt(value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export function sessionTimingFromEnv(
  config: { idleTimeoutS: number; doneCountdownS: number },
  env: NodeJS.ProcessEnv = process.env,
): SessionTiming {
  return {
    idleTimeoutS: envInt(env.ESTATION_IDLE_TIMEOUT_S, 1, 3600) ?? config.idleTimeoutS,
    stillTherePromptS: envInt(env.ESTATION_STILL_THERE_S, 1, 120) ?? 15,
    doneCountdownS: envInt(env.ESTATION_DONE_COUNTDOWN_S, 1, 600) ?? config.doneCountdownS,
  };
}
