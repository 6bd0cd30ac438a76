// Download throughput: after the client's "go", the peer blasts `warmup + count` pre-built frames
// of `size` bytes. The first `warmup` messages warm the client up (its receive path optimised by
// the JIT, its heap grown; see throughputWarmup in lib/plan.mjs); the clock for the primary figure
// runs from the `warmup`-th message to the last. The warm-up's own rate, from the "go", is
// reported as the cold figure. Raw TCP receives the same payload bytes without framing.
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
  const end = await received.done;
  const bytes = received.bytes();
  if (bytes !== totalBytes) throw new Error(`received ${bytes} bytes, expected ${totalBytes}`);
  await closeWithin(conn);
  if (warmup === 0) return describeThroughput(count, size * count, end - start);
  // Raw TCP's warm-up ends inside a read: the timed bytes are those after that read.
  const { at: warmAt, bytes: warmBytes } = received.warm();
  return {
    ...describeThroughput(count, totalBytes - warmBytes, end - warmAt),
    cold: describeThroughput(warmup, warmBytes, warmAt - start),
  };
}

/**
 * Raw TCP has no messages: `done` resolves with the time `totalBytes` had arrived, in any
 * chunking; `warm()` is when the read that reached `warmBytes` arrived, and the bytes until then.
 */
function countRawBytes(conn, totalBytes, warmBytes) {
  const signal = createSignal();
  let bytes = 0;
  let warm = { at: NaN, bytes: 0 };
  conn.onMessage((chunk) => {
    bytes += chunk.length;
    if (bytes >= warmBytes && Number.isNaN(warm.at)) warm = { at: nowMs(), bytes };
    if (bytes >= totalBytes) signal.resolve(nowMs());
  });
  return { done: signal.promise, bytes: () => bytes, warm: () => warm };
}
