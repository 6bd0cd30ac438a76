/**
 * Exit behaviour (issue 3 §6, RFC 6455 §7.1.1): whatever the server does after the close, the
 * client reports `close` within closeTimeoutMs and leaves no socket or timer that would keep the
 * process alive — so the testee ("exit when the connection closes") exits by itself.
 */
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from '../../src/index.js';
import { computeAcceptValue } from '../conformance/harness/handshake.js';
import { Op, buildFrame, close, ping, text } from '../conformance/harness/frame-builder.js';
import { withTimeout } from '../conformance/harness/testee.js';
import { startEchoSession, stopEchoSessions, type EchoSession } from './support/echo-session.js';

const CLOSE_TIMEOUT_MS = 300;
let session: EchoSession;
afterEach(stopEchoSessions);

/** TCP sockets and timers alive in this process, to compare before and after a session. */
function liveHandles(): { sockets: number; timers: number } {
  const kinds = process.getActiveResourcesInfo();
  return { sockets: kinds.filter((k) => k === 'TCPSocketWrap').length, timers: kinds.filter((k) => k === 'Timeout').length };
}

async function expectClosedInTime(s: EchoSession, startedAt: number): Promise<{ code: number; wasClean: boolean }> {
  const event = await withTimeout(s.closed, CLOSE_TIMEOUT_MS + 1500, 'the close event');
  expect(Date.now() - startedAt).toBeLessThan(CLOSE_TIMEOUT_MS + 1000);
  return event;
}

async function start(): Promise<EchoSession> {
  session = await startEchoSession({ maxMessageBytes: 64 * 2 ** 20, closeTimeoutMs: CLOSE_TIMEOUT_MS });
  return session;
}

describe('the client is gone within closeTimeoutMs after the close', () => {
  it('when the server keeps TCP open and keeps sending pings and data after the closing handshake', async () => {
    const s = await start();
    const startedAt = Date.now();
    await s.conn.write(close(1000));
    const flood = setInterval(() => {
      if (!s.conn.socket.destroyed) s.conn.socket.write(Buffer.concat([ping('x'), text('still here')]));
    }, 20);
    try {
      const event = await expectClosedInTime(s, startedAt);
      expect(event).toMatchObject({ code: 1000, wasClean: true });
      const sent = s.conn.events.map((e) => e.type);
      expect(sent, 'nothing after the echoed close').toEqual(['close']);
      await withTimeout(s.conn.tcpClosed, 1000, 'the client to drop TCP');
    } finally {
      clearInterval(flood);
    }
  });

  it('when the server half-closes right after its close frame but never reads', async () => {
    const s = await start();
    const startedAt = Date.now();
    s.conn.socket.pause();
    s.conn.socket.end(close(1001, 'bye'));
    const event = await expectClosedInTime(s, startedAt);
    expect(event).toMatchObject({ code: 1001, wasClean: true });
  });

  it('when the server resets TCP right after its close frame', async () => {
    const s = await start();
    const startedAt = Date.now();
    s.conn.socket.write(close(1000), () => s.conn.socket.resetAndDestroy());
    const event = await expectClosedInTime(s, startedAt);
    expect(event.code).toBe(1000);
  });

  it('when the client failed the connection and the server neither answers nor closes TCP', async () => {
    const s = await start();
    const startedAt = Date.now();
    await s.conn.write(buildFrame({ opcode: Op.Text, payload: 'masked', maskKey: new Uint8Array([1, 2, 3, 4]) }));
    expect((await s.conn.waitForClose(2000)).code).toBe(1002);
    const event = await expectClosedInTime(s, startedAt);
    expect(event.wasClean).toBe(false);
    await withTimeout(s.conn.tcpClosed, 1000, 'the client to drop TCP');
  });

  it('when the server keeps its side of TCP open for good (allowHalfOpen) after the closing handshake', async () => {
    let serverSocket: Socket | undefined;
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      serverSocket = socket;
      socket.on('error', () => undefined);
      let head = '';
      const onHead = (chunk: Buffer): void => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        socket.off('data', onHead);
        socket.on('data', () => undefined);
        const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '';
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAcceptValue(key)}\r\n\r\n`);
        socket.write(close(1000));
      };
      socket.on('data', onHead);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const startedAt = Date.now();
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { closeTimeoutMs: CLOSE_TIMEOUT_MS });
      const event = await withTimeout(new Promise<{ code: number; wasClean: boolean }>((resolve) => {
        ws.onclose = (e) => resolve({ code: e.code, wasClean: e.wasClean });
      }), CLOSE_TIMEOUT_MS + 1500, 'the close event');
      expect(Date.now() - startedAt).toBeLessThan(CLOSE_TIMEOUT_MS + 1000);
      expect(event.code).toBe(1000);
    } finally {
      serverSocket?.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('leaves no socket or timer of its own behind once closed', async () => {
    const before = liveHandles();
    const s = await start();
    await s.conn.write(close(1000));
    await withTimeout(s.closed, CLOSE_TIMEOUT_MS + 1500, 'the close event');
    await s.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = liveHandles();
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
    expect(after.timers).toBeLessThanOrEqual(before.timers);
  });
});
