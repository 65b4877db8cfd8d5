/**
 * Watches for touches while a session is open. After `idleS` seconds without one it opens the
 * "Still there?" prompt, which counts `promptS` seconds down and then ends the session. Any touch
 * before that closes the prompt and tells the core the student is still there.
 */
import { onScopeDispose, ref, watch, type Ref } from 'vue';

export type IdleState = 'active' | 'prompting';

/**
 * Capture phase, so that a touch counts before any control handles it. An object, not `true`: every
 * EventTarget (Node's too, in the unit tests) matches the listener on removal by it.
 */
const CAPTURE = { capture: true };

export function useIdleTimer(options: {
  enabled: Ref<boolean>;
  idleS: Ref<number>;
  promptS: Ref<number>;
  onActivity: () => void;
  onTimeout: () => void;
  /** Where touches and keys arrive: the window (a parameter so tests run without a browser). */
  target?: EventTarget;
}) {
  const target = options.target ?? window;
  const state = ref<IdleState>('active');
  const remaining = ref(0);
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let tick: ReturnType<typeof setInterval> | undefined;
  let lastPing = 0;

  const stop = () => {
    clearTimeout(idleTimer);
    clearInterval(tick);
    state.value = 'active';
  };

  const arm = () => {
    stop();
    if (!options.enabled.value) return;
    idleTimer = setTimeout(prompt, options.idleS.value * 1000);
  };

  function prompt() {
    state.value = 'prompting';
    remaining.value = options.promptS.value;
    tick = setInterval(() => {
      remaining.value--;
      if (remaining.value <= 0) {
        stop();
        options.onTimeout();
      }
    }, 1000);
  }

  const ping = () => {
    // Tell the core at most every few seconds, not on every touch.
    if (Date.now() - lastPing > 5000) {
      lastPing = Date.now();
      options.onActivity();
    }
  };

  const activity = () => {
    // While the prompt is open only its own buttons answer it (the backdrop covers everything else).
    if (!options.enabled.value || state.value === 'prompting') return;
    arm();
    ping();
  };

  const stillHere = () => {
    arm();
    lastPing = 0;
    ping();
  };

  // Listening starts now and ends with the scope that asked (the app's root component).
  target.addEventListener('pointerdown', activity, CAPTURE);
  target.addEventListener('keydown', activity, CAPTURE);
  onScopeDispose(() => {
    stop();
    target.removeEventListener('pointerdown', activity, CAPTURE);
    target.removeEventListener('keydown', activity, CAPTURE);
  });
  watch([options.enabled, options.idleS], arm, { immediate: true });

  return { state, remaining, stillHere, restart: arm };
}
