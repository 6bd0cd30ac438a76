// Download throughput: after the client's "go", the peer blasts `warmup + count` pre-built frames
// of `size` bytes. The first `warmup` messages let the JIT compile each client's receive path
// (a fresh process runs it unoptimised for its first ~10 000 messages); the clock for the
// primary figure runs from the `warmup`-th message to the last. The warm-up's own rate, from the
// "go", is reported as the cold figure. Raw TCP receives the same payload bytes without framing.
import { closeWithin, createSignal, describeThroughput, nowMs } from './clock.mjs';
import { countMessages } from './flow.mjs';

/** Runs the download workload over an implementation's `openConnection`. */
export async function runDownload(openConnection, { url, size, count, warmup = 0 }) {
  const conn = await openConnection(url);
  const total = warmup + count;
  const totalBytes = size * total;
  const received = conn.kind === 'raw' ? countRawBytes(conn, totalBytes, size * warmup) : countMessages(conn, total, warmup);
  const start = nowMs();
  conn.send('go');
  await received.done;
  const end = nowMs();
  const bytes = received.bytes();
  if (bytes !== totalBytes) throw new Error(`received ${bytes} bytes, expected ${totalBytes}`);
  await closeWithin(conn);
  const warmAt = warmup > 0 ? received.warmAt() : start;
  const result = describeThroughput(count, size * count, end - warmAt);
  return warmup > 0 ? { ...result, cold: describeThroughput(warmup, size * warmup, warmAt - start) } : result;
}

/**
 * Raw TCP has no messages: `done` resolves once `totalBytes` have arrived, in any chunking;
 * `warmAt()` is when the read that reached `warmBytes` arrived.
 */
function countRawBytes(conn, totalBytes, warmBytes) {
  const signal = createSignal();
  let bytes = 0;
  let warmAt = NaN;
  conn.onMessage((chunk) => {
    bytes += chunk.length;
    if (bytes >= warmBytes && Number.isNaN(warmAt)) warmAt = nowMs();
    if (bytes >= totalBytes) signal.resolve();
  });
  return { done: signal.promise, bytes: () => bytes, warmAt: () => warmAt };
}
