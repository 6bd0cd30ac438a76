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
 * Counts incoming messages: `done` resolves with the time the `count`-th arrived, `bytes()` is
 * the payload bytes received so far (strings by length, binary by byteLength), `warm()` the time
 * the `warmup`-th arrived (NaN before) and the bytes until then.
 */
export function countMessages(conn, count, warmup = 0) {
  const signal = createSignal();
  let messages = 0;
  let bytes = 0;
  let warm = { at: NaN, bytes: 0 };
  conn.onMessage((data) => {
    bytes += measureMessage(data);
    if (++messages === warmup) warm = { at: nowMs(), bytes };
    if (messages === count) signal.resolve(nowMs());
  });
  return { done: signal.promise, bytes: () => bytes, warm: () => warm };
}
