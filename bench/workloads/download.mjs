// Download throughput: after the client's "go", the peer blasts `count` pre-built frames of
// `size` bytes; the clock runs from the "go" to the last message. Raw TCP receives the same
// payload bytes without framing and stops at the last byte.
import { closeWithin, createSignal, describeThroughput, measureMessage, nowMs } from './clock.mjs';

/** Runs the download workload over an implementation's `openConnection`. */
export async function runDownload(openConnection, { url, size, count }) {
  const conn = await openConnection(url);
  const totalBytes = size * count;
  const done = createSignal();
  let messages = 0;
  let bytes = 0;
  if (conn.kind === 'raw') {
    conn.onMessage((chunk) => {
      bytes += chunk.length;
      if (bytes >= totalBytes) done.resolve();
    });
  } else {
    conn.onMessage((data) => {
      bytes += measureMessage(data);
      if (++messages === count) done.resolve();
    });
  }
  const start = nowMs();
  conn.send('go');
  await done.promise;
  const elapsed = nowMs() - start;
  if (bytes !== totalBytes) throw new Error(`received ${bytes} bytes, expected ${totalBytes}`);
  await closeWithin(conn);
  return describeThroughput(count, totalBytes, elapsed);
}
