/** The ESTATION_* overrides are read once, by parseConfig, into `config.overrides`; the core reads only that. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { sessionTiming } from '../../../main/core/session/timing.js';
import { staffPinPolicy } from '../../../main/core/staff/staff-pin.js';

describe('configuration overrides', () => {
  it('takes whole numbers in range from the environment and ignores the rest', () => {
    const config = parseConfig({}, null, {
      ESTATION_IDLE_TIMEOUT_S: '5',
      ESTATION_STILL_THERE_S: 'soon',
      ESTATION_STAFF_PIN_ATTEMPTS: '99',
      ESTATION_STAFF_LOCKOUT_S: '2',
    });
    expect(config.overrides).toEqual({ idleTimeoutS: 5, staffLockoutS: 2 });
    expect(sessionTiming(config)).toEqual({ idleTimeoutS: 5, stillTherePromptS: 15, doneCountdownS: 15 });
    expect(staffPinPolicy(config.overrides)).toEqual({ maxAttempts: 3, lockoutS: 2 });
  });

  it('lets the environment win over the file, and the file win over the defaults', () => {
    const file = { session: { idleTimeoutS: 90, doneCountdownS: 20 }, overrides: { stillTherePromptS: 7 } };
    expect(sessionTiming(parseConfig(file, null, {}))).toEqual({
      idleTimeoutS: 90,
      stillTherePromptS: 7,
      doneCountdownS: 20,
    });
    expect(
      sessionTiming(parseConfig(file, null, { ESTATION_STILL_THERE_S: '3', ESTATION_DONE_COUNTDOWN_S: '4' })),
    ).toEqual({ idleTimeoutS: 90, stillTherePromptS: 3, doneCountdownS: 4 });
  });
});
