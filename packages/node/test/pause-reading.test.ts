/**
 * Pausing reading holds back the messages of the read being processed, not only later reads: one
 * socket read (up to 256 KiB) carries thousands of small messages, and a consumer that is behind
 * must not have them all pushed at it.
 */
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connect, WebSocket } from '../src/index.js';
import type { MessageEvent } from '../src/index.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { switchingProtocols } from './support/handshake.js';
import { nextEvent, readRequestHead, startEchoServer, startRawServer } from './support/servers.js';
import type { CloseEvent } from '../src/index.js';

const cleanup = cleanupAfterEach();

/** Server frames of `count` binary messages of 16 bytes, each starting with its index. */
function smallBinaryFrames(count: number): Buffer {
  const frames = Buffer.alloc(count * 18);
  for (let i = 0; i < count; i++) {
    frames[i * 18] = 0x82;
    frames[i * 18 + 1] = 16;
    frames.writeUInt32BE(i, i * 18 + 2);
  }
  return frames;
}

const textFrames = (texts: string[]): Buffer =>
  Buffer.concat(texts.map((text) => Buffer.concat([Buffer.from([0x81, Buffer.byteLength(text)]), Buffer.from(text)])));

/** A raw peer that answers the handshake, then writes `frames` in one write (with the 101 if `withHandshake`). */
async function startBurstPeer(frames: Buffer, withHandshake = false): Promise<number> {
  const peer = await startRawServer((socket: Socket) => {
    void readRequestHead(socket).then(({ key }) => {
      const answer = Buffer.from(switchingProtocols(key));
      if (withHandshake) socket.write(Buffer.concat([answer, frames]));
      else {
        socket.write(answer);
        setTimeout(() => socket.write(frames), 20);
      }
    });
  });
  cleanup.push(peer.close);
  return peer.port;
}

/**
 * A WebSocket whose peer sends six text messages in one write and whose handler pauses at the
 * third: resolves once it has, with the messages seen so far.
 */
async function pausedAtThirdOfSix(): Promise<{ ws: WebSocket; seen: string[] }> {
  const port = await startBurstPeer(textFrames(['1', '2', '3', '4', '5', '6']));
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  cleanup.unshift(async () => ws.terminate());
  const seen: string[] = [];
  await new Promise<void>((resolve) => {
    ws.onmessage = (event: MessageEvent) => {
      seen.push(event.data as string);
      if (seen.length === 3) {
        ws.pause();
        resolve();
      }
    };
  });
  return { ws, seen };
}

/** A `ws` server that sends 40 000 messages of 16 B to each client as it connects (and echoes). */
async function startFloodingServer(): Promise<number> {
  const echo = await startEchoServer();
  cleanup.push(echo.close);
  echo.server.on('connection', (peer) => {
    const payload = Buffer.alloc(16, 7);
    for (let i = 0; i < 40_000; i++) peer.send(payload);
  });
  return echo.port;
}

describe('pausing reading', () => {
  it('lets for await keep up with 40 000 small messages sent in one write, buffering at most highWaterMark of them', async () => {
    const count = 40_000;
    const port = await startBurstPeer(smallBinaryFrames(count));
    const socket = connect(`ws://127.0.0.1:${port}/`, { reconnect: false, heartbeat: false });
    cleanup.unshift(async () => void socket.close().catch(() => undefined));
    let delivered = 0;
    socket.on('message', () => void delivered++);
    let consumed = 0;
    let mostBuffered = 0;
    let outOfOrder = 0;
    for await (const data of socket) {
      const bytes = data as Uint8Array;
      if (new DataView(bytes.buffer, bytes.byteOffset).getUint32(0) !== consumed) outOfOrder++;
      consumed++;
      mostBuffered = Math.max(mostBuffered, delivered - consumed);
      if (consumed === count) break;
    }
    expect(consumed).toBe(count);
    expect(outOfOrder).toBe(0);
    // The default highWaterMark (256): reading pauses there, mid-read.
    expect(mostBuffered).toBeLessThanOrEqual(256);
  });

  it('stops the messages of the same read when a message handler pauses, and delivers them in order on resume', async () => {
    const { ws, seen } = await pausedAtThirdOfSix();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['1', '2', '3']);
    ws.resume();
    expect(seen).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('holds the frames that came with the 101 when pause() was called before open', async () => {
    const port = await startBurstPeer(textFrames(['a', 'b']), true);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    cleanup.unshift(async () => ws.terminate());
    ws.pause();
    const seen: string[] = [];
    ws.onmessage = (event: MessageEvent) => void seen.push(event.data as string);
    await new Promise<void>((resolve) => (ws.onopen = () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]);
    ws.resume();
    expect(seen).toEqual(['a', 'b']);
  });

  it('closes cleanly at once when close() is called while paused with the server still sending', async () => {
    const port = await startFloodingServer();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    cleanup.unshift(async () => ws.terminate());
    let received = 0;
    const paused = new Promise<void>((resolve) => {
      ws.onmessage = () => {
        if (++received === 10) {
          ws.pause();
          resolve();
        }
      };
    });
    await paused;
    const startedAt = Date.now();
    ws.close(1000, 'done');
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(closed.wasClean).toBe(true);
    expect(closed.code).toBe(1000);
    // Well within the 5 s close timeout: the server's close frame was read.
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('reports the closure at once when terminate() is called while paused with messages held', async () => {
    const { ws, seen } = await pausedAtThirdOfSix();
    const closed = nextEvent<CloseEvent>(ws, 'close');
    ws.terminate();
    const event = await Promise.race([closed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000))]);
    expect(event?.code).toBe(1006);
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('ends a for await loop that is behind cleanly when the socket is closed from inside it', async () => {
    const port = await startFloodingServer();
    const socket = connect(`ws://127.0.0.1:${port}/`, { reconnect: false, iteration: { highWaterMark: 256, maxMessages: 300 } });
    cleanup.unshift(async () => void (await socket.close()));
    let closeEvent: { code: number; wasClean: boolean } | undefined;
    socket.on('close', (event) => void (closeEvent = { code: event.code, wasClean: event.wasClean }));
    let consumed = 0;
    const startedAt = Date.now();
    for await (const _ of socket) {
      // Behind from the first message: the iterator holds its high-water mark when close() runs.
      if (++consumed === 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await socket.close(1000);
      }
    }
    // The loop ended without ERR_ITERATOR_OVERFLOW, after at most the messages it had buffered.
    expect(consumed).toBeLessThanOrEqual(300);
    expect(closeEvent).toEqual({ code: 1000, wasClean: true });
    expect(Date.now() - startedAt).toBeLessThan(3_000);
  });
});
