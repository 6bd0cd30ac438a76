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

/** The defaults of {@link HeartbeatTiming}, in one place. */
export const DEFAULT_HEARTBEAT = { intervalMs: 25_000, timeoutMs: 10_000, lateToleranceMs: 1_500 } as const;

/** The heartbeat policy's interface; see {@link createHeartbeatPolicy}. */
export interface HeartbeatPlanner {
  /** The connection opened at `now`: opening counts as traffic. */
  start(now: number): void;
  /** The connection ended: no more deadlines. */
  stop(): void;
  /** Something arrived at `now` (a message, a pong, a ping). */
  recordTraffic(now: number): void;
  /** True while a probe is unanswered. */
  readonly probing: boolean;
  /** When `tick` must next be called, or `undefined` when stopped. */
  nextDeadline(): number | undefined;
  /** True when the connection has been silent for longer than the interval (it may be dead). */
  isSuspect(now: number): boolean;
  /**
   * Start a probe now unless one is already out (e.g. the page became visible, the network
   * came back). Returns true when the caller must send one.
   */
  probeNow(now: number): boolean;
  /** Called at (or after) `nextDeadline()`. */
  tick(now: number): HeartbeatAction;
}

/**
 * Liveness detection, pure and clock-free: the caller reports traffic and calls `tick(now)` at
 * `nextDeadline()`; the policy answers idle, send a probe, or dead. Any incoming traffic counts
 * as liveness, so a busy connection never pays for probes.
 *
 * Throttled timers: a tick that arrives well after its deadline means this process was not
 * running (background tab, sleep), and the peer's answer may be sitting unread behind the timer.
 * Such a tick never declares death; it sends a fresh probe and waits a full timeout once more.
 */
export function createHeartbeatPolicy(timing: HeartbeatTiming = {}): HeartbeatPlanner {
  const {
    intervalMs = DEFAULT_HEARTBEAT.intervalMs,
    timeoutMs = DEFAULT_HEARTBEAT.timeoutMs,
    lateToleranceMs = DEFAULT_HEARTBEAT.lateToleranceMs,
  } = timing;
  for (const [name, value] of [['intervalMs', intervalMs], ['timeoutMs', timeoutMs], ['lateToleranceMs', lateToleranceMs]] as const) {
    // The option's name is only spelt out for an error: this runs on every connect().
    if (!(value > 0 && Number.isFinite(value))) checkOption(`heartbeat.${name}`, value, false, 'a finite number > 0');
  }
  /** When traffic last arrived; `undefined` while stopped. */
  let lastTrafficAt: number | undefined;
  /** When the unanswered probe went out; `undefined` when no probe is out. */
  let probeSentAt: number | undefined;
  let lateExcused = false;
  /** Every change of `probeSentAt` goes through here, so that `probing` follows it. */
  const setProbe = (at: number | undefined): void => {
    planner.probing = (probeSentAt = at) !== undefined;
  };

  // `probing` is a data property, not a getter: V8 builds an object literal with a getter of
  // its own in dictionary mode (about 1 µs per connect(), slower lookups on every call).
  const planner: { probing: boolean } & Omit<HeartbeatPlanner, 'probing'> = {
    probing: false,
    start(now) {
      lastTrafficAt = now;
      setProbe(undefined);
      lateExcused = false;
    },
    stop() {
      lastTrafficAt = undefined;
      setProbe(undefined);
    },
    recordTraffic(now) {
      // While stopped there is nothing to record.
      if (lastTrafficAt !== undefined && now > lastTrafficAt) lastTrafficAt = now;
      setProbe(undefined);
    },
    nextDeadline() {
      if (lastTrafficAt === undefined) return undefined;
      return probeSentAt === undefined ? lastTrafficAt + intervalMs : probeSentAt + timeoutMs;
    },
    isSuspect(now) {
      return lastTrafficAt !== undefined && (probeSentAt !== undefined || now - lastTrafficAt >= intervalMs);
    },
    probeNow(now) {
      if (lastTrafficAt === undefined || probeSentAt !== undefined) return false;
      setProbe(now);
      return true;
    },
    tick(now) {
      if (lastTrafficAt === undefined) return 'idle';
      if (probeSentAt === undefined) {
        if (now - lastTrafficAt < intervalMs) return 'idle';
        lateExcused = false;
        setProbe(now);
        return 'probe';
      }
      const deadline = probeSentAt + timeoutMs;
      if (now < deadline) return 'idle';
      // Excuse one late timer per probe: with intensive throttling (one wake-up a minute) every
      // timer is late, and we must still be able to detect a dead peer.
      if (now - deadline > lateToleranceMs && !lateExcused) {
        lateExcused = true;
        setProbe(now);
        return 'probe';
      }
      planner.stop();
      return 'dead';
    },
  };
  return planner;
}

/** {@link createHeartbeatPolicy} as a class, with its timing (defaults applied) readable. */
export class HeartbeatPolicy implements HeartbeatPlanner {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly lateToleranceMs: number;
  readonly #planner: HeartbeatPlanner;

  constructor(timing: HeartbeatTiming = {}) {
    this.#planner = createHeartbeatPolicy(timing);
    this.intervalMs = timing.intervalMs ?? DEFAULT_HEARTBEAT.intervalMs;
    this.timeoutMs = timing.timeoutMs ?? DEFAULT_HEARTBEAT.timeoutMs;
    this.lateToleranceMs = timing.lateToleranceMs ?? DEFAULT_HEARTBEAT.lateToleranceMs;
  }

  start(now: number): void {
    this.#planner.start(now);
  }
  stop(): void {
    this.#planner.stop();
  }
  recordTraffic(now: number): void {
    this.#planner.recordTraffic(now);
  }
  get probing(): boolean {
    return this.#planner.probing;
  }
  nextDeadline(): number | undefined {
    return this.#planner.nextDeadline();
  }
  isSuspect(now: number): boolean {
    return this.#planner.isSuspect(now);
  }
  probeNow(now: number): boolean {
    return this.#planner.probeNow(now);
  }
  tick(now: number): HeartbeatAction {
    return this.#planner.tick(now);
  }
}
