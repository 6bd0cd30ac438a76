import type { Clock, TimerHandle } from '@weft/core';

/** Core's clock over the page's timers; `performance.now()` where available (monotonic). */
export const browserClock: Clock = {
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  setTimeout: (fn: () => void, ms: number): TimerHandle => setTimeout(fn, ms),
  clearTimeout: (handle: TimerHandle): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
