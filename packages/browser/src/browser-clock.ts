import type { Clock, TimerHandle } from '@weft/core';

/**
 * Core's clock over the page's timers and `performance.now()` (monotonic), which every runtime
 * with a native WebSocket has: browsers and their workers, Deno, Bun, Node ≥ 16.
 */
export const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn: () => void, ms: number): TimerHandle => setTimeout(fn, ms),
  clearTimeout: (handle: TimerHandle): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
