// Adversarial review of the byte-path performance work (shared read buffer, borrowed input,
// pooled frame buffers, batched writes). A failing test here is a bug report.
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from '../../src/index.js';
import type { CloseEvent } from '../../src/index.js';
import { binary, close as closeFrame, text } from '../conformance/harness/frame-builder.js';
import { startRawPeer, type PeerConnection } from '../conformance/harness/raw-peer.js';
import { createSelfSignedCertificate, type TestCertificate } from '../support/certificates.js';
import { cleanupAfterEach } from '../support/cleanup.js';
import { readRequestHead, startRawServer, startSecureEchoServer } from '../support/servers.js';
import { startConnectProxy } from '../support/connect-proxy.js';
import { keepMessages } from '../support/received-messages.js';

const cleanup = cleanupAfterEach();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function startPeer(afterResponse?: Buffer): Promise<{ url: string; connection: Promise<PeerConnection> }> {
  const peer = await startRawPeer(afterResponse === undefined ? {} : { afterResponse });
  cleanup.push(() => peer.stop());
  return peer;
}

function track(ws: WebSocket): { messages: unknown[]; opened: Promise<void> } {
  cleanup.push(async () => ws.terminate());
  return keepMessages(ws);
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * `ws` was paused before (or as) it opened: a message the peer sends after open must not be
 * delivered until `resume()`, and then exactly once.
 */
async function expectHeldUntilResume(ws: WebSocket, peer: { connection: Promise<PeerConnection> }): Promise<void> {
  const client = track(ws);
  const connection = await peer.connection;
  await client.opened;
  await sleep(20);
  await connection.write(text('sent while paused'));
  await sleep(150);
  expect(client.messages).toEqual([]);
  ws.resume();
  await waitFor(() => client.messages.length === 1, 'the message after resume');
  expect(client.messages).toEqual(['sent while paused']);
}

describe('pause() and the shared read buffer', () => {
  // BUG: websocket.ts #open only skips socket.resume() when paused; readUntil's socket.pause()
  // was already undone by Readable's maybeReadMore (read(0) → _read → tryReadStart), and with
  // onread the reads go straight to the driver instead of into the paused readable side.
  it('delivers no message that arrives after open while pause() was called before open (ws:)', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    ws.pause();
    await expectHeldUntilResume(ws, peer);
  });

  it('delivers no message that arrives after open while pause() was called before open (ws: through a CONNECT proxy)', async () => {
    const peer = await startPeer();
    const proxy = await startConnectProxy();
    cleanup.push(proxy.stop);
    const ws = new WebSocket(peer.url, undefined, { proxy: proxy.url });
    ws.pause();
    await expectHeldUntilResume(ws, peer);
  });

  it('delivers no message that arrives after pause() called in the open handler (ws:)', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    ws.addEventListener('open', () => ws.pause(), { once: true });
    await expectHeldUntilResume(ws, peer);
  });
});

describe('pause() on a socket with Node\'s own reads (control: the behaviour the shared buffer must keep)', () => {
  it('delivers no message that arrives after open while pause() was called before open (wss:// through a CONNECT proxy)', async () => {
    // TLS over a tunnel reads the tunnel's handle itself: neither socket reads into the shared buffer.
    const certificate = createSelfSignedCertificate('127.0.0.1', 'IP:127.0.0.1');
    const peer = await startRawPeer({ tls: certificate });
    cleanup.push(() => peer.stop());
    const proxy = await startConnectProxy();
    cleanup.push(proxy.stop);
    const ws = new WebSocket(peer.url, undefined, { proxy: proxy.url, tls: { ca: certificate.cert } });
    ws.pause();
    await expectHeldUntilResume(ws, peer);
  });
});

/** A distinct ASCII text of `length` units (16 Ki units and more are encoded into pooled frame buffers). */
const asciiText = (length: number, seed: number): string =>
  `#${seed}#`.padEnd(length, String.fromCharCode(65 + (seed % 26)));

/** A distinct binary payload of `length` bytes. */
const pattern = (length: number, seed: number): Buffer => {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + seed * 13) & 0xff;
  return bytes;
};

type Sent = string | Buffer;

function expectReceivedByPeer(connection: PeerConnection, sent: Sent[]): void {
  const data = connection.events.filter((e) => e.type === 'text' || e.type === 'binary');
  const mismatches = sent.flatMap((message, i) => {
    const got = data[i] as { type: string; data: Buffer } | undefined;
    if (got === undefined) return [`#${i} missing`];
    const ok = typeof message === 'string' ? got.type === 'text' && got.data.toString('latin1') === message
      : got.type === 'binary' && got.data.equals(message);
    return ok ? [] : [`#${i} (${typeof message === 'string' ? 'text' : 'binary'} of ${message.length}) differs`];
  });
  expect(mismatches).toEqual([]);
  expect(connection.reader.violations).toEqual([]);
}

describe('pooled frame buffers and batched writes', () => {
  it('never reuses a frame buffer the kernel has not taken yet: a burst sent without yielding to a peer that is not reading arrives intact', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    const client = track(ws);
    const connection = await peer.connection;
    await client.opened;
    connection.socket.pause();
    const sent: Sent[] = [];
    for (let i = 0; i < 24; i++) {
      // Same lengths again and again: every message may take a buffer a previous one gave back.
      sent.push(asciiText(160 * 1024, i), pattern(96 * 1024, i), pattern(20 * 1024, i), asciiText(17 * 1024, i + 100));
    }
    for (const message of sent) ws.send(message);
    // The kernel took what it could; the rest waits in the socket: writes went asynchronous.
    expect(ws.bufferedAmount).toBeGreaterThan(1024 * 1024);
    await sleep(50);
    connection.socket.resume();
    await connection.waitForCount(sent.length, 15_000);
    expectReceivedByPeer(connection, sent);
  });

  it('keeps the order of every chunk of a tick, small and big, of two connections writing at once, with the close frame last', async () => {
    const peers = await Promise.all([startPeer(), startPeer()]);
    const sockets = peers.map((peer) => new WebSocket(peer.url));
    const clients = sockets.map(track);
    const connections = await Promise.all(peers.map((peer) => peer.connection));
    await Promise.all(clients.map((client) => client.opened));
    const scripts: Sent[][] = [[], []];
    const sizes = [1, 100, 16 * 1024, 16 * 1024 + 1, 70 * 1024, 5, 300 * 1024, 40 * 1024, 2];
    for (let round = 0; round < 30; round++) {
      for (const [c, ws] of sockets.entries()) {
        const size = sizes[(round + c * 3) % sizes.length]!;
        const message = round % 2 === 0 ? pattern(size, round * 2 + c) : asciiText(size, round * 2 + c);
        scripts[c]!.push(message);
        ws.send(message);
      }
    }
    for (const ws of sockets) ws.close(1000, 'done');
    for (const [c, connection] of connections.entries()) {
      await connection.waitForClose(10_000);
      expectReceivedByPeer(connection, scripts[c]!);
      expect(connection.events.at(-1)).toMatchObject({ type: 'close', code: 1000 });
    }
  });

  it('counts the bytes a tick queued in bufferedAmount at once, and drained() hands them to the socket first', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    const client = track(ws);
    await peer.connection;
    await client.opened;
    ws.send('x'.repeat(1000));
    expect(ws.bufferedAmount).toBeGreaterThanOrEqual(1000);
    // Under 64 KiB, so it waits for the tick's writev too (a bigger frame leaves at once).
    ws.send(pattern(40_000, 1));
    expect(ws.bufferedAmount).toBeGreaterThanOrEqual(41_000);
    await ws.drained();
    // drained() handed the tick's bytes to the socket itself (the socket's high-water mark is 16 KiB).
    expect(ws.bufferedAmount).toBeLessThanOrEqual(16 * 1024);
    await waitFor(() => ws.bufferedAmount === 0, 'bufferedAmount to reach 0');
  });

  it('stays bounded when a sender loops on bufferedAmount without ever yielding', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    const client = track(ws);
    const connection = await peer.connection;
    await client.opened;
    connection.socket.pause();
    const payload = pattern(1024, 3);
    let sends = 0;
    while (ws.bufferedAmount < 2 * 1024 * 1024 && sends < 1_000_000) {
      ws.send(payload);
      sends++;
    }
    // Every send is counted at once: the loop stops once the kernel's buffers and 2 MiB are full
    // (a few MiB on loopback), never running on because queued bytes went uncounted.
    expect(ws.bufferedAmount).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(sends).toBeLessThan(64 * 1024);
    connection.socket.resume();
  });
});

describe('wss: with pooled send buffers', () => {
  let cert: TestCertificate;
  beforeAll(() => {
    cert = createSelfSignedCertificate('localhost', 'DNS:localhost,IP:127.0.0.1');
  });

  async function startSecureEcho(): Promise<number> {
    const echo = await startSecureEchoServer(cert);
    cleanup.push(echo.close);
    return echo.port;
  }

  it('echoes a burst of big messages over wss: byte-exact (pooled buffers recycled only once TLS has written them)', async () => {
    const port = await startSecureEcho();
    const ws = new WebSocket(`wss://localhost:${port}/`, undefined, { tls: { ca: cert.cert } });
    ws.binaryType = 'nodebuffer';
    const client = track(ws);
    await client.opened;
    const sent: Sent[] = [];
    for (let i = 0; i < 16; i++) sent.push(asciiText(100 * 1024, i), pattern(80 * 1024, i));
    for (const message of sent) ws.send(message);
    await waitFor(() => client.messages.length === sent.length, 'every echo', 15_000);
    const mismatches = sent.flatMap((message, i) => {
      const got = client.messages[i];
      return (typeof message === 'string' ? got === message : Buffer.isBuffer(got) && got.equals(message)) ? [] : [i];
    });
    expect(mismatches).toEqual([]);
  });
});

describe('received buffers the application keeps, while the pool turns over', () => {
  it('keeps big binary messages intact while text frames of the same length are received, recycled and echoed from pooled buffers', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    ws.binaryType = 'nodebuffer';
    const client = track(ws);
    const length = 96 * 1024;
    ws.addEventListener('message', (event) => {
      const data = (event as MessageEvent).data;
      // Echo each text: encoded into a pooled buffer of the same length as the received frames.
      if (typeof data === 'string') ws.send(data);
    });
    const connection = await peer.connection;
    await client.opened;
    const script: Sent[] = [];
    for (let i = 0; i < 12; i++) script.push(pattern(length, i), asciiText(length, i));
    const wire = Buffer.concat(script.map((m) => (typeof m === 'string' ? text(m) : binary(m))));
    // Cut so that every frame spans reads (each payload is assembled in a buffer of its own).
    await connection.write(wire, { every: 40_000 });
    await waitFor(() => client.messages.length === script.length, 'every message', 15_000);
    await connection.waitForCount(12, 15_000);
    await sleep(50);
    const kept = script.flatMap((m, i) => (typeof m === 'string' ? [] : [[m, client.messages[i]] as const]));
    expect(kept.filter(([want, got]) => !(Buffer.isBuffer(got) && got.equals(want))).length).toBe(0);
    expect(client.messages.filter((m, i) => typeof script[i] === 'string' && m !== script[i]).length).toBe(0);
    expectReceivedByPeer(connection, script.filter((m) => typeof m === 'string'));
  });
});

describe('end of input, redirects and handlers that stop the connection in the middle of a read', () => {
  function closeInfo(ws: WebSocket): Promise<{ code: number; wasClean: boolean }> {
    return new Promise((resolve) => ws.addEventListener('close', (event) => {
      const { code, wasClean } = event as CloseEvent;
      resolve({ code, wasClean });
    }, { once: true }));
  }

  it('delivers every message of a read that ends with FIN (no close frame) before the 1006 close', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    ws.binaryType = 'nodebuffer';
    ws.addEventListener('error', () => undefined);
    const client = track(ws);
    const closed = closeInfo(ws);
    const connection = await peer.connection;
    await client.opened;
    const big = pattern(300 * 1024, 4);
    connection.socket.end(Buffer.concat([text('a'), binary(big), text('z')]));
    expect(await closed).toEqual({ code: 1006, wasClean: false });
    expect(client.messages.length).toBe(3);
    expect([client.messages[0], Buffer.isBuffer(client.messages[1]) && (client.messages[1] as Buffer).equals(big), client.messages[2]]).toEqual(['a', true, 'z']);
  });

  it('echoes a message whose read also carries the close frame and FIN, echo before the close reply', async () => {
    const peer = await startPeer();
    const ws = new WebSocket(peer.url);
    ws.addEventListener('message', (event) => ws.send((event as MessageEvent).data as string));
    const client = track(ws);
    const closed = closeInfo(ws);
    const connection = await peer.connection;
    await client.opened;
    const message = asciiText(70 * 1024, 5);
    await connection.write(Buffer.concat([text(message), closeFrame(1000)]));
    await connection.waitForClose();
    expect(await closed).toMatchObject({ code: 1000 });
    expectReceivedByPeer(connection, [message]);
    expect(connection.events.map((e) => e.type)).toEqual(['text', 'close']);
  });

  it('hands the bytes after the 101 of a redirected ws: connection to the protocol intact', async () => {
    const first = pattern(200 * 1024, 6);
    const peer = await startPeer(Buffer.concat([binary(first), text('second')]));
    const redirector = await startRawServer((socket) => {
      void readRequestHead(socket).then(() => socket.end(`HTTP/1.1 302 Found\r\nLocation: ${peer.url}\r\nContent-Length: 0\r\n\r\n`));
    });
    cleanup.push(redirector.close);
    const ws = new WebSocket(`ws://127.0.0.1:${redirector.port}/`, undefined, { maxRedirects: 1 });
    ws.binaryType = 'nodebuffer';
    const client = track(ws);
    await client.opened;
    await waitFor(() => client.messages.length === 2, 'both messages');
    expect([(client.messages[0] as Buffer).equals(first), client.messages[1]]).toEqual([true, 'second']);
  });
});
