import { computeBackoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { classifyClose, type ClassifyOptions } from './classify-close.js';
import type { CloseInfo } from './close-info.js';

/** The `reconnect` option of `connect()`; every field has a default. */
export interface ReconnectOptions extends BackoffOptions, Pick<ClassifyOptions, 'shouldReconnect' | 'restartDelayMs'> {
  /** Retries after a failure before giving up. Default `Infinity`. */
  retries?: number;
  /** A connection that stayed open this long resets the attempt counter. Default 5 000 ms. */
  minUptimeMs?: number;
}

/** What to do after a connection ended. */
export type ReconnectDecision =
  | { action: 'retry'; delayMs: number; attempt: number; reason: string }
  | { action: 'stop'; reason: string };

/**
 * Counts attempts and turns each end of a connection into retry-after-delay or give-up.
 * Pure: time comes in as `now` arguments, randomness through the injected `random`.
 */
export class ReconnectPolicy {
  /** Retries made since the last stable connection. */
  attempts = 0;
  private openedAt: number | undefined;
  private readonly options: ReconnectOptions;
  private readonly random: () => number;

  constructor(options: ReconnectOptions = {}, random: () => number = Math.random) {
    validateReconnectOptions(options);
    this.options = options;
    this.random = random;
  }

  /** A connection opened at `now`. */
  recordOpen(now: number): void {
    this.openedAt = now;
  }

  /** A connection (or an attempt) ended at `now` for `info`: retry or stop? */
  decide(info: CloseInfo, now: number, nowEpochMs?: number): ReconnectDecision {
    const minUptimeMs = this.options.minUptimeMs ?? 5_000;
    if (this.openedAt !== undefined && now - this.openedAt >= minUptimeMs) this.attempts = 0;
    this.openedAt = undefined;
    const maxDelayMs = this.options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
    const verdict = classifyClose(info, { ...this.options, maxDelayMs, nowEpochMs });
    if (verdict.action === 'stop') return { action: 'stop', reason: verdict.reason };
    const retries = this.options.retries ?? Infinity;
    if (this.attempts >= retries) {
      return { action: 'stop', reason: `gave up after ${this.attempts} retries (${verdict.reason})` };
    }
    const attempt = this.attempts++;
    const delayMs = verdict.delayHintMs === undefined
      ? computeBackoffDelay(attempt, this.options, this.random)
      : this.spreadHint(verdict.delayHintMs, maxDelayMs);
    return { action: 'retry', delayMs, attempt, reason: verdict.reason };
  }

  /**
   * A server-requested wait is honoured as a minimum, plus up to `minDelayMs` of jitter so that
   * every client told "come back in 5 s" does not come back in the same millisecond.
   */
  private spreadHint(hintMs: number, maxDelayMs: number): number {
    const spread = (this.options.minDelayMs ?? DEFAULT_BACKOFF.minDelayMs) * this.random();
    return Math.min(maxDelayMs, hintMs) + spread;
  }
}

function validateReconnectOptions(options: ReconnectOptions): void {
  const nonNegative: (keyof ReconnectOptions)[] = ['minDelayMs', 'maxDelayMs', 'retries', 'minUptimeMs', 'restartDelayMs'];
  for (const key of nonNegative) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value) || value < 0)) {
      throw new RangeError(`reconnect.${key} must be a number >= 0; got ${String(value)}`);
    }
  }
  if (options.factor !== undefined && !(options.factor >= 1)) {
    throw new RangeError(`reconnect.factor must be >= 1; got ${String(options.factor)}`);
  }
  if (options.jitter !== undefined && !['full', 'equal', 'none'].includes(options.jitter)) {
    throw new RangeError(`reconnect.jitter must be 'full', 'equal' or 'none'; got ${String(options.jitter)}`);
  }
}
