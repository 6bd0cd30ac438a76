import { DEFAULT_BACKOFF, JITTER_RULE, JITTERS, spreadDelay, type BackoffOptions } from './backoff.js';
import { checkOption, isNonNegative } from './check-option.js';
import { classifyClose } from './classify-close.js';
import { classifySocketClose, type ClassifyOptions, type CloseClassifier } from './classify-socket-close.js';
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

/** The reconnect policy's interface; see {@link createReconnectPolicy}. */
export interface ReconnectPlanner {
  /** Retries made since the last stable connection. */
  readonly attempts: number;
  /** A connection opened at `now`. */
  recordOpen(now: number): void;
  /** A connection (or an attempt) ended at `now` for `info`: retry or stop? */
  decide(info: CloseInfo, now: number, nowEpochMs?: number): ReconnectDecision;
}

/**
 * Counts attempts and turns each end of a connection into retry-after-delay or give-up.
 * Pure: time comes in as `now` arguments, randomness through the injected `random`, and the
 * classification through `classify`, so a browser build need not carry the handshake rows.
 *
 * @param classify - default {@link classifySocketClose}; pass `classifyClose` when the runtime
 *   reports refused handshakes with their HTTP status.
 */
export function createReconnectPolicy(
  options: ReconnectOptions = {},
  random: () => number = Math.random,
  classify: CloseClassifier = classifySocketClose,
): ReconnectPlanner {
  for (const key of ['minDelayMs', 'maxDelayMs', 'retries', 'minUptimeMs', 'restartDelayMs'] as const) {
    const value = options[key];
    // The option's name is only spelt out for an error: this runs on every connect().
    if (value !== undefined && !isNonNegative(value)) checkOption(`reconnect.${key}`, value, false, 'a number >= 0');
  }
  const {
    factor = DEFAULT_BACKOFF.factor,
    jitter = DEFAULT_BACKOFF.jitter,
    retries = Infinity,
    minUptimeMs = 5_000,
    minDelayMs = DEFAULT_BACKOFF.minDelayMs,
    maxDelayMs = DEFAULT_BACKOFF.maxDelayMs,
  } = options;
  checkOption('reconnect.factor', factor, factor >= 1, '>= 1');
  checkOption('reconnect.jitter', jitter, JITTERS.includes(jitter), JITTER_RULE);
  let openedAt: number | undefined;
  let attempts = 0;
  // `attempts` is a data property, not a getter: V8 builds an object literal with a getter of
  // its own in dictionary mode (about 1 µs per connect(), slower lookups on every call). It
  // mirrors the local count, which alone decides, so a write to it changes nothing.
  const planner: { attempts: number } & Omit<ReconnectPlanner, 'attempts'> = {
    attempts,
    recordOpen(now) {
      openedAt = now;
    },
    decide(info, now, nowEpochMs) {
      if (openedAt !== undefined && now - openedAt >= minUptimeMs) planner.attempts = attempts = 0;
      openedAt = undefined;
      const { action, reason, delayHintMs } = classify(info, { ...options, maxDelayMs, nowEpochMs });
      if (action === 'stop') return { action, reason };
      if (attempts >= retries) return { action: 'stop', reason: `gave up after ${attempts} retries (${reason})` };
      // A server-requested wait is honoured as a minimum, plus up to `minDelayMs` of jitter so that
      // every client told "come back in 5 s" does not come back in the same millisecond.
      const delayMs = delayHintMs === undefined
        ? spreadDelay(Math.min(maxDelayMs, minDelayMs * factor ** attempts), jitter, random)
        : Math.min(maxDelayMs, delayHintMs) + minDelayMs * random();
      const attempt = attempts++;
      planner.attempts = attempts;
      return { action, delayMs, attempt, reason };
    },
  };
  return planner;
}

/**
 * {@link createReconnectPolicy} as a class, with the full {@link classifyClose} (refused
 * handshakes included).
 */
export class ReconnectPolicy implements ReconnectPlanner {
  readonly #planner: ReconnectPlanner;

  constructor(options: ReconnectOptions = {}, random: () => number = Math.random) {
    this.#planner = createReconnectPolicy(options, random, classifyClose);
  }

  /** Retries made since the last stable connection. */
  get attempts(): number {
    return this.#planner.attempts;
  }

  /** A connection opened at `now`. */
  recordOpen(now: number): void {
    this.#planner.recordOpen(now);
  }

  /** A connection (or an attempt) ended at `now` for `info`: retry or stop? */
  decide(info: CloseInfo, now: number, nowEpochMs?: number): ReconnectDecision {
    return this.#planner.decide(info, now, nowEpochMs);
  }
}
