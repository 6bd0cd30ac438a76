import { describe, expect, it } from 'vitest';
import { WeftError } from '../../src/errors/index.js';
import { HandshakeError } from '../../src/errors/index.js';
import { flushMicrotasks } from './fake-factory.js';
import { socketRuntime } from '../../src/client/index.js';
import { startClient } from './setup.js';

describe('connect(): reconnection', () => {
  it('starts connecting at once and resolves opened on the first open', async () => {
    const { factory, socket, events } = startClient();
    expect(socket.state).toBe('connecting');
    expect(factory.connections).toHaveLength(1);
    factory.last.acceptOpen('chat');
    await expect(socket.opened).resolves.toBeUndefined();
    expect(socket.state).toBe('open');
    expect(events).toEqual(['state:open', 'open']);
  });

  it('retries the first connect like any other', async () => {
    const { clock, factory, socket, events } = startClient();
    factory.last.drop();
    expect(socket.state).toBe('reconnecting');
    expect(events).toEqual(['error', 'state:reconnecting', 'close:1006+retry', 'reconnecting:250']);
    clock.advance(249);
    expect(factory.connections).toHaveLength(1);
    clock.advance(1);
    expect(factory.connections).toHaveLength(2);
    factory.last.acceptOpen();
    await expect(socket.opened).resolves.toBeUndefined();
  });

  it('backs off exponentially across failed attempts', () => {
    const { clock, factory, events } = startClient();
    for (let i = 0; i < 4; i++) {
      factory.last.drop();
      clock.advance(clock.nextTimerAt()! - clock.now());
    }
    expect(events.filter((e) => e.startsWith('reconnecting'))).toEqual(['reconnecting:250', 'reconnecting:500', 'reconnecting:1000', 'reconnecting:2000']);
  });

  it('reconnects after the server closes with 1000 or 1001', () => {
    const { clock, factory, socket } = startClient();
    factory.last.acceptOpen();
    factory.last.closeFromServer(1001, 'going away');
    expect(socket.state).toBe('reconnecting');
    clock.advance(250);
    expect(factory.connections).toHaveLength(2);
  });

  it('does not reconnect after 1008 and leaves no timer behind', async () => {
    const { clock, factory, socket, events } = startClient();
    factory.last.acceptOpen();
    factory.last.closeFromServer(1008, 'bad token');
    expect(socket.state).toBe('closed');
    expect(events.slice(-2)).toEqual(['state:closed', 'close:1008']);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(60_000);
    expect(factory.connections).toHaveLength(1);
    expect(factory.unwatched).toBe(1);
  });

  it('lets shouldReconnect override the default for application codes', () => {
    const { clock, factory } = startClient({ reconnect: { shouldReconnect: ({ code }) => code !== 4500 } });
    factory.last.acceptOpen();
    factory.last.closeFromServer(4401);
    clock.advance(250);
    expect(factory.connections).toHaveLength(2);
    factory.last.acceptOpen();
    factory.last.closeFromServer(4500);
    clock.advance(60_000);
    expect(factory.connections).toHaveLength(2);
  });

  it('rejects opened with ERR_CONNECTION_FAILED when retries are exhausted', async () => {
    const { clock, factory, socket } = startClient({ reconnect: { retries: 2 } });
    factory.last.drop();
    clock.advance(250);
    factory.last.drop();
    clock.advance(500);
    factory.last.drop();
    const error = await socket.opened.then(() => undefined, (e: unknown) => e);
    expect(WeftError.isWeftError(error) && error.code).toBe('ERR_CONNECTION_FAILED');
    expect((error as Error).message).toMatch(/gave up after 2 retries/);
    expect(factory.connections).toHaveLength(3);
    expect(socket.state).toBe('closed');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops on a handshake 401 and keeps the HandshakeError as the cause', async () => {
    const { clock, factory, socket } = startClient();
    factory.last.drop(new HandshakeError('ERR_HANDSHAKE_STATUS', 'unexpected 401', { status: 401 }));
    const error = (await socket.opened.catch((e: unknown) => e)) as WeftError;
    expect(error.code).toBe('ERR_CONNECTION_FAILED');
    expect((error.cause as HandshakeError).status).toBe(401);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits for Retry-After after a handshake 503, then connects', async () => {
    const { clock, factory, socket, events } = startClient();
    factory.last.drop(new HandshakeError('ERR_HANDSHAKE_STATUS', 'unexpected 503', { status: 503, headers: { 'retry-after': '3' } }));
    expect(events.at(-1)).toBe('reconnecting:3250');
    clock.advance(3249);
    expect(factory.connections).toHaveLength(1);
    clock.advance(1);
    factory.last.acceptOpen();
    await expect(socket.opened).resolves.toBeUndefined();
  });

  it('retries a refused handshake like a network failure with the socket runtime (no HTTP status in browsers)', () => {
    const { factory, events } = startClient({}, undefined, false, socketRuntime);
    factory.last.drop(new HandshakeError('ERR_HANDSHAKE_STATUS', 'unexpected 401', { status: 401 }));
    expect(events.at(-1)).toBe('reconnecting:250');
  });

  it('re-evaluates a url function on every attempt', async () => {
    let n = 0;
    const { clock, factory } = startClient({}, () => `ws://example.test/?token=${++n}`);
    factory.last.drop();
    clock.advance(250);
    factory.last.acceptOpen();
    factory.last.closeFromServer(1000);
    clock.advance(500);
    expect(factory.connections.map((c) => c.url)).toEqual([
      'ws://example.test/?token=1',
      'ws://example.test/?token=2',
      'ws://example.test/?token=3',
    ]);
  });

  it('awaits an async url function before opening, and retries when it fails', async () => {
    let calls = 0;
    const url = async () => {
      calls++;
      if (calls === 1) throw new Error('token service down');
      return 'ws://example.test/async';
    };
    const { clock, factory, events } = startClient({}, url);
    await flushMicrotasks();
    expect(factory.connections).toHaveLength(0);
    expect(events).toContain('reconnecting:250');
    clock.advance(250);
    await flushMicrotasks();
    expect(factory.last.url).toBe('ws://example.test/async');
  });

  it('never reconnects with reconnect: false', async () => {
    const { clock, factory, socket } = startClient({ reconnect: false });
    factory.last.drop();
    await expect(socket.opened).rejects.toMatchObject({ code: 'ERR_CONNECTION_FAILED' });
    clock.advance(60_000);
    expect(factory.connections).toHaveLength(1);
  });

  it('waits at least 5 s after 1012 (service restart)', () => {
    const { clock, factory } = startClient();
    factory.last.acceptOpen();
    factory.last.closeFromServer(1012);
    clock.advance(5000);
    expect(factory.connections).toHaveLength(1);
    clock.advance(250);
    expect(factory.connections).toHaveLength(2);
  });

  it('reconnects at once when the environment says so (online event)', () => {
    const { factory } = startClient();
    factory.last.drop();
    expect(factory.control!.isSuspect()).toBe(true);
    factory.control!.reconnectNow();
    expect(factory.connections).toHaveLength(2);
  });

  it('ignores events from a connection it has abandoned', () => {
    const { clock, factory, socket } = startClient();
    const first = factory.last;
    first.drop();
    clock.advance(250);
    first.acceptOpen();
    first.receive('stale');
    expect(socket.state).toBe('reconnecting');
  });
});
