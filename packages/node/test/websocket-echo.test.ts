import { describe, expect, it } from 'vitest';
import { WebSocket } from '../src/index.js';
import type { CloseEvent, MessageEvent } from '../src/index.js';
import { nextEvent, startEchoServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

describe('WebSocket against a ws echo server', () => {
  it('opens, echoes text and binary, and closes cleanly', async () => {
    const { port, close } = await startEchoServer();
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/echo`);
    expect(ws.readyState).toBe(WebSocket.CONNECTING);
    await nextEvent(ws, 'open');
    expect(ws.readyState).toBe(ws.OPEN);
    ws.send('héllo');
    expect((await nextEvent<MessageEvent>(ws, 'message')).data).toBe('héllo');
    ws.send(new Uint8Array([1, 2, 3]));
    const binary = (await nextEvent<MessageEvent>(ws, 'message')).data;
    expect(binary).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(binary as ArrayBuffer)]).toEqual([1, 2, 3]);
    ws.close(1000, 'bye');
    expect(ws.readyState).toBe(WebSocket.CLOSING);
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(closed.code).toBe(1000);
    expect(closed.reason).toBe('bye');
    expect(closed.wasClean).toBe(true);
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('delivers nodebuffer and blob binary types', async () => {
    const { port, close } = await startEchoServer();
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.binaryType = 'nodebuffer';
    await nextEvent(ws, 'open');
    ws.send(Buffer.from('abc'));
    expect(Buffer.isBuffer((await nextEvent<MessageEvent>(ws, 'message')).data)).toBe(true);
    ws.binaryType = 'blob';
    ws.send(new Blob(['xyz']));
    const blob = (await nextEvent<MessageEvent>(ws, 'message')).data as Blob;
    expect(await blob.text()).toBe('xyz');
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('echoes large messages with fragmentBytes set, through onmessage', async () => {
    const { port, close } = await startEchoServer();
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, undefined, { fragmentBytes: 1000 });
    const big = Buffer.alloc(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = i & 0xff;
    const received = new Promise<ArrayBuffer>((resolve) => {
      ws.onmessage = (event) => resolve(event.data as ArrayBuffer);
    });
    ws.onopen = () => ws.send(big);
    expect(Buffer.compare(Buffer.from(await received), big)).toBe(0);
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('echoes messages big enough to leave in pieces while they are masked, binary and text, in order', async () => {
    const { port, close } = await startEchoServer();
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.binaryType = 'nodebuffer';
    const big = Buffer.alloc(9 * 1024 * 1024 + 5);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
    const text = 'é'.repeat(2_500_000) + 'ascii tail'; // 5 MB of UTF-8
    const received: (Buffer | string)[] = [];
    const all = new Promise<void>((resolve) => {
      ws.onmessage = (event) => {
        received.push(event.data as Buffer | string);
        if (received.length === 4) resolve();
      };
    });
    await nextEvent(ws, 'open');
    ws.send(big);
    ws.send(text);
    ws.send('small');
    ws.send(big);
    await all;
    expect(Buffer.compare(received[0] as Buffer, big)).toBe(0);
    expect(received[1] === text).toBe(true);
    expect(received[2]).toBe('small');
    expect(Buffer.compare(received[3] as Buffer, big)).toBe(0);
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('resolves ping() with a round-trip time and emits pong', async () => {
    const { port, close } = await startEchoServer();
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    await nextEvent(ws, 'open');
    const pong = nextEvent(ws, 'pong');
    const rtt = await ws.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
    await pong;
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('throws InvalidStateError when sending while connecting', async () => {
    const { port, close } = await startEchoServer();
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    expect(() => ws.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError', code: 'ERR_NOT_OPEN' }));
    ws.close();
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(closed.code).toBe(1006);
  });
});
