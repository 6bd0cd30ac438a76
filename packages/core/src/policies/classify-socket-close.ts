import type { CloseDecision, CloseInfo } from './close-info.js';

/** Options of {@link classifySocketClose} and `classifyClose`. */
export interface ClassifyOptions {
  /**
   * Decides for 1008 (policy violation) and application codes 4000–4999: `true` to retry.
   * Default: {@link shouldReconnectByDefault}.
   */
  shouldReconnect?: (info: { code: number; reason: string }) => boolean;
  /** Wait after a 1012 (service restart) or 1013 (try again later). Default 5 000 ms. */
  restartDelayMs?: number;
  /** Upper bound on a Retry-After wait (the reconnect `maxDelayMs`). Default 30 000 ms. */
  maxDelayMs?: number;
  /** Wall-clock time for an HTTP-date Retry-After. Default `Date.now()`. */
  nowEpochMs?: number;
}

/** A function that decides retry or stop for one end of a connection. */
export type CloseClassifier = (info: CloseInfo, options: ClassifyOptions) => CloseDecision;

/**
 * Close codes that mean "your credentials or request are refused": retrying would only repeat
 * the refusal. 1008 is RFC 6455's policy violation; 4001/4003 and 4401/4403 are the common
 * application spellings of HTTP 401/403.
 */
export const STOP_CLOSE_CODES: readonly number[] = [1008, 4001, 4003, 4401, 4403];

/** Default `shouldReconnect`: stop on {@link STOP_CLOSE_CODES}, retry on anything else. */
export function shouldReconnectByDefault(info: { code: number; reason: string }): boolean {
  return !STOP_CLOSE_CODES.includes(info.code);
}

/**
 * The classification a native (browser) socket needs: it never exposes the HTTP status of a
 * refused handshake, so a `handshake` end is retried like a network failure. `classifyClose`
 * adds the handshake rows for runtimes that see the status.
 * | cause | decision |
 * |---|---|
 * | `close()` by the application | stop |
 * | 1000 / 1001 from the server | retry |
 * | 1008, 4000–4999 | `shouldReconnect(info)` (default: stop on 1008, 4001, 4003, 4401, 4403) |
 * | 1012 / 1013 | retry, waiting at least `restartDelayMs` |
 * | any other close code | retry |
 * | network errors, heartbeat timeout, failed handshakes | retry |
 */
export function classifySocketClose(info: CloseInfo, options: ClassifyOptions): CloseDecision {
  if (info.kind === 'user-close') return { action: 'stop', reason: 'closed by the application' };
  if (info.kind !== 'server-close') {
    return { action: 'retry', reason: info.kind === 'heartbeat' ? 'heartbeat timeout' : `${info.kind} failure` };
  }
  const { code, reason } = info;
  const closedWith = `server closed with ${code}${reason ? ` (${reason})` : ''}`;
  // RFC 6455 §7.4.1: 1012/1013 are IANA-registered "Service Restart" / "Try Again Later".
  if (code === 1012 || code === 1013) return { action: 'retry', delayHintMs: options.restartDelayMs ?? 5_000, reason: closedWith };
  const isStop = (code === 1008 || (code >= 4000 && code <= 4999)) && !(options.shouldReconnect ?? shouldReconnectByDefault)(info);
  return { action: isStop ? 'stop' : 'retry', reason: closedWith };
}
