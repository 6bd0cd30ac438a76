import { checkOption } from './check-option.js';

/** Timing of the heartbeat; every field has a default. */
export interface HeartbeatTiming {
  /** Idle time after which a probe (ping) is sent. Default 25 000 ms. */
  intervalMs?: number;
  /** Time a probe has to be answered (by a pong or any traffic). Default 10 000 ms. */
  timeoutMs?: number;
  /**
   * A timer that fires more than this late is treated as throttled (background tab, suspended
   * laptop), not as evidence of a dead peer. Default 1 500 ms: browsers align background timers
   * to 1 s, so anything later than that is throttling.
   */
  lateToleranceMs?: number;
}

/** What the driver must do after {@link HeartbeatPolicy.tick}. */
export type HeartbeatAction = 'idle' | 'probe' | 'dead';

/**
 * Liveness detection, pure and clock-free: the caller reports traffic and calls `tick(now)` at
 * `nextDeadline()`; the policy answers idle, send a probe, or dead. Any incoming traffic counts
 * as liveness, so a busy connection never pays for probes.
 *
 * Throttled timers: a tick that arrives well after its deadline means this process was not
 * running (background tab, sleep), and the peer's answer may be sitting unread behind the timer.
 * Such a tick never declares death; it sends a fresh probe and waits a full timeout once more.
 */
export class HeartbeatPolicy {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly lateToleranceMs: number;
  #lastTrafficAt = 0;
  #probeSentAt = 0;
  #probeOutstanding = false;
  #lateExcused = false;
  #running = false;

  constructor(timing: HeartbeatTiming = {}) {
    this.intervalMs = checkTiming('intervalMs', timing.intervalMs ?? 25_000);
    this.timeoutMs = checkTiming('timeoutMs', timing.timeoutMs ?? 10_000);
    this.lateToleranceMs = checkTiming('lateToleranceMs', timing.lateToleranceMs ?? 1_500);
  }

  /** The connection opened at `now`: opening counts as traffic. */
  start(now: number): void {
    this.#running = true;
    this.#lastTrafficAt = now;
    this.#probeOutstanding = false;
    this.#lateExcused = false;
  }

  /** The connection ended: no more deadlines. */
  stop(): void {
    this.#running = false;
    this.#probeOutstanding = false;
  }

  /** Something arrived at `now` (a message, a pong, a ping). */
  recordTraffic(now: number): void {
    if (now > this.#lastTrafficAt) this.#lastTrafficAt = now;
    this.#probeOutstanding = false;
  }

  /** True while a probe is unanswered. */
  get probing(): boolean {
    return this.#probeOutstanding;
  }

  /** When `tick` must next be called, or `undefined` when stopped. */
  nextDeadline(): number | undefined {
    if (!this.#running) return undefined;
    if (this.#probeOutstanding) return this.#probeSentAt + this.timeoutMs;
    return this.#lastTrafficAt + this.intervalMs;
  }

  /** True when the connection has been silent for longer than the interval (it may be dead). */
  isSuspect(now: number): boolean {
    return this.#running && (this.#probeOutstanding || now - this.#lastTrafficAt >= this.intervalMs);
  }

  /**
   * Start a probe now unless one is already out (e.g. the page became visible, the network
   * came back). Returns true when the caller must send one.
   */
  probeNow(now: number): boolean {
    if (!this.#running || this.#probeOutstanding) return false;
    this.#sendProbe(now);
    return true;
  }

  /** Called at (or after) `nextDeadline()`. */
  tick(now: number): HeartbeatAction {
    if (!this.#running) return 'idle';
    if (!this.#probeOutstanding) {
      if (now - this.#lastTrafficAt < this.intervalMs) return 'idle';
      this.#lateExcused = false;
      this.#sendProbe(now);
      return 'probe';
    }
    const deadline = this.#probeSentAt + this.timeoutMs;
    if (now < deadline) return 'idle';
    // Excuse one late timer per probe: with intensive throttling (one wake-up a minute) every
    // timer is late, and we must still be able to detect a dead peer.
    if (now - deadline > this.lateToleranceMs && !this.#lateExcused) {
      this.#lateExcused = true;
      this.#sendProbe(now);
      return 'probe';
    }
    this.stop();
    return 'dead';
  }

  #sendProbe(now: number): void {
    this.#probeSentAt = now;
    this.#probeOutstanding = true;
  }
}

function checkTiming(name: string, value: number): number {
  return checkOption(`heartbeat.${name}`, value, value > 0 && Number.isFinite(value), 'a finite number > 0');
}
