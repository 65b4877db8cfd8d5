/**
 * The environment variables that override configuration keys (`overrides` in the schema), read in
 * one place, parseConfig(), so that the kiosk core reads only its configuration.
 */
import { envInt } from '../lib/env.js';
import { ConfigOverrides } from './schema.js';

/** The variable for each override; its accepted range is the schema's. */
export const OVERRIDE_VARIABLES = {
  idleTimeoutS: 'ESTATION_IDLE_TIMEOUT_S',
  stillTherePromptS: 'ESTATION_STILL_THERE_S',
  doneCountdownS: 'ESTATION_DONE_COUNTDOWN_S',
  staffPinAttempts: 'ESTATION_STAFF_PIN_ATTEMPTS',
  staffLockoutS: 'ESTATION_STAFF_LOCKOUT_S',
} as const satisfies Record<keyof ConfigOverrides, string>;

/** The overrides set in `env`; a variable that is unset or not a whole number in range is ignored. */
export function readEnvOverrides(env: NodeJS.ProcessEnv): ConfigOverrides {
  const found: ConfigOverrides = {};
  for (const key of ConfigOverrides.keyof().options) {
    const field = ConfigOverrides.shape[key].unwrap();
    const n = envInt(
      env[OVERRIDE_VARIABLES[key]],
      field.minValue ?? Number.MIN_SAFE_INTEGER,
      field.maxValue ?? Number.MAX_SAFE_INTEGER,
    );
    if (n !== undefined) found[key] = n;
  }
  return found;
}
