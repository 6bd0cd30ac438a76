// Upload throughput: the client sends `warmup` messages, waits for the peer's "warm" (or raw
// '!'), then sends `count` messages of `size` bytes as fast as its send buffer drains; the clock
// stops when the peer's "done" (or second '!') comes back, so every byte has reached the peer.
// The warm-up's own rate, from the first send to "warm", is the cold figure (see throughputWarmup
// in lib/plan.mjs). Raw TCP writes the same payload bytes packed into ~256 KiB writes.
import { makeBinaryPayload, makePayloadBytes, makeTextPayload } from '../lib/payloads.mjs';
import { closeWithin, createSignal, describeThroughput, nowMs } from './clock.mjs';
import { sendWithBackpressure } from './flow.mjs';

function planRawWrites(payload, size, count) {
  if (count === 0) return [];
  const perBatch = Math.max(1, Math.min(count, Math.floor((256 * 1024) / size)));
  const batch = perBatch === 1 ? payload : Buffer.concat(new Array(perBatch).fill(payload));
  const writes = new Array(Math.floor(count / perBatch)).fill(batch);
  if (count % perBatch) writes.push(batch.subarray(0, (count % perBatch) * size));
  return writes;
}

/**
 * `count` message lengths spread evenly over [min, max], the same sequence for every
 * implementation (a fixed xorshift seed), in pairs that sum to min + max: an even count of them
 * averages exactly the cell's size, so its byte count stays `count × size`.
 */
export function variedLengths(count, [min, max], seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const lengths = new Array(count);
  for (let i = 0; i < count; i += 2) {
    lengths[i] = min + Math.floor(next() * (max - min + 1));
    if (i + 1 < count) lengths[i + 1] = min + max - lengths[i];
  }
  return lengths;
}

/**
 * What one phase sends: `count` messages of the payload (or, with `vary`, of the lengths
 * {@link variedLengths} gives, cut from a payload of the longest), or raw TCP's writes of their
 * bytes. Built before any clock starts (a 16 MiB payload takes tens of milliseconds to fill).
 */
function planPhase(raw, payload, size, count, vary, seed) {
  if (vary !== undefined) {
    const cut = (length) => (typeof payload === 'string' ? payload.slice(0, length) : payload.subarray(0, length));
    const items = variedLengths(count, vary, seed).map(cut);
    return { total: count, itemAt: (i) => items[i] };
  }
  if (!raw) return { total: count, itemAt: () => payload };
  const writes = planRawWrites(payload, size, count);
  return { total: writes.length, itemAt: (i) => writes[i] };
}

/** Sends a phase and resolves with the time the peer's answer came, and the answer. */
async function sendPhase(conn, answers, phase) {
  await sendWithBackpressure(conn, phase.total, phase.itemAt);
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

/** Throws unless the peer answered `expected`. */
function checkAnswer(answer, expected) {
  const text = answer.toString();
  if (text !== expected) throw new Error(`peer answered ${JSON.stringify(text.slice(0, 80))}, expected ${JSON.stringify(expected)}`);
}

/** Runs the upload workload over an implementation's `openConnection`. */
export async function runUpload(openConnection, { url, size, count, type, warmup = 0, vary }) {
  const conn = await openConnection(url);
  const raw = conn.kind === 'raw';
  if (raw && vary !== undefined) throw new Error('raw TCP has no varied-length uploads');
  const longest = vary === undefined ? size : vary[1];
  const payload = raw ? makePayloadBytes(type, size) : type === 'text' ? makeTextPayload(longest) : makeBinaryPayload(longest);
  const warmPhase = planPhase(raw, payload, size, warmup, vary, 1);
  const timedPhase = planPhase(raw, payload, size, count, vary, 2);
  const answers = collectAnswers(conn);
  const start = nowMs();
  let warmAt = start;
  if (warmup > 0) {
    const warm = await sendPhase(conn, answers, warmPhase);
    // Raw TCP's peer answers each phase with one '!'.
    checkAnswer(warm.answer, raw ? '!' : 'warm');
    warmAt = warm.at;
  }
  const done = await sendPhase(conn, answers, timedPhase);
  const peer = raw ? undefined : JSON.parse(done.answer.toString());
  if (raw) checkAnswer(done.answer, '!');
  else if (peer.messages !== count || peer.total !== warmup + count) {
    throw new Error(`peer counted ${peer.messages} of ${count} (${peer.total} of ${warmup + count} with the warm-up)`);
  }
  await closeWithin(conn);
  const measured = { ...describeThroughput(count, count * size, done.at - warmAt), peer };
  return warmup > 0 ? { ...measured, cold: describeThroughput(warmup, warmup * size, warmAt - start) } : measured;
}
