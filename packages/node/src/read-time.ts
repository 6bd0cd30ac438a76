import { performance } from 'node:perf_hooks';

/** When the socket read being processed started (`performance.now()`), or -1 outside a read. */
let readStartedAt = -1;

/**
 * Marks the synchronous processing of one socket read (every message it carries is delivered
 * inside it). Called by the socket's data listener; reads never nest (one thread, one listener
 * call at a time), but a nested call keeps the outer read's time.
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
 * The `timeStamp` of a received message's event: the time its bytes were read, shared by every
 * message of that read (one `performance.now()` per 64 KiB read instead of one per message; the
 * WHATWG event is created by a task queued when the data arrived, which this time is). Outside a
 * read, now.
 */
export function messageTimeStamp(): number {
  return readStartedAt >= 0 ? readStartedAt : performance.now();
}
