// Upload throughput: the client sends `warmup` messages, waits for the peer's "warm" (or raw
// '!'), then sends `count` messages of `size` bytes as fast as its send buffer drains; the clock
// stops when the peer's "done" (or second '!') comes back, so every byte has reached the peer.
// The warm-up's own rate, from the first send to "warm", is the cold figure (see throughputWarmup
// in lib/plan.mjs). Raw TCP writes the same payload bytes packed into ~256 KiB writes.
import { makeBinaryPayload, makePayloadBytes, makeTextPayload } from '../lib/payloads.mjs';
import { closeWithin, createSignal, describeThroughput, nowMs } from './clock.mjs';
import { sendWithBackpressure } from './flow.mjs';

function planRawWrites(type, size, count) {
  if (count === 0) return [];
  const payload = makePayloadBytes(type, size);
  const perBatch = Math.max(1, Math.min(count, Math.floor((256 * 1024) / size)));
  const batch = perBatch === 1 ? payload : Buffer.concat(new Array(perBatch).fill(payload));
  const writes = new Array(Math.floor(count / perBatch)).fill(batch);
  if (count % perBatch) writes.push(batch.subarray(0, (count % perBatch) * size));
  return writes;
}

/** Sends `messages` messages (raw: their bytes) and resolves with the time the peer's answer came. */
async function sendPhase(conn, answers, type, size, messages) {
  if (conn.kind === 'raw') {
    const writes = planRawWrites(type, size, messages);
    await sendWithBackpressure(conn, writes.length, (i) => writes[i]);
  } else {
    const payload = type === 'text' ? makeTextPayload(size) : makeBinaryPayload(size);
    await sendWithBackpressure(conn, messages, () => payload);
  }
  const answer = await answers.next();
  return { at: nowMs(), answer };
}

/** The peer's answers in order ("warm", then "done"), each awaited with `next()`. */
function collectAnswers(conn) {
  const queued = [];
  let waiting;
  conn.onMessage((data) => {
    if (waiting === undefined) queued.push(data);
    else {
      waiting.resolve(data);
      waiting = undefined;
    }
  });
  return {
    next() {
      if (queued.length > 0) return Promise.resolve(queued.shift());
      waiting = createSignal();
      return waiting.promise;
    },
  };
}

/** Runs the upload workload over an implementation's `openConnection`. */
export async function runUpload(openConnection, { url, size, count, type, warmup = 0 }) {
  const conn = await openConnection(url);
  const answers = collectAnswers(conn);
  const start = nowMs();
  const warm = warmup > 0 ? await sendPhase(conn, answers, type, size, warmup) : { at: start };
  const done = await sendPhase(conn, answers, type, size, count);
  const peer = conn.kind === 'raw' ? undefined : JSON.parse(done.answer.toString());
  if (peer !== undefined && peer.messages !== count) throw new Error(`peer counted ${peer.messages} of ${count}`);
  await closeWithin(conn);
  const measured = { ...describeThroughput(count, count * size, done.at - warm.at), peer };
  return warmup > 0 ? { ...measured, cold: describeThroughput(warmup, warmup * size, warm.at - start) } : measured;
}
