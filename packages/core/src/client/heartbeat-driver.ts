import type { Clock, TimerHandle } from '../platform/index.js';
import { HeartbeatPolicy, type MessageData } from '../policies/index.js';
import { isPongByDefault, type HeartbeatOptions } from './client-options.js';
import type { Connection } from './connection.js';

/**
 * Runs a {@link HeartbeatPolicy} on a clock for one connection at a time: one timer, re-armed
 * only when it fires (traffic just moves the policy's deadline, it costs no timer churn).
 * Probes are protocol pings when the connection has them, else the application message.
 */
export class HeartbeatDriver {
  private readonly policy: HeartbeatPolicy;
  private readonly probeMessage: MessageData;
  private readonly isPongMessage: (data: MessageData) => boolean;
  private connection: Connection | undefined;
  private timer: TimerHandle | undefined;
  private generation = 0;

  constructor(
    options: HeartbeatOptions,
    private readonly clock: Clock,
    private readonly onDead: () => void,
  ) {
    this.policy = new HeartbeatPolicy(options);
    this.probeMessage = options.message ?? 'ping';
    this.isPongMessage = options.isPong ?? isPongByDefault;
  }

  /** Watch `connection`, which just opened. */
  start(connection: Connection): void {
    this.stop();
    this.connection = connection;
    this.policy.start(this.clock.now());
    this.arm();
  }

  /** Stop watching; clears the timer. */
  stop(): void {
    this.generation++;
    this.connection = undefined;
    this.policy.stop();
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Incoming traffic. Returns true when `data` is the application-level pong (swallow it). */
  recordTraffic(data?: MessageData): boolean {
    this.policy.recordTraffic(this.clock.now());
    if (data === undefined || this.connection?.ping !== undefined) return false;
    return this.isPongMessage(data);
  }

  /** True when the connection has been silent for an interval or a probe is unanswered. */
  isSuspect(): boolean {
    return this.connection !== undefined && this.policy.isSuspect(this.clock.now());
  }

  /** Probe now (page visible again, network back) unless a probe is already out. */
  probeNow(): void {
    if (this.connection === undefined) return;
    if (this.policy.probeNow(this.clock.now())) {
      this.sendProbe();
      this.arm();
    }
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const deadline = this.policy.nextDeadline();
    if (deadline === undefined) {
      this.timer = undefined;
      return;
    }
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, deadline - this.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    if (this.connection === undefined) return;
    const action = this.policy.tick(this.clock.now());
    if (action === 'dead') {
      this.stop();
      this.onDead();
      return;
    }
    if (action === 'probe') this.sendProbe();
    this.arm();
  }

  private sendProbe(): void {
    const connection = this.connection!;
    if (connection.ping === undefined) {
      connection.send(this.probeMessage);
      return;
    }
    const generation = this.generation;
    connection.ping().then(
      () => {
        if (generation === this.generation) this.policy.recordTraffic(this.clock.now());
      },
      () => {
        // The connection closed before the pong; its close is handled elsewhere.
      },
    );
  }
}
