// Download throughput: after the client's "go", the peer blasts `count` pre-built frames of
// `size` bytes; the clock runs from the "go" to the last message. Raw TCP receives the same
// payload bytes without framing and stops at the last byte.
import { closeWithin, createSignal, describeThroughput, nowMs } from './clock.mjs';
import { countMessages } from './flow.mjs';

/** Runs the download workload over an implementation's `openConnection`. */
export async function runDownload(openConnection, { url, size, count }) {
  const conn = await openConnection(url);
  const totalBytes = size * count;
  const received = conn.kind === 'raw' ? countRawBytes(conn, totalBytes) : countMessages(conn, count);
  const start = nowMs();
  conn.send('go');
  await received.done;
  const elapsed = nowMs() - start;
  const bytes = received.bytes();
  if (bytes !== totalBytes) throw new Error(`received ${bytes} bytes, expected ${totalBytes}`);
  await closeWithin(conn);
  return describeThroughput(count, totalBytes, elapsed);
}

/** Raw TCP has no messages: `done` resolves once `totalBytes` have arrived, in any chunking. */
function countRawBytes(conn, totalBytes) {
  const signal = createSignal();
  let bytes = 0;
  conn.onMessage((chunk) => {
    bytes += chunk.length;
    if (bytes >= totalBytes) signal.resolve();
  });
  return { done: signal.promise, bytes: () => bytes };
}
