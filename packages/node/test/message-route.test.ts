import { describe, expect, it } from 'vitest';
import { connect } from '../src/connect.js';
import { routeMessages, WebSocket } from '../src/websocket.js';
import { nextEvent, startEchoServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

async function openEchoSocket(): Promise<WebSocket> {
  const echo = await startEchoServer();
  cleanup.push(echo.close);
  const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`);
  await nextEvent(ws, 'open');
  return ws;
}

function receive(count: number, into: unknown[]): Promise<void> {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (into.length < count) return;
      clearInterval(check);
      resolve();
    }, 2);
  });
}

describe('messages routed past the event layer (the WebSocket connect() keeps to itself)', () => {
  it('hands text as strings and binary as Buffers to the route, and dispatches no message event', async () => {
    const ws = await openEchoSocket();
    const routed: unknown[] = [];
    let events = 0;
    ws.addEventListener('message', () => events++);
    routeMessages(ws, (data) => routed.push(data));
    ws.send('text');
    ws.send(new Uint8Array([1, 2, 3]));
    await receive(2, routed);
    expect(routed[0]).toBe('text');
    expect(Buffer.isBuffer(routed[1])).toBe(true);
    expect([...(routed[1] as Buffer)]).toEqual([1, 2, 3]);
    expect(events).toBe(0);
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('reports an error the route throws as an uncaught exception and keeps delivering', async () => {
    const ws = await openEchoSocket();
    const reported: unknown[] = [];
    const routed: unknown[] = [];
    process.setUncaughtExceptionCaptureCallback((error) => reported.push(error));
    try {
      routeMessages(ws, (data) => {
        routed.push(data);
        if (data === 'boom') throw new Error('route failed');
      });
      ws.send('boom');
      ws.send('after');
      await receive(2, routed);
      expect(routed).toEqual(['boom', 'after']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported.map((error) => (error as Error).message)).toEqual(['route failed']);
      ws.close();
      await nextEvent(ws, 'close');
    } finally {
      process.setUncaughtExceptionCaptureCallback(null);
    }
  });

  it('connect() delivers text as strings and binary as Buffers to on("message") listeners', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    const socket = connect(`ws://127.0.0.1:${echo.port}/`, { reconnect: false });
    cleanup.push(() => socket.close());
    const seen: unknown[] = [];
    socket.on('message', (data) => seen.push(data));
    await socket.opened;
    socket.send('hello');
    socket.send(new Uint8Array([9, 8]));
    await receive(2, seen);
    expect(seen[0]).toBe('hello');
    expect(Buffer.isBuffer(seen[1])).toBe(true);
    expect([...(seen[1] as Buffer)]).toEqual([9, 8]);
  });
});
