import { describe, expect, it } from 'vitest';
import { ConnectionClosedError, WebSocket } from '../src/index.js';
import type { CloseEvent, ErrorEvent, MessageEvent } from '../src/index.js';
import { switchingProtocols } from './support/handshake.js';
import { nextEvent, openEchoSocket, readRequestHead, startEchoServer, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

const openEcho = (): Promise<WebSocket> => openEchoSocket(cleanup);

describe('WebSocket (WHATWG surface)', () => {
  it('has the four readyState constants on the class and on instances', async () => {
    expect([WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED]).toEqual([0, 1, 2, 3]);
    const ws = await openEcho();
    expect([ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED]).toEqual([0, 1, 2, 3]);
    expect(ws).toBeInstanceOf(EventTarget);
  });

  it('maps http(s) URLs to ws(s) and rejects other schemes with SyntaxError', () => {
    expect(() => new WebSocket('ftp://127.0.0.1/')).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    const ws = new WebSocket('http://127.0.0.1:9/x');
    expect(ws.url).toBe('ws://127.0.0.1:9/x');
    ws.close();
  });

  it('validates close() arguments like WHATWG', async () => {
    const ws = await openEcho();
    expect(() => ws.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => ws.close(5000)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => ws.close(1000, 'é'.repeat(62))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close(4001, 'custom');
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect([closed.code, closed.reason]).toEqual([4001, 'custom']);
  });

  it('reports 1005 when closed without a code', async () => {
    const ws = await openEcho();
    ws.close();
    expect((await nextEvent<CloseEvent>(ws, 'close')).code).toBe(1005);
  });

  it('discards sends after close and counts them in bufferedAmount', async () => {
    const ws = await openEcho();
    ws.close();
    ws.send('abcd');
    expect(ws.bufferedAmount).toBeGreaterThanOrEqual(4);
    await nextEvent(ws, 'close');
  });

  it('supports handler attributes alongside addEventListener, and replacing them', async () => {
    const ws = await openEcho();
    const seen: string[] = [];
    ws.onmessage = () => seen.push('first');
    ws.addEventListener('message', () => seen.push('listener'));
    ws.onmessage = (event) => seen.push(`second:${event.data as string}`);
    expect(typeof ws.onmessage).toBe('function');
    ws.send('m');
    await nextEvent(ws, 'message');
    expect(seen).toEqual(['second:m', 'listener']);
    ws.onmessage = null;
    expect(ws.onmessage).toBeNull();
  });

  it('keeps order when a Blob is followed by strings', async () => {
    const ws = await openEcho();
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      ws.addEventListener('message', (event) => {
        const data = (event as MessageEvent).data;
        got.push(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString());
        if (got.length === 3) resolve();
      });
    });
    ws.send(new Blob(['1']));
    ws.send('2');
    ws.send(new Uint8Array([0x33]));
    await done;
    expect(got).toEqual(['1', '2', '3']);
  });

  it('sends a ping payload and matches the pong; rejects pending pings on close', async () => {
    const ws = await openEcho();
    expect(await ws.ping('hello')).toBeGreaterThanOrEqual(0);
    await expect(ws.ping(new Uint8Array(126))).rejects.toThrow(RangeError);
    const peer = await startRawServer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(switchingProtocols(key));
      socket.on('data', () => socket.destroy());
    });
    cleanup.push(peer.close);
    const silent = new WebSocket(`ws://127.0.0.1:${peer.port}/`);
    await nextEvent(silent, 'open');
    await expect(silent.ping()).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('answers server pings automatically and emits ping events', async () => {
    const peer = await startRawServer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(Buffer.concat([Buffer.from(switchingProtocols(key)), Buffer.from([0x89, 2, 0x61, 0x62])]));
      socket.once('data', (chunk: Buffer) => socket.end(Buffer.from([0x81, 1, (chunk[0] & 0x0f) + 0x30])));
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`);
    const ping = nextEvent<MessageEvent>(ws, 'ping');
    const reply = nextEvent<MessageEvent>(ws, 'message');
    expect(Buffer.from((await ping).data as Buffer).toString()).toBe('ab');
    expect((await reply).data).toBe(':'); // opcode 0xA (pong) + 0x30
  });

  it('pauses and resumes reading; drained() resolves once writes are flushed', async () => {
    const ws = await openEcho();
    ws.pause();
    ws.send('while paused');
    let received = false;
    ws.onmessage = () => { received = true; };
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toBe(false);
    ws.resume();
    await nextEvent(ws, 'message');
    expect(received).toBe(true);
    for (let i = 0; i < 64; i++) ws.send(new Uint8Array(64 * 1024));
    await ws.drained();
    expect(ws.bufferedAmount).toBeLessThanOrEqual(16 * 1024);
  });

  it('counts the bytes sent in this tick in bufferedAmount, and drained() hands them to the socket', async () => {
    const ws = await openEcho();
    // Batched until the next tick (one writev), but never invisible to a sender checking it.
    // (Under 64 KiB: a bigger frame leaves at once, see socket-transport.ts.)
    ws.send(new Uint8Array(40 * 1024));
    expect(ws.bufferedAmount).toBeGreaterThanOrEqual(40 * 1024);
    await ws.drained();
    expect(ws.bufferedAmount).toBeLessThanOrEqual(16 * 1024);
  });

  it('fails with 1002 and an error event when the server sends a masked frame', async () => {
    const peer = await startRawServer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(Buffer.concat([Buffer.from(switchingProtocols(key)), Buffer.from([0x81, 0x81, 1, 2, 3, 4, 0x61])]));
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`, undefined, { closeTimeoutMs: 100 });
    const closing = nextEvent<CloseEvent>(ws, 'close');
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as { closeCode: number };
    expect(error.closeCode).toBe(1002);
    expect((await closing).code).toBe(1002);
  });
});
