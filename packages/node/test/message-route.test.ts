import { describe, expect, it, vi } from 'vitest';
import { ClientProtocol } from '@weft/core';
import { connect } from '../src/connect.js';
import type { MessageEvent } from '../src/events.js';
import { routeMessages, type WebSocket } from '../src/websocket.js';
import { nextEvent, openEchoSocket, startEchoServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { withUncaughtCaptured } from './support/uncaught.js';

const cleanup = cleanupAfterEach();

const openEcho = (): Promise<WebSocket> => openEchoSocket(cleanup);

/** Collects `count` values; rejects after `timeoutMs` instead of hanging on a lost message. */
function collector(count: number, timeoutMs = 5000): { push: (value: unknown) => void; values: unknown[]; done: Promise<unknown[]> } {
  const values: unknown[] = [];
  let resolve!: (values: unknown[]) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<unknown[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(() => reject(new Error(`got ${values.length} of ${count} messages`)), timeoutMs);
  return {
    values,
    done,
    push(value) {
      values.push(value);
      if (values.length === count) {
        clearTimeout(timer);
        resolve(values);
      }
    },
  };
}

describe('messages routed past the event layer (the WebSocket connect() keeps to itself)', () => {
  it('hands text as strings and binary as Buffers to the route, and dispatches no message event', async () => {
    const ws = await openEcho();
    const routed = collector(2);
    let events = 0;
    ws.addEventListener('message', () => events++);
    routeMessages(ws, routed.push);
    ws.send('text');
    ws.send(new Uint8Array([1, 2, 3]));
    const [text, binary] = await routed.done;
    expect(text).toBe('text');
    expect(Buffer.isBuffer(binary)).toBe(true);
    expect([...(binary as Buffer)]).toEqual([1, 2, 3]);
    expect(events).toBe(0);
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('gives the route Buffers even when binaryType asks for ArrayBuffers', async () => {
    const exactly = vi.spyOn(ClientProtocol.prototype, 'copyPayloadsExactly');
    cleanup.push(async () => exactly.mockRestore());
    const ws = await openEcho();
    expect(exactly.mock.lastCall).toEqual([true]);
    const routed = collector(1);
    routeMessages(ws, routed.push);
    ws.binaryType = 'arraybuffer';
    ws.send(new Uint8Array([7]));
    const [binary] = await routed.done;
    expect(Buffer.isBuffer(binary)).toBe(true);
    // Buffers share window copies: the exact copies made for ArrayBuffers would be wasted here.
    expect(exactly.mock.lastCall).toEqual([false]);
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('leaves every other WebSocket of the process on events, with the default binaryType', async () => {
    const routedSocket = await openEcho();
    routeMessages(routedSocket, () => {});
    const plain = await openEcho();
    const event = nextEvent<MessageEvent>(plain, 'message');
    plain.send(new Uint8Array([5, 6]));
    const { data } = await event;
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(data as ArrayBuffer)]).toEqual([5, 6]);
    for (const ws of [routedSocket, plain]) {
      ws.close();
      await nextEvent(ws, 'close');
    }
  });

  it('reports an error the route throws as an uncaught exception and keeps delivering', async () => {
    const ws = await openEcho();
    const routed = collector(2);
    await withUncaughtCaptured(async (reported) => {
      routeMessages(ws, (data) => {
        routed.push(data);
        if (data === 'boom') throw new Error('route failed');
      });
      ws.send('boom');
      ws.send('after');
      expect(await routed.done).toEqual(['boom', 'after']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported.map((error) => (error as Error).message)).toEqual(['route failed']);
      ws.close();
      await nextEvent(ws, 'close');
    });
  });

  it('connect() delivers text as strings and binary as Buffers to on("message") listeners', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    const socket = connect(`ws://127.0.0.1:${echo.port}/`, { reconnect: false });
    cleanup.push(() => socket.close());
    const seen = collector(2);
    socket.on('message', seen.push);
    await socket.opened;
    socket.send('hello');
    socket.send(new Uint8Array([9, 8]));
    const [text, binary] = await seen.done;
    expect(text).toBe('hello');
    expect(Buffer.isBuffer(binary)).toBe(true);
    expect([...(binary as Buffer)]).toEqual([9, 8]);
  });
});
