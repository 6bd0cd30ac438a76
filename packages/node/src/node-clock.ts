import { performance } from 'node:perf_hooks';
import type { Clock, TimerHandle } from '@weft/core';

/**
 * Core's injected clock on Node: a monotonic `now()` and timers that are `unref()`ed, so a
 * pending Weft timer never keeps the process alive on its own.
 */
export const nodeClock: Clock = Object.freeze({
  now(): number {
    return performance.now();
  },
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
});
