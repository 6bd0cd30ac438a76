import type { Clock, TimerHandle } from '../platform/index.js';
import { createHeartbeatPolicy, type MessageData } from '../policies/index.js';
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
 * Sends a protocol-level probe (a ping frame) and calls `answered` on its pong; returns false
 * when `connection` has no pings. Injected by runtimes that have them (Node), so that the
 * browser bundle carries only the application-level probe.
 */
export type PingProbe = (connection: Connection, answered: () => void) => boolean;

/**
 * Runs a heartbeat policy (`createHeartbeatPolicy`) on a clock: one timer, re-armed only when it fires (traffic
 * just moves the policy's deadline, it costs no timer churn). Probes are protocol pings when
 * `ping` can send one, else the application message `heartbeat.message`. Written as a closure,
 * not a class: its state is local variables, which minify to one letter in the browser bundle.
 */
export function createHeartbeatDriver(
  options: HeartbeatOptions,
  clock: Clock,
  onDead: () => void,
  ping: PingProbe | undefined,
): HeartbeatDriver {
  const policy = createHeartbeatPolicy(options);
  const { message = 'ping', isPong = isPongByDefault } = options;
  let connection: Connection | undefined;
  let timer: TimerHandle | undefined;

  const stop = (): void => {
    connection = undefined;
    policy.stop();
    clock.clearTimeout(timer);
  };

  const arm = (): void => {
    clock.clearTimeout(timer);
    const deadline = policy.nextDeadline();
    if (deadline !== undefined) timer = clock.setTimeout(fire, Math.max(0, deadline - clock.now()));
  };

  function fire(): void {
    if (!connection) return;
    const action = policy.tick(clock.now());
    if (action === 'dead') {
      stop();
      return onDead();
    }
    if (action === 'probe') sendProbe(connection);
    arm();
  }

  const sendProbe = (target: Connection): void => {
    // A pong that comes back after the connection was replaced is not traffic of the new one.
    if (!ping?.(target, () => target === connection && policy.recordTraffic(clock.now()))) target.send(message);
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
      return data !== undefined && !connection?.ping && isPong(data);
    },
    isSuspect: () => !!connection && policy.isSuspect(clock.now()),
    probeNow() {
      if (connection && policy.probeNow(clock.now())) {
        sendProbe(connection);
        arm();
      }
    },
  };
}
