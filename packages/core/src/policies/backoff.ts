import { checkOption } from './check-option.js';

/** How a reconnect delay is spread around its exponential ceiling. */
export type BackoffJitter = 'full' | 'equal' | 'none';

/** Parameters of {@link computeBackoffDelay}; every field has a default. */
export interface BackoffOptions {
  /** Ceiling of the first delay (attempt 0). Default 500 ms. */
  minDelayMs?: number;
  /** No delay ever exceeds this. Default 30 000 ms. */
  maxDelayMs?: number;
  /** Growth of the ceiling per attempt. Default 2. */
  factor?: number;
  /**
   * `'full'` (default): uniform in [0, ceiling] — spreads a crowd of clients reconnecting to a
   * restarted server best. `'equal'`: uniform in [ceiling/2, ceiling]. `'none'`: the ceiling.
   */
  jitter?: BackoffJitter;
}

/** Every {@link BackoffJitter}, for validation. */
export const JITTERS: readonly BackoffJitter[] = ['full', 'equal', 'none'];
/** The rule a bad `jitter` breaks, made once: validation runs on every connect() and backoff. */
export const JITTER_RULE = `one of ${JITTERS}`;

/** The defaults of {@link BackoffOptions}, in one place. */
export const DEFAULT_BACKOFF = {
  minDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 'full',
} as const satisfies Required<BackoffOptions>;

/**
 * Delay before reconnect attempt number `attempt` (0 for the first retry): exponential backoff
 * with jitter. The ceiling is `min(maxDelayMs, minDelayMs * factor ** attempt)`.
 *
 * @param random - a source of numbers in [0, 1), injected so tests are deterministic.
 */
export function computeBackoffDelay(
  attempt: number,
  {
    minDelayMs = DEFAULT_BACKOFF.minDelayMs,
    maxDelayMs = DEFAULT_BACKOFF.maxDelayMs,
    factor = DEFAULT_BACKOFF.factor,
    jitter = DEFAULT_BACKOFF.jitter,
  }: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  checkOption('jitter', jitter, JITTERS.includes(jitter), JITTER_RULE);
  return spreadDelay(Math.min(maxDelayMs, minDelayMs * factor ** Math.max(0, attempt)), jitter, random);
}

/**
 * A delay at most `ceiling`, spread by `jitter` (not checked here): uniform in [0, ceiling]
 * for full jitter, in [ceiling/2, ceiling] for equal jitter, exactly `ceiling` for none.
 */
export function spreadDelay(ceiling: number, jitter: BackoffJitter, random: () => number): number {
  const floor = jitter === 'full' ? 0 : jitter === 'equal' ? ceiling / 2 : ceiling;
  return floor + (ceiling - floor) * random();
}
