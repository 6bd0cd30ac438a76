import type { CloseDecision, CloseInfo } from './close-info.js';
import { parseRetryAfter } from './retry-after.js';

/** Options of {@link classifyClose}. */
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

/**
 * Close codes that mean "your credentials or request are refused": retrying would only repeat
 * the refusal. 1008 is RFC 6455's policy violation; 4001/4003 and 4401/4403 are the common
 * application spellings of HTTP 401/403.
 */
export const STOP_CLOSE_CODES: readonly number[] = Object.freeze([1008, 4001, 4003, 4401, 4403]);

/** Default `shouldReconnect`: stop on {@link STOP_CLOSE_CODES}, retry on anything else. */
export function shouldReconnectByDefault(info: { code: number; reason: string }): boolean {
  return !STOP_CLOSE_CODES.includes(info.code);
}

/**
 * Decide whether a connection that ended for `info` is worth reconnecting, per the table:
 * | cause | decision |
 * |---|---|
 * | `close()` by the application | stop |
 * | 1000 / 1001 from the server | retry |
 * | 1008, 4000–4999 | `shouldReconnect(info)` (default: stop on 1008, 4001, 4003, 4401, 4403) |
 * | 1012 / 1013 | retry, waiting at least `restartDelayMs` |
 * | any other close code | retry |
 * | handshake 401 / 403 / 404 | stop |
 * | handshake 429 / 503 | retry, waiting `Retry-After` (capped by `maxDelayMs`) when given |
 * | other handshake failures, network errors, heartbeat timeout | retry |
 */
export function classifyClose(info: CloseInfo, options: ClassifyOptions = {}): CloseDecision {
  switch (info.kind) {
    case 'user-close':
      return { action: 'stop', reason: 'closed by the application' };
    case 'server-close':
      return classifyCloseCode(info.code, info.reason, options);
    case 'handshake':
      return classifyHandshake(info.status, info.headers, options);
    case 'network':
      return { action: 'retry', reason: 'network error or abnormal closure' };
    case 'heartbeat':
      return { action: 'retry', reason: 'heartbeat timeout' };
    default: {
      const unknown: never = info;
      throw new TypeError(`unknown close kind ${JSON.stringify(unknown)}`);
    }
  }
}

function classifyCloseCode(code: number, reason: string, options: ClassifyOptions): CloseDecision {
  const closedWith = `server closed with ${code}${reason ? ` (${reason})` : ''}`;
  // RFC 6455 §7.4.1: 1012/1013 are IANA-registered "Service Restart" / "Try Again Later".
  if (code === 1012 || code === 1013) return { action: 'retry', delayHintMs: options.restartDelayMs ?? 5_000, reason: closedWith };
  const isStop = (code === 1008 || (code >= 4000 && code <= 4999)) && !(options.shouldReconnect ?? shouldReconnectByDefault)({ code, reason });
  return { action: isStop ? 'stop' : 'retry', reason: closedWith };
}

function classifyHandshake(
  status: number,
  headers: Readonly<Record<string, string>>,
  options: ClassifyOptions,
): CloseDecision {
  const reason = status === 0 ? 'handshake failed' : `handshake answered HTTP ${status}`;
  if (status === 401 || status === 403 || status === 404) return { action: 'stop', reason };
  const waitMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after'], options.nowEpochMs ?? Date.now()) : undefined;
  if (waitMs === undefined) return { action: 'retry', reason };
  return { action: 'retry', delayHintMs: Math.min(waitMs, options.maxDelayMs ?? 30_000), reason };
}
