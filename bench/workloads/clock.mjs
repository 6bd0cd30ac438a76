// Time and the end of a measurement, shared by the workloads.
import { performance } from 'node:perf_hooks';

/** Milliseconds from a monotonic clock. */
export const nowMs = () => performance.now();

/** A promise with its resolve function, for "the last message arrived". */
export function createSignal() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

/** Closes a connection, giving up after `ms` (the measurement is already taken). */
export function closeWithin(conn, ms = 2000) {
  return Promise.race([conn.close(), new Promise((r) => setTimeout(r, ms).unref())]);
}

/** The byte length of a received message, whatever type the implementation hands out. */
export function measureMessage(data) {
  return typeof data === 'string' ? data.length : data.byteLength;
}

/** Throughput figures for `messages` messages and `bytes` payload bytes in `ms`. */
export function describeThroughput(messages, bytes, ms) {
  const seconds = ms / 1000;
  return { seconds, messages, bytes, msgPerSec: messages / seconds, mbPerSec: bytes / seconds / 1e6 };
}
