import type { Clock, TimerHandle } from '../platform/index.js';
import { HeartbeatPolicy, type MessageData } from '../policies/index.js';
import { isPongByDefault, type HeartbeatOptions } from './client-options.js';
import type { Connection } from './connection.js';

/** Runs the heartbeat of one connection at a time; see {@link createHeartbeatDriver}. */
export interface HeartbeatDriver {
  /** Watch `connection`, which just opened. */
  start(connection: Connection): void;
  /** Stop watching; clears the timer. */
  stop(): void;
  /** Incoming traffic. Returns true when `data` is the application-level pong (swallow it). */
  recordTraffic(data?: MessageData): boolean;
  /** True when the connection has been silent for an interval or a probe is unanswered. */
  isSuspect(): boolean;
  /** Probe now (page visible again, network back) unless a probe is already out. */
  probeNow(): void;
}

/**
 * Runs a {@link HeartbeatPolicy} on a clock: one timer, re-armed only when it fires (traffic
 * just moves the policy's deadline, it costs no timer churn). Probes are protocol pings when
 * the connection has them, else the application message. Written as a closure, not a class:
 * its state is local variables, which minify to one letter in the browser bundle.
 */
export function createHeartbeatDriver(options: HeartbeatOptions, clock: Clock, onDead: () => void): HeartbeatDriver {
  const policy = new HeartbeatPolicy(options);
  const probeMessage = options.message ?? 'ping';
  const isPong = options.isPong ?? isPongByDefault;
  let connection: Connection | undefined;
  let timer: TimerHandle | undefined;
  // Bumped on every stop, so a pong of an earlier connection is not taken as traffic.
  let generation = 0;

  const stop = (): void => {
    generation++;
    connection = undefined;
    policy.stop();
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  const arm = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    const deadline = policy.nextDeadline();
    timer = deadline === undefined ? undefined : clock.setTimeout(fire, Math.max(0, deadline - clock.now()));
  };

  function fire(): void {
    timer = undefined;
    if (connection === undefined) return;
    const action = policy.tick(clock.now());
    if (action === 'dead') {
      stop();
      onDead();
      return;
    }
    if (action === 'probe') sendProbe(connection);
    arm();
  }

  const sendProbe = (target: Connection): void => {
    if (target.ping === undefined) return target.send(probeMessage);
    const current = generation;
    target.ping().then(
      () => current === generation && policy.recordTraffic(clock.now()),
      () => {}, // the connection closed before the pong; its close is handled elsewhere
    );
  };

  return {
    start(opened) {
      stop();
      connection = opened;
      policy.start(clock.now());
      arm();
    },
    stop,
    recordTraffic(data) {
      policy.recordTraffic(clock.now());
      return data !== undefined && connection?.ping === undefined && isPong(data);
    },
    isSuspect: () => connection !== undefined && policy.isSuspect(clock.now()),
    probeNow() {
      if (connection !== undefined && policy.probeNow(clock.now())) {
        sendProbe(connection);
        arm();
      }
    },
  };
}
