import { computeBackoffDelay, DEFAULT_BACKOFF, JITTERS, type BackoffOptions } from './backoff.js';
import { checkOption, isNonNegative } from './check-option.js';
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
  #openedAt: number | undefined;
  readonly #options: ReconnectOptions;
  readonly #random: () => number;

  constructor(options: ReconnectOptions = {}, random: () => number = Math.random) {
    for (const key of ['minDelayMs', 'maxDelayMs', 'retries', 'minUptimeMs', 'restartDelayMs'] as const) {
      checkOption(`reconnect.${key}`, options[key], options[key] === undefined || isNonNegative(options[key]), 'a number >= 0');
    }
    const { factor, jitter } = options;
    checkOption('reconnect.factor', factor, factor === undefined || factor >= 1, '>= 1');
    checkOption('reconnect.jitter', jitter, jitter === undefined || JITTERS.includes(jitter), `one of ${JITTERS}`);
    this.#options = options;
    this.#random = random;
  }

  /** A connection opened at `now`. */
  recordOpen(now: number): void {
    this.#openedAt = now;
  }

  /** A connection (or an attempt) ended at `now` for `info`: retry or stop? */
  decide(info: CloseInfo, now: number, nowEpochMs?: number): ReconnectDecision {
    const options = this.#options;
    if (this.#openedAt !== undefined && now - this.#openedAt >= (options.minUptimeMs ?? 5_000)) this.attempts = 0;
    this.#openedAt = undefined;
    const maxDelayMs = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
    const { action, reason, delayHintMs } = classifyClose(info, { ...options, maxDelayMs, nowEpochMs });
    if (action === 'stop') return { action, reason };
    if (this.attempts >= (options.retries ?? Infinity)) {
      return { action: 'stop', reason: `gave up after ${this.attempts} retries (${reason})` };
    }
    const attempt = this.attempts++;
    // A server-requested wait is honoured as a minimum, plus up to `minDelayMs` of jitter so that
    // every client told "come back in 5 s" does not come back in the same millisecond.
    const delayMs = delayHintMs === undefined
      ? computeBackoffDelay(attempt, options, this.#random)
      : Math.min(maxDelayMs, delayHintMs) + (options.minDelayMs ?? DEFAULT_BACKOFF.minDelayMs) * this.#random();
    return { action, delayMs, attempt, reason };
  }
}
