import { onScopeDispose, ref } from 'vue';

/**
 * A visible countdown in whole seconds that calls `onDone` once when it reaches zero. It starts at
 * once and stops with the scope that made it (the screen's component), done or not.
 */
export function useCountdown(seconds: number, onDone: () => void) {
  const remaining = ref(seconds);
  const timer = setInterval(() => {
    remaining.value -= 1;
    if (remaining.value <= 0) {
      clearInterval(timer);
      onDone();
    }
  }, 1000);
  onScopeDispose(() => clearInterval(timer));
  return { remaining };
}
