import { performance } from 'node:perf_hooks';

/** When the socket read being processed started (`performance.now()`), or -1 outside a read. */
let readStartedAt = -1;

/**
 * Marks the synchronous processing of one socket read (every message it carries is delivered
 * inside it), or of the frames a pause held back (`WebSocket.resume`). Called by the socket's
 * data listener; reads never nest (one thread, one listener call at a time), but a nested call
 * (a resume from a message handler) keeps the outer read's time.
 */
export function processRead<T>(work: (chunk: T) => void, self: unknown, chunk: T): void {
  if (readStartedAt >= 0) return work.call(self, chunk);
  readStartedAt = performance.now();
  try {
    work.call(self, chunk);
  } finally {
    readStartedAt = -1;
  }
}

/**
 * The time of the socket read being processed (every message it carries shares it), else now:
 * one `performance.now()` per read instead of one per message. It is the `timeStamp` of a
 * received message's event (the WHATWG event is created by a task queued when the data arrived,
 * which this time is) and the clock of `connect()`, whose heartbeat notes the time of every
 * message it receives.
 */
export function readTimeOrNow(): number {
  return readStartedAt >= 0 ? readStartedAt : performance.now();
}
