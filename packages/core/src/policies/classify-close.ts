import type { CloseDecision, CloseInfo } from './close-info.js';
import { classifySocketClose, type ClassifyOptions } from './classify-socket-close.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * Decide whether a connection that ended for `info` is worth reconnecting: the rows of
 * {@link classifySocketClose}, plus those of a refused opening handshake, which only runtimes
 * that read the HTTP response (Node) can report:
 * | cause | decision |
 * |---|---|
 * | handshake 401 / 403 / 404 | stop |
 * | handshake 429 / 503 | retry, waiting `Retry-After` (capped by `maxDelayMs`) when given |
 * | other handshake failures | retry |
 */
export function classifyClose(info: CloseInfo, options: ClassifyOptions = {}): CloseDecision {
  if (info.kind !== 'handshake') return classifySocketClose(info, options);
  const { status, headers } = info;
  const reason = status === 0 ? 'handshake failed' : `handshake answered HTTP ${status}`;
  if (status === 401 || status === 403 || status === 404) return { action: 'stop', reason };
  const waitMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after'], options.nowEpochMs ?? Date.now()) : undefined;
  if (waitMs === undefined) return { action: 'retry', reason };
  return { action: 'retry', delayHintMs: Math.min(waitMs, options.maxDelayMs ?? 30_000), reason };
}
