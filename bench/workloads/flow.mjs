// The two loops the throughput workloads share: sending under backpressure, and counting the
// messages that come back.
import { createSignal, measureMessage, nowMs } from './clock.mjs';

/** Bytes a sender lets pile up in the implementation before it waits for the buffer to drain. */
export const HIGH_WATER_BYTES = 1024 * 1024;

/**
 * Sends `itemAt(0)` … `itemAt(total - 1)` as fast as the connection takes them: a burst while
 * `bufferedAmount()` is under HIGH_WATER_BYTES, then `waitDrain()`, until all are sent.
 */
export async function sendWithBackpressure(conn, total, itemAt) {
  let sent = 0;
  while (sent < total) {
    while (sent < total && conn.bufferedAmount() < HIGH_WATER_BYTES) conn.send(itemAt(sent++));
    if (sent < total) await conn.waitDrain();
  }
}

/**
 * Counts incoming messages: `done` resolves at the `count`-th, `bytes()` is the payload bytes
 * received so far (strings by length, binary by byteLength), `warmAt()` the time the
 * `warmup`-th arrived (NaN before, or without a warm-up).
 */
export function countMessages(conn, count, warmup = 0) {
  const signal = createSignal();
  let messages = 0;
  let bytes = 0;
  let warmAt = NaN;
  conn.onMessage((data) => {
    bytes += measureMessage(data);
    if (++messages === warmup) warmAt = nowMs();
    if (messages === count) signal.resolve();
  });
  return { done: signal.promise, bytes: () => bytes, warmAt: () => warmAt };
}
