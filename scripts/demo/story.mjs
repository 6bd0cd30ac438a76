// The scripted part of `pnpm demo`: a Node client built from `packages/weft/dist/node.js`
// against the local peer. Each step prints what a user would want to see; any surprise throws.
import { connect, WebSocket } from '../../packages/weft/dist/node.js';
import { formatBytes, formatMs, heading, mark, say } from './print.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolve with the next message `socket` receives that satisfies `accept`. */
function nextMessage(socket, accept = () => true, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no message within ${timeoutMs} ms`))), timeoutMs);
    const off = socket.on('message', (data) => {
      if (!accept(data)) return;
      clearTimeout(timer);
      off();
      resolve(data);
    });
  });
}

/** Connection and one round trip. */
async function showRoundTrip(socket) {
  heading('1. Connect and round trip');
  await socket.opened;
  say(mark.ok, `open (state: ${socket.state})`);
  const started = performance.now();
  const reply = nextMessage(socket);
  socket.send('hello, weft');
  say(mark.send, `sent "hello, weft"`);
  say(mark.receive, `echo "${await reply}" after ${formatMs(performance.now() - started)}`);
}

/** Heartbeat latency: protocol pings on Node's WebSocket, round-trip time of each. */
async function showLatency(peer) {
  heading('2. Heartbeat latency (WebSocket ping → pong)');
  const ws = new WebSocket(peer.wsUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = (event) => reject(event.error ?? new Error('WebSocket error'));
  });
  const samples = [];
  for (let i = 0; i < 5; i++) samples.push(await ws.ping());
  say(mark.ok, `ping RTT: ${samples.map(formatMs).join(', ')}`);
  await new Promise((resolve) => {
    ws.onclose = resolve;
    ws.close(1000);
  });
}

/** The server goes away; messages sent meanwhile are queued and delivered after reconnecting. */
async function showReconnect(socket, peer) {
  heading('3. Server restart: reconnect and deliver the queue');
  const reconnecting = new Promise((resolve) => {
    const off = socket.on('reconnecting', () => (off(), resolve()));
  });
  const offRetry = socket.on('reconnecting', (info) =>
    say(mark.info, `retry #${info.attempt + 1} in ${formatMs(info.delayMs)} (${info.reason})`),
  );
  say(mark.warn, 'stopping the server (every connection drops, as in a crash)');
  await peer.stopWs();
  await reconnecting;
  const queued = ['queued #1', 'queued #2', 'queued #3'];
  for (const text of queued) socket.send(text);
  say(mark.send, `sent ${queued.length} messages while offline (queued: ${formatBytes(socket.bufferedAmount)})`);
  const received = [];
  const allBack = new Promise((resolve) => {
    const off = socket.on('message', (data) => {
      if (typeof data === 'string' && data.startsWith('queued')) received.push(data);
      if (received.length === queued.length) (off(), resolve());
    });
  });
  await sleep(1_000);
  const reopened = new Promise((resolve) => {
    const off = socket.on('open', () => (off(), resolve()));
  });
  await peer.startWs();
  say(mark.info, 'server started again');
  await reopened;
  offRetry();
  say(mark.ok, `reconnected (state: ${socket.state})`);
  await allBack;
  if (received.join() !== queued.join()) throw new Error(`queue delivered out of order: ${received.join(', ')}`);
  say(mark.receive, `echoes, once each and in order: ${received.map((t) => `"${t}"`).join(', ')}`);
}

/** A large message in fragments, with send progress from `bufferedAmount`. */
async function showLargeMessage(peer) {
  const totalBytes = 8 * 1024 * 1024;
  const fragmentBytes = 64 * 1024;
  heading(`4. A ${formatBytes(totalBytes)} message in ${formatBytes(fragmentBytes)} fragments, to a slow reader`);
  const socket = connect(peer.slowWsUrl, { fragment: { sizeBytes: fragmentBytes }, reconnect: false });
  await socket.opened;
  const payload = new Uint8Array(totalBytes);
  for (let i = 0; i < payload.length; i += 4096) payload[i] = (i / 4096) & 0xff;
  const echoed = nextMessage(socket, (data) => data instanceof Uint8Array, 60_000);
  const started = performance.now();
  socket.send(payload);
  // Progress as the receiving end sees it (frame headers included), polled while it arrives.
  peer.slowBytesRead = 0;
  let shown = -1;
  while (shown < 100) {
    const receivedBytes = Math.min(peer.slowBytesRead, totalBytes);
    const percent = Math.floor((receivedBytes / totalBytes) * 10) * 10;
    if (percent !== shown) {
      say(mark.send, `server has ${String(percent).padStart(3)}%  ${'█'.repeat(percent / 10).padEnd(10, '·')}  ${formatBytes(receivedBytes)}  (client bufferedAmount ${formatBytes(socket.bufferedAmount)})`);
      shown = percent;
    }
    await sleep(20);
  }
  const back = await echoed;
  const intact = back.length === payload.length && back.every((byte, i) => byte === payload[i]);
  if (!intact) throw new Error('the large message came back damaged');
  say(mark.receive, `${formatBytes(back.length)} echoed back intact in ${formatMs(performance.now() - started)}`);
  await socket.close();
}

/** Run the whole story against `peer`; resolves when every step passed. */
export async function runStory(peer) {
  const socket = connect(peer.wsUrl, { reconnect: { minDelayMs: 250, maxDelayMs: 1_000 } });
  say(mark.info, `connect('${peer.wsUrl}') — state: ${socket.state}`);
  socket.on('state', (state) => say(mark.info, `state → ${state}`));
  await showRoundTrip(socket);
  await showLatency(peer);
  await showReconnect(socket, peer);
  await showLargeMessage(peer);
  heading('5. Close');
  const closed = new Promise((resolve) => {
    const off = socket.on('close', (event) => (off(), resolve(event)));
  });
  await socket.close(1000, 'demo finished');
  const event = await closed;
  say(mark.ok, `closed ${event.wasClean ? 'cleanly' : 'uncleanly'} with ${event.code}; no reconnect (willReconnect: ${event.willReconnect})`);
}
