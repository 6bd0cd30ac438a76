import type { Clock, TimerHandle } from '../platform/index.js';

interface FakeTimer {
  id: number;
  dueAt: number;
  fn: () => void;
}

/**
 * A {@link Clock} whose time only moves when a test calls `advance`. Timers run in due order
 * (ties in the order they were set), including timers set by timers that fall due within the
 * same `advance`. Tests use it to check timing without sleeping.
 */
export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  /** Current fake time in ms. */
  now(): number {
    return this.time;
  }

  /** Schedule `fn` at `now() + ms` (negative or NaN delays count as 0, like hosts do). */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer = { id: this.nextId++, dueAt: this.time + delay, fn };
    this.timers.push(timer);
    return timer.id;
  }

  /** Cancel a timer; unknown or already-run handles are ignored. */
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Move time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance(ms) needs ms >= 0; got ${String(ms)}`);
    const end = this.time + ms;
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.dueAt > end) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.dueAt);
      next.fn();
    }
    this.time = end;
  }

  /**
   * Let `ms` pass without running any timer (a throttled or suspended host); overdue timers run,
   * late, at the next `advance`.
   */
  skip(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`skip(ms) needs ms >= 0; got ${String(ms)}`);
    this.time += ms;
  }

  /** Jump straight to `ms`, then run every overdue timer, late, at that time (a host waking up). */
  jumpTo(ms: number): void {
    if (ms < this.time) throw new RangeError(`time cannot go backwards (${ms} < ${this.time})`);
    this.skip(ms - this.time);
    this.advance(0);
  }

  /** Number of timers not yet run or cleared. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Due time of the earliest pending timer, or `undefined`. */
  nextTimerAt(): number | undefined {
    return this.earliest()?.dueAt;
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers) {
      if (best === undefined || timer.dueAt < best.dueAt) best = timer;
    }
    return best;
  }
}
