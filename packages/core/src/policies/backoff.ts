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

/** The defaults of {@link BackoffOptions}, in one place. */
export const DEFAULT_BACKOFF = Object.freeze({
  minDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 'full' as BackoffJitter,
});

/**
 * Delay before reconnect attempt number `attempt` (0 for the first retry): exponential backoff
 * with jitter. The ceiling is `min(maxDelayMs, minDelayMs * factor ** attempt)`.
 *
 * @param random - a source of numbers in [0, 1), injected so tests are deterministic.
 */
export function computeBackoffDelay(
  attempt: number,
  { minDelayMs, maxDelayMs, factor, jitter }: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    (minDelayMs ?? DEFAULT_BACKOFF.minDelayMs) * (factor ?? DEFAULT_BACKOFF.factor) ** Math.max(0, attempt),
  );
  const mode = jitter ?? DEFAULT_BACKOFF.jitter;
  switch (mode) {
    case 'full':
      return random() * ceiling;
    case 'equal':
      return ceiling / 2 + (random() * ceiling) / 2;
    case 'none':
      return ceiling;
    default: {
      const unknown: never = mode;
      return checkOption('jitter', unknown, false, `one of ${JITTERS}`);
    }
  }
}
