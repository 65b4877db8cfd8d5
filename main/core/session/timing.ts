/**
 * Session timing: the configured values, or the configuration's `overrides` (set from ESTATION_*
 * variables by kiosk-config/env.ts) so that end-to-end tests and benchmarks need not wait a minute.
 */
import type { KioskConfig } from '../../../kiosk-config/schema.js';

export interface SessionTiming {
  idleTimeoutS: number;
  stillTherePromptS: number;
  doneCountdownS: number;
}

/** Seconds the "Still there?" countdown runs unless overridden. */
export const STILL_THERE_PROMPT_S = 15;

export function sessionTiming(config: Pick<KioskConfig, 'session' | 'overrides'>): SessionTiming {
  const o = config.overrides;
  return {
    idleTimeoutS: o.idleTimeoutS ?? config.session.idleTimeoutS,
    stillTherePromptS: o.stillTherePromptS ?? STILL_THERE_PROMPT_S,
    doneCountdownS: o.doneCountdownS ?? config.session.doneCountdownS,
  };
}
