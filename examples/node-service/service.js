// A small Node service: keeps one connection to a WebSocket server, survives restarts of that
// server, sends a status report every few seconds and shuts down cleanly on Ctrl-C.
//
//   npm install && WEFT_URL=ws://127.0.0.1:PORT/ npm start
import { connect, WeftError } from 'weft';

const url = process.env.WEFT_URL ?? 'ws://127.0.0.1:8080/';
const socket = connect(url, {
  reconnect: { minDelayMs: 500, maxDelayMs: 10_000 }, // exponential backoff with jitter
  heartbeat: { intervalMs: 15_000, timeoutMs: 5_000 }, // protocol pings detect a dead peer
  queue: { maxMessages: 1_000 }, // messages sent while disconnected wait here, in order
});

socket.on('state', (state) => console.log(`[state] ${state}`));
socket.on('reconnecting', ({ attempt, delayMs, reason }) =>
  console.log(`[reconnect] attempt ${attempt + 1} in ${Math.round(delayMs)} ms (${reason})`),
);
socket.on('error', (error) => console.error('[error]', WeftError.isWeftError(error) ? error.code : error));

const report = setInterval(() => {
  socket.send(JSON.stringify({ type: 'status', at: new Date().toISOString(), rssBytes: process.memoryUsage().rss }));
}, 5_000);

process.once('SIGINT', async () => {
  clearInterval(report);
  await socket.close(1000, 'service stopping'); // final: no reconnect afterwards
});

try {
  await socket.opened;
  console.log(`[open] connected to ${url}`);
  // Async iteration ends when the socket closes for good; a slow loop pauses reading.
  for await (const message of socket) {
    console.log('[message]', typeof message === 'string' ? message : `${message.byteLength} bytes`);
  }
} catch (error) {
  console.error('[gave up]', error);
  process.exitCode = 1;
} finally {
  clearInterval(report);
}
