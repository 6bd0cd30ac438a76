import { describe, expect, it, vi } from 'vitest';
import { ClientProtocol } from '@weft/core';
import { connect } from '../src/connect.js';
import type { MessageEvent } from '../src/events.js';
import { routeEvents, WebSocket, type EventRoute } from '../src/websocket.js';
import { switchingProtocols } from './support/handshake.js';
import { nextEvent, openEchoSocket, startEchoServer, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { withUncaughtCaptured } from './support/uncaught.js';

const cleanup = cleanupAfterEach();

const openEcho = (): Promise<WebSocket> => openEchoSocket(cleanup);

/** Routes `ws`'s messages to `onMessage`; resolves when the route is told of the close. */
function routeMessagesOnly(ws: WebSocket, onMessage: EventRoute['onMessage']): Promise<void> {
  return new Promise((resolve) => routeEvents(ws, { onMessage, onOpen() {}, onClose: () => resolve(), onError() {}, onActivity() {} }));
}

/** Every event type a WebSocket dispatches, counted by listeners added the usual way. */
function countDispatched(ws: WebSocket): { count: number } {
  const seen = { count: 0 };
  for (const type of ['open', 'message', 'error', 'close', 'ping', 'pong']) ws.addEventListener(type, () => seen.count++);
  return seen;
}

/** A WebSocket to `port`, routed at once to a recording route, with its dispatched events counted. */
function openRouted(port: number): { ws: WebSocket; dispatched: { count: number } } & ReturnType<typeof recordingRoute> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  const dispatched = countDispatched(ws);
  const recording = recordingRoute();
  routeEvents(ws, recording.route);
  return { ws, dispatched, ...recording };
}

/** A route that records every call, in order, as [receiver, argument]. */
function recordingRoute(): { calls: [string, unknown][]; route: EventRoute; closed: Promise<void> } {
  const calls: [string, unknown][] = [];
  let closed!: () => void;
  const done = new Promise<void>((resolve) => (closed = resolve));
  const route: EventRoute = {
    onOpen: (info) => calls.push(['open', info]),
    onMessage: (data) => calls.push(['message', data]),
    onActivity: () => calls.push(['activity', undefined]),
    onError: (error) => calls.push(['error', error]),
    onClose: (event) => {
      calls.push(['close', event]);
      closed();
    },
  };
  return { calls, route, closed: done };
}

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

describe('events routed past the event layer (the WebSocket connect() keeps to itself)', () => {
  it('hands text as strings and binary as Buffers to the route, and dispatches no message event', async () => {
    const ws = await openEcho();
    const routed = collector(2);
    let events = 0;
    ws.addEventListener('message', () => events++);
    const closed = routeMessagesOnly(ws, routed.push);
    ws.send('text');
    ws.send(new Uint8Array([1, 2, 3]));
    const [text, binary] = await routed.done;
    expect(text).toBe('text');
    expect(Buffer.isBuffer(binary)).toBe(true);
    expect([...(binary as Buffer)]).toEqual([1, 2, 3]);
    expect(events).toBe(0);
    ws.close();
    await closed;
  });

  it('gives the route Buffers even when binaryType asks for ArrayBuffers', async () => {
    const exactly = vi.spyOn(ClientProtocol.prototype, 'copyPayloadsExactly');
    cleanup.push(async () => exactly.mockRestore());
    const ws = await openEcho();
    expect(exactly.mock.lastCall).toEqual([true]);
    const routed = collector(1);
    const closed = routeMessagesOnly(ws, routed.push);
    ws.binaryType = 'arraybuffer';
    ws.send(new Uint8Array([7]));
    const [binary] = await routed.done;
    expect(Buffer.isBuffer(binary)).toBe(true);
    // Buffers share window copies: the exact copies made for ArrayBuffers would be wasted here.
    expect(exactly.mock.lastCall).toEqual([false]);
    ws.close();
    await closed;
  });

  it('leaves every other WebSocket of the process on events, with the default binaryType', async () => {
    const routedSocket = await openEcho();
    const routedClosed = routeMessagesOnly(routedSocket, () => {});
    const plain = await openEcho();
    const event = nextEvent<MessageEvent>(plain, 'message');
    plain.send(new Uint8Array([5, 6]));
    const { data } = await event;
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(data as ArrayBuffer)]).toEqual([5, 6]);
    routedSocket.close();
    await routedClosed;
    plain.close();
    await nextEvent(plain, 'close');
  });

  it('reports an error the route throws as an uncaught exception and keeps delivering', async () => {
    const ws = await openEcho();
    const routed = collector(2);
    await withUncaughtCaptured(async (reported) => {
      const closed = routeMessagesOnly(ws, (data: unknown) => {
        routed.push(data);
        if (data === 'boom') throw new Error('route failed');
      });
      ws.send('boom');
      ws.send('after');
      expect(await routed.done).toEqual(['boom', 'after']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported.map((error) => (error as Error).message)).toEqual(['route failed']);
      ws.close();
      await closed;
    });
  });

  it('hands open, ping and pong activity, and a clean close to the route, and dispatches no event', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    echo.server.on('connection', (peer) => peer.ping('hi'));
    const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`, ['chat']);
    const dispatched = countDispatched(ws);
    const { calls, route, closed } = recordingRoute();
    routeEvents(ws, route);
    await vi.waitUntil(() => calls.some(([name]) => name === 'activity'), { timeout: 5000 });
    await ws.ping();
    ws.close(1000, 'done');
    await closed;
    expect(calls).toEqual([
      ['open', { protocol: 'chat', extensions: '' }],
      ['activity', undefined], // the server's ping
      ['activity', undefined], // the pong to ours
      ['close', { code: 1000, reason: 'done', wasClean: true }],
    ]);
    expect(dispatched.count).toBe(0);
  });

  it('hands a dropped connection to the route as an error, then a close with 1006', async () => {
    const raw = await startRawServer((socket) => {
      socket.once('data', (request) => {
        const key = /sec-websocket-key: (.+)\r\n/i.exec(request.toString('latin1'))![1];
        socket.write(switchingProtocols(key));
        setTimeout(() => socket.destroy(), 10);
      });
    });
    cleanup.push(raw.close);
    const { dispatched, calls, closed } = openRouted(raw.port);
    await closed;
    expect(calls.map(([name]) => name)).toEqual(['open', 'error', 'close']);
    expect(calls[1][1]).toMatchObject({ code: 'ERR_ABNORMAL_CLOSURE' });
    expect(calls[2][1]).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(dispatched.count).toBe(0);
  });

  it('hands a refused handshake to the route as its error, then a close with 1006', async () => {
    const raw = await startRawServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
    });
    cleanup.push(raw.close);
    const { dispatched, calls, closed } = openRouted(raw.port);
    await closed;
    expect(calls.map(([name]) => name)).toEqual(['error', 'close']);
    expect(calls[0][1]).toMatchObject({ code: 'ERR_UNEXPECTED_STATUS', status: 403 });
    expect(dispatched.count).toBe(0);
  });

  it('hands terminate() after open to the route as a close with 1006 and no error', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    const { ws, dispatched, calls, closed } = openRouted(echo.port);
    await vi.waitUntil(() => ws.readyState === WebSocket.OPEN, { timeout: 5000 });
    ws.terminate();
    await closed;
    expect(calls.map(([name]) => name)).toEqual(['open', 'close']);
    expect(calls[1][1]).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(dispatched.count).toBe(0);
  });

  it('hands close() while connecting to the route as ERR_CLOSED_DURING_HANDSHAKE, then a close with 1006', async () => {
    const silent = await startRawServer(() => {}); // accepts, never answers the Upgrade
    cleanup.push(silent.close);
    const { ws, dispatched, calls, closed } = openRouted(silent.port);
    ws.close();
    await closed;
    expect(calls.map(([name]) => name)).toEqual(['error', 'close']);
    expect(calls[0][1]).toMatchObject({ code: 'ERR_CLOSED_DURING_HANDSHAKE' });
    expect(calls[1][1]).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(dispatched.count).toBe(0);
  });

  it('reports an error the close receiver throws as an uncaught exception, after the socket is closed', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    await withUncaughtCaptured(async (reported) => {
      const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`);
      let opened = false;
      routeEvents(ws, { onOpen: () => (opened = true), onMessage() {}, onActivity() {}, onError() {}, onClose() { throw new Error('close receiver failed'); } });
      await vi.waitUntil(() => opened, { timeout: 5000 });
      ws.close();
      await vi.waitUntil(() => reported.length > 0, { timeout: 5000 });
      expect(ws.readyState).toBe(WebSocket.CLOSED);
      expect(reported.map((error) => (error as Error).message)).toEqual(['close receiver failed']);
    });
  });

  it('reports an error the open receiver throws as an uncaught exception and still opens', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    await withUncaughtCaptured(async (reported) => {
      const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`);
      cleanup.unshift(async () => ws.close());
      const messages = collector(1);
      routeEvents(ws, { onOpen() { throw new Error('open receiver failed'); }, onMessage: messages.push, onActivity() {}, onError() {}, onClose() {} });
      await vi.waitUntil(() => ws.readyState === WebSocket.OPEN, { timeout: 5000 });
      ws.send('still here');
      expect(await messages.done).toEqual(['still here']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported.map((error) => (error as Error).message)).toEqual(['open receiver failed']);
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
