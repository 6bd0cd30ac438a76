// Connection set-up and close rate: open (TCP + Upgrade), then a complete closing handshake,
// one connection after another. Raw TCP: connect, then FIN and wait for the close.
import { nowMs } from './clock.mjs';

/** Runs the connect workload: `count` sequential connections after `warmup` unrecorded ones. */
export async function runConnect(openConnection, { url, count, warmup = 20 }) {
  let start = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup) start = nowMs();
    const conn = await openConnection(url);
    await conn.close();
  }
  const seconds = (nowMs() - start) / 1000;
  return { seconds, connections: count, connPerSec: count / seconds };
}
