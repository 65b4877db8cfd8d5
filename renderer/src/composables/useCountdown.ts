import { onBeforeUnmount, onMounted, ref } from 'vue';

/** A visible countdown in whole seconds that calls `onDone` once when it reaches zero. */
export function useCountdown(seconds: number, onDone: () => void) {
  const remaining = ref(seconds);
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => {
      remaining.value -= 1;
      if (remaining.value <= 0) {
        clearInterval(timer);
        onDone();
      }
    }, 1000);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return { remaining };
}
