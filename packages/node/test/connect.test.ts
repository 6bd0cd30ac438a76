import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as PeerSocket } from 'ws';
import { connect } from '../src/connect.js';
import type { HandshakeError } from '@weft/core';

const fast = { minDelayMs: 20, maxDelayMs: 100 };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A `ws` server on 127.0.0.1 that records what it receives. */
async function startPeer(port = 0, options: { autoPong?: boolean } = {}) {
  const received: string[] = [];
  const peers: PeerSocket[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port, ...options });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (peer) => {
    peers.push(peer);
    peer.on('message', (data, isBinary) => received.push(isBinary ? `bin:${(data as Buffer).byteLength}` : data.toString()));
  });
  const stop = () => new Promise<void>((resolve) => {
    for (const peer of peers) peer.terminate();
    server.close(() => resolve());
  });
  cleanups.push(stop);
  return { server, received, peers, stop, port: (server.address() as AddressInfo).port, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

function track(socket: ReturnType<typeof connect>) {
  cleanups.push(() => socket.close().catch(() => {}));
  return socket;
}

describe('@weft/node connect() against a ws server on 127.0.0.1', () => {
  it('reconnects after the server is killed and restarted, delivering queued messages once, in order', async () => {
    const peer = await startPeer();
    const socket = track(connect(peer.url, { reconnect: fast }));
    await socket.opened;
    socket.send('before');
    await until(() => peer.received.length === 1);
    await peer.stop();
    await until(() => socket.state === 'reconnecting');
    for (const text of ['q1', 'q2', 'q3']) socket.send(text);
    const restarted = await startPeer(peer.port);
    await until(() => restarted.received.length === 3);
    socket.send('after');
    await until(() => restarted.received.length === 4);
    expect(restarted.received).toEqual(['q1', 'q2', 'q3', 'after']);
    expect(peer.received).toEqual(['before']);
  });

  it('detects a server that stops answering pings within interval + timeout, and reconnects', async () => {
    const peer = await startPeer(0, { autoPong: false });
    const socket = track(connect(peer.url, { heartbeat: { intervalMs: 300, timeoutMs: 300 }, reconnect: fast }));
    await socket.opened;
    const openedAt = Date.now();
    let detectedAt: number | undefined;
    socket.on('reconnecting', () => (detectedAt ??= Date.now()));
    // What the socket went through, with times, for the failure message.
    const timeline: string[] = [];
    socket.on('state', (state) => timeline.push(`${Date.now() - openedAt} ms ${state}`));
    socket.on('close', (event) => timeline.push(`${Date.now() - openedAt} ms close ${event.code} ${event.reason}`));
    // A plain 600 ms timer started at the same moment measures how late timers ran in this run,
    // and a 10 ms ticker the longest stall of the event loop anywhere until detection (a busy CI
    // host can stop the process after the control has fired, delaying the heartbeat's timers).
    const controlFiredAfter = new Promise<number>((resolve) => setTimeout(() => resolve(Date.now() - openedAt), 600));
    let lastTick = openedAt;
    let longestStall = 0;
    const ticker = setInterval(() => {
      const now = Date.now();
      longestStall = Math.max(longestStall, now - lastTick - 10);
      lastTick = now;
    }, 10);
    // The `reconnecting` event is when detection happened; a poll of `state` would also miss a
    // reconnect fast enough to open again between two polls.
    await until(() => detectedAt !== undefined, 3000);
    const detectedAfter = (detectedAt as number) - openedAt;
    clearInterval(ticker);
    const lateness = Math.max(0, (await controlFiredAfter) - 600, longestStall);
    // Not before interval + timeout; after it, only by timer and scheduling slack: the two timers
    // of the heartbeat (probe, then timeout) may each run as late as the worst stall, plus margin
    // (CI shares two cores with a coverage run).
    expect(detectedAfter).toBeGreaterThanOrEqual(590);
    expect(detectedAfter, `longest event-loop stall ${longestStall} ms; ${timeline.join(', ')}`).toBeLessThan(600 + 2 * lateness + 500);
    await until(() => peer.peers.length === 2);
  });

  it('keeps a connection that answers pings open', async () => {
    const peer = await startPeer();
    const socket = track(connect(peer.url, { heartbeat: { intervalMs: 50, timeoutMs: 100 } }));
    await socket.opened;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(socket.state).toBe('open');
    expect(peer.peers).toHaveLength(1);
  });

  it('keeps the connection when a message handler blocks for longer than the heartbeat allows', async () => {
    // The client's clock reads the time of the socket read being processed: inside this handler
    // it stays at the read's start. That must cost at most a probe, never a false "dead".
    const peer = await startPeer();
    const socket = track(connect(peer.url, { heartbeat: { intervalMs: 100, timeoutMs: 100 }, reconnect: fast }));
    const reconnects: unknown[] = [];
    socket.on('reconnecting', (info) => reconnects.push(info));
    await socket.opened;
    let blocked = 0;
    socket.on('message', () => {
      blocked++;
      const end = performance.now() + 350;
      while (performance.now() < end);
    });
    await until(() => peer.peers.length === 1);
    peer.peers[0].send('block');
    await until(() => blocked === 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reconnects).toEqual([]);
    expect(socket.state).toBe('open');
    expect(peer.peers).toHaveLength(1);
  });

  it('does not reconnect after the server closes with 1008', async () => {
    const peer = await startPeer();
    peer.server.on('connection', (ws) => ws.close(1008, 'policy'));
    const socket = track(connect(peer.url, { reconnect: fast }));
    const closes: boolean[] = [];
    socket.on('close', (event) => closes.push(event.willReconnect));
    await socket.opened;
    await until(() => socket.state === 'closed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closes).toEqual([false]);
    expect(peer.peers).toHaveLength(1);
  });

  it('sends a 5 MiB message with fragmentation on, intact', async () => {
    const peer = await startPeer();
    let digest = '';
    peer.server.on('connection', (ws) => ws.on('message', (data: Buffer) => {
      digest = `${data.byteLength}:${data.every((byte, i) => byte === (i * 7) % 251)}`;
    }));
    const socket = track(connect(peer.url, { fragment: { sizeBytes: 64 * 1024 } }));
    await socket.opened;
    const big = Uint8Array.from({ length: 5 * 1024 * 1024 }, (_, i) => (i * 7) % 251);
    socket.send(big);
    await until(() => digest !== '', 10_000);
    expect(digest).toBe(`${big.byteLength}:true`);
  });

  it('drained() stays pending while the server reads nothing, and resolves with nothing buffered once it reads again', async () => {
    const peer = await startPeer();
    // The server stops reading its TCP socket: the client's bytes pile up in its write buffer.
    const serverSocket = () => (peer.peers[0] as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    peer.server.on('connection', () => serverSocket().pause());
    const socket = track(connect(peer.url, { heartbeat: false }));
    await socket.opened;
    const message = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 32; i++) socket.send(message);
    let drained = false;
    const done = socket.drained().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(drained).toBe(false);
    expect(socket.bufferedAmount).toBeGreaterThan(0);
    serverSocket().resume();
    await done;
    await until(() => peer.received.length === 32, 10_000);
    expect(socket.bufferedAmount).toBe(0);
  });
});

describe('@weft/node connect() handshake classification', () => {
  async function startHttp(answer: (attempt: number) => string | undefined) {
    const wss = new WebSocketServer({ noServer: true });
    let attempts = 0;
    const server: Server = createServer();
    server.on('upgrade', (request, socket, head) => {
      const raw = answer(++attempts);
      if (raw !== undefined) {
        socket.end(raw);
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      server.close(() => resolve());
    }));
    return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, attempts: () => attempts };
  }

  it('retries after a 503 with Retry-After, then connects', async () => {
    const http = await startHttp((n) => (n === 1 ? 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n' : undefined));
    const socket = track(connect(http.url, { reconnect: fast }));
    const errors: unknown[] = [];
    socket.on('error', (error) => errors.push(error));
    await socket.opened;
    expect(http.attempts()).toBe(2);
    expect((errors[0] as HandshakeError).status).toBe(503);
  });

  it('gives up on a 401 and rejects opened', async () => {
    const http = await startHttp(() => 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    const socket = track(connect(http.url, { reconnect: fast }));
    const error = (await socket.opened.catch((e: unknown) => e)) as { code: string; cause: HandshakeError };
    expect(error.code).toBe('ERR_CONNECTION_FAILED');
    expect(error.cause.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(http.attempts()).toBe(1);
  });
});

describe('@weft/node connect() resources', () => {
  it('leaves no timers or sockets after close() during reconnecting', async () => {
    const peer = await startPeer();
    const url = peer.url;
    await peer.stop();
    cleanups.length = 0;
    const before = process.getActiveResourcesInfo().filter((name) => name !== 'TTYWrap');
    const socket = connect(url, { reconnect: { minDelayMs: 5_000, maxDelayMs: 5_000, jitter: 'none' } });
    await until(() => socket.state === 'reconnecting');
    await socket.close();
    await new Promise((resolve) => setImmediate(resolve));
    const after = process.getActiveResourcesInfo().filter((name) => name !== 'TTYWrap');
    const count = (list: string[], name: string) => list.filter((entry) => entry === name).length;
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(before, 'Timeout'));
    expect(count(after, 'TCPWrap')).toBeLessThanOrEqual(count(before, 'TCPWrap'));
    expect(socket.state).toBe('closed');
  });
});
