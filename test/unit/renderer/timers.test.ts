/** The countdowns the screens show: useCountdown, and useIdleTimer's "Still there?" prompt. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref, type EffectScope } from 'vue';
import { useCountdown } from '../../../renderer/src/composables/useCountdown';
import { useIdleTimer } from '../../../renderer/src/composables/useIdleTimer';

let scope: EffectScope;
beforeEach(() => {
  vi.useFakeTimers();
  scope = effectScope();
});
afterEach(() => {
  scope.stop();
  vi.useRealTimers();
});

function inScope<T>(fn: () => T): T {
  const value = scope.run(fn);
  if (value === undefined) throw new Error('the scope did not run');
  return value;
}

describe('useCountdown', () => {
  it('counts whole seconds down and calls onDone once at zero', () => {
    const onDone = vi.fn();
    const { remaining } = inScope(() => useCountdown(3, onDone));
    vi.advanceTimersByTime(2000);
    expect(remaining.value).toBe(1);
    expect(onDone).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5000);
    expect(remaining.value).toBe(0);
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('stops when its screen goes away', () => {
    const onDone = vi.fn();
    inScope(() => useCountdown(2, onDone));
    scope.stop();
    vi.advanceTimersByTime(5000);
    expect(onDone).not.toHaveBeenCalled();
  });
});

describe('useIdleTimer', () => {
  function idleTimer(enabled = true) {
    const target = new EventTarget();
    const onActivity = vi.fn();
    const onTimeout = vi.fn();
    const on = ref(enabled);
    const timer = inScope(() =>
      useIdleTimer({ enabled: on, idleS: ref(60), promptS: ref(15), onActivity, onTimeout, target }),
    );
    const touch = () => target.dispatchEvent(new Event('pointerdown'));
    return { timer, on, touch, onActivity, onTimeout };
  }

  it('prompts after the idle time, counts the prompt down, then times out once', () => {
    const { timer, onTimeout } = idleTimer();
    vi.advanceTimersByTime(59_000);
    expect(timer.state.value).toBe('active');
    vi.advanceTimersByTime(1000);
    expect(timer.state.value).toBe('prompting');
    expect(timer.remaining.value).toBe(15);
    vi.advanceTimersByTime(14_000);
    expect(timer.remaining.value).toBe(1);
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(timer.state.value).toBe('active');
  });

  it('a touch starts the idle time again and tells the core, at most every few seconds', () => {
    const { timer, touch, onActivity } = idleTimer();
    vi.advanceTimersByTime(50_000);
    touch();
    vi.advanceTimersByTime(1000);
    touch();
    expect(onActivity).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(55_000);
    expect(timer.state.value).toBe('active');
    vi.advanceTimersByTime(5000);
    expect(timer.state.value).toBe('prompting');
  });

  it('only the prompt answers the prompt: a touch elsewhere changes nothing, "still here" does', () => {
    const { timer, touch, onActivity } = idleTimer();
    vi.advanceTimersByTime(60_000);
    touch();
    expect(timer.state.value).toBe('prompting');
    expect(onActivity).not.toHaveBeenCalled();
    timer.stillHere();
    expect(timer.state.value).toBe('active');
    expect(onActivity).toHaveBeenCalledOnce();
  });

  it('watches nothing while disabled, and stops listening when its scope ends', () => {
    const { timer, on, touch, onActivity, onTimeout } = idleTimer(false);
    vi.advanceTimersByTime(120_000);
    touch();
    expect(timer.state.value).toBe('active');
    expect(onActivity).not.toHaveBeenCalled();

    on.value = true;
    scope.stop();
    touch();
    vi.advanceTimersByTime(120_000);
    expect(onActivity).not.toHaveBeenCalled();
    expect(onTimeout).not.toHaveBeenCalled();
  });
});
