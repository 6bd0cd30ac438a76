// Echo latency: one 32-byte text message at a time, the next sent from the handler of the
// previous echo (sequential ping-pong). The first `warmup` round trips are not recorded.
import { makeTextPayload } from '../lib/payloads.mjs';
import { closeWithin, createSignal, measureMessage, nowMs } from './clock.mjs';

const SIZE = 32;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs the echo workload; `count` recorded round trips after `warmup` unrecorded ones. */
export async function runEcho(openConnection, { url, count, warmup = 500 }) {
  const conn = await openConnection(url);
  const message = conn.kind === 'raw' ? Buffer.from(makeTextPayload(SIZE)) : makeTextPayload(SIZE);
  const samples = new Float64Array(count);
  const done = createSignal();
  let round = 0;
  let pendingBytes = SIZE;
  let sentAt = 0;
  conn.onMessage((data) => {
    pendingBytes -= measureMessage(data);
    if (pendingBytes > 0) return; // raw TCP may split the 32 bytes
    const now = nowMs();
    if (round >= warmup) samples[round - warmup] = now - sentAt;
    if (++round === warmup + count) return done.resolve();
    pendingBytes = SIZE;
    sentAt = nowMs();
    conn.send(message);
  });
  const start = nowMs();
  sentAt = start;
  conn.send(message);
  await done.promise;
  const elapsed = nowMs() - start;
  await closeWithin(conn);
  const sorted = Array.from(samples).sort((a, b) => a - b);
  const us = (ms) => ms * 1000;
  return {
    seconds: elapsed / 1000,
    roundTrips: count,
    p50Us: us(percentile(sorted, 50)),
    p99Us: us(percentile(sorted, 99)),
    meanUs: us(sorted.reduce((a, b) => a + b, 0) / count),
    roundTripsPerSec: (warmup + count) / (elapsed / 1000),
  };
}
