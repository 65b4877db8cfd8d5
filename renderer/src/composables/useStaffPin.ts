/**
 * The staff PIN screen's digits and the check with the core. The digits leave memory as soon as they
 * are sent; a wrong PIN, an unreachable central server or any other failure is the one error state.
 * Attempts left come from the session (the core counts them, not the screen).
 */
import { computed, ref, shallowRef } from 'vue';
import { errorCodeOf, type CallState } from './load-state';
import { useKiosk, type KioskStore } from './useKiosk';

export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = 12;

/** Why the last PIN did not open maintenance: wrong PIN, central not reachable, anything else. */
export type PinFailure = 'wrong' | 'central' | 'site' | 'generic';
export type PinState = CallState<PinFailure>;

export function useStaffPin(store: KioskStore = useKiosk()) {
  const { client, session } = store;
  /** Only its length is shown; the digits stay here until sent. */
  const pin = ref('');
  const state = shallowRef<PinState>({ state: 'idle' });
  const attemptsLeft = computed(() => (session.value.state === 'staff_pin' ? session.value.attemptsLeft : 0));
  const canSubmit = computed(() => pin.value.length >= PIN_MIN_DIGITS && state.value.state !== 'loading');

  async function submit(): Promise<void> {
    if (!canSubmit.value) return;
    state.value = { state: 'loading' };
    const entered = pin.value;
    pin.value = '';
    try {
      const r = await client.call('submitStaffPin', { pin: entered });
      state.value = r.ok ? { state: 'idle' } : { state: 'error', error: 'wrong' };
    } catch (err) {
      const code = errorCodeOf(err);
      state.value = {
        state: 'error',
        error: code === 'central_unreachable' ? 'central' : code === 'staff_not_this_site' ? 'site' : 'generic',
      };
    }
  }

  return {
    pin,
    state,
    attemptsLeft,
    typeDigit(digit: string) {
      if (pin.value.length < PIN_MAX_DIGITS) pin.value += digit;
    },
    deleteDigit() {
      pin.value = pin.value.slice(0, -1);
    },
    clear() {
      pin.value = '';
    },
    submit,
    cancel: () => store.signOut(),
  };
}
