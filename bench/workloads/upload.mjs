// Upload throughput: the client sends `count` messages of `size` bytes as fast as its send
// buffer drains; the clock stops when the peer's "done" (or raw '!') comes back, so every byte
// has reached the peer. Raw TCP writes the same payload bytes packed into ~256 KiB writes.
import { makeBinaryPayload, makePayloadBytes, makeTextPayload } from '../lib/payloads.mjs';
import { closeWithin, createSignal, describeThroughput, nowMs } from './clock.mjs';
import { sendWithBackpressure } from './flow.mjs';

function planRawWrites(type, size, count) {
  const payload = makePayloadBytes(type, size);
  const perBatch = Math.max(1, Math.min(count, Math.floor((256 * 1024) / size)));
  const batch = perBatch === 1 ? payload : Buffer.concat(new Array(perBatch).fill(payload));
  const writes = new Array(Math.floor(count / perBatch)).fill(batch);
  if (count % perBatch) writes.push(batch.subarray(0, (count % perBatch) * size));
  return writes;
}

/** Runs the upload workload over an implementation's `openConnection`. */
export async function runUpload(openConnection, { url, size, count, type }) {
  const conn = await openConnection(url);
  const raw = conn.kind === 'raw';
  const items = raw ? planRawWrites(type, size, count) : undefined;
  const payload = raw ? undefined : type === 'text' ? makeTextPayload(size) : makeBinaryPayload(size);
  const total = raw ? items.length : count;
  const done = createSignal();
  conn.onMessage((data) => done.resolve(data));
  const start = nowMs();
  await sendWithBackpressure(conn, total, (i) => (raw ? items[i] : payload));
  const ack = await done.promise;
  const elapsed = nowMs() - start;
  const peer = raw ? undefined : JSON.parse(ack.toString());
  if (peer !== undefined && peer.messages !== count) throw new Error(`peer counted ${peer.messages} of ${count}`);
  await closeWithin(conn);
  return { ...describeThroughput(count, count * size, elapsed), peer };
}
