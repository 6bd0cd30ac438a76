import { describe, expect, it } from 'vitest';
import type { MessageData } from '../../src/policies/index.js';
import { startClient } from './setup.js';

describe('connect(): close()', () => {
  it('runs the closing handshake when open and resolves when it completes', async () => {
    const { factory, socket, events } = startClient();
    factory.last.acceptOpen();
    const done = socket.close(4000, 'bye');
    expect(socket.state).toBe('closing');
    expect(factory.last.closedWith).toEqual({ code: 4000, reason: 'bye' });
    let resolved = false;
    void done.then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    factory.last.completeClose();
    await done;
    expect(socket.state).toBe('closed');
    expect(events.slice(-2)).toEqual(['state:closed', 'close:4000']);
  });

  it('during reconnecting stops everything and leaves no pending timers', async () => {
    const { clock, factory, socket } = startClient();
    factory.last.acceptOpen();
    factory.last.drop();
    expect(clock.pendingTimers()).toBe(1);
    await socket.close();
    expect(socket.state).toBe('closed');
    expect(clock.pendingTimers()).toBe(0);
    expect(factory.unwatched).toBe(1);
    clock.advance(120_000);
    expect(factory.connections).toHaveLength(1);
  });

  it('while connecting abandons the attempt and rejects opened with ERR_CLOSED_BEFORE_OPEN', async () => {
    const { factory, socket } = startClient();
    const attempt = factory.last;
    await socket.close();
    expect(attempt.closedWith).toEqual({ code: 1000, reason: '' });
    await expect(socket.opened).rejects.toMatchObject({ code: 'ERR_CLOSED_BEFORE_OPEN' });
    attempt.acceptOpen();
    expect(socket.state).toBe('closed');
  });

  it('reports queued messages through unsent, oldest first', async () => {
    const { factory, socket } = startClient();
    factory.last.drop();
    socket.send('a');
    socket.send(new Uint8Array([1]));
    let unsent: MessageData[] = [];
    socket.on('unsent', (messages) => (unsent = messages));
    await socket.close();
    expect(unsent).toEqual(['a', new Uint8Array([1])]);
    expect(socket.bufferedAmount).toBe(0);
  });

  it('reports queued messages as unsent when the client gives up', () => {
    const { factory, socket } = startClient({ reconnect: { retries: 0 } });
    socket.send('lost');
    let unsent: MessageData[] = [];
    socket.on('unsent', (messages) => (unsent = messages));
    factory.last.drop();
    expect(unsent).toEqual(['lost']);
  });

  it('is idempotent and never reconnects afterwards', async () => {
    const { clock, factory, socket } = startClient();
    factory.last.acceptOpen();
    const first = socket.close();
    expect(socket.close()).toBe(first);
    factory.last.completeClose();
    await first;
    await socket.close();
    clock.advance(120_000);
    expect(factory.connections).toHaveLength(1);
  });

  it('does not reconnect when the connection drops while closing', async () => {
    const { clock, factory, socket } = startClient();
    factory.last.acceptOpen();
    const done = socket.close();
    factory.last.drop();
    await done;
    clock.advance(60_000);
    expect(factory.connections).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('validates code and reason at once', () => {
    const { socket } = startClient();
    expect(() => socket.close(1006)).toThrow(RangeError);
    expect(() => socket.close(2999)).toThrow(RangeError);
    expect(() => socket.close(1000, 'x'.repeat(124))).toThrow(RangeError);
    expect(() => socket.close(1000, 'é'.repeat(62))).toThrow(/124 bytes/);
    expect(socket.state).toBe('connecting');
  });

  it('ends async iteration cleanly', async () => {
    const { factory, socket } = startClient();
    factory.last.acceptOpen();
    const seen: MessageData[] = [];
    const loop = (async () => {
      for await (const data of socket) seen.push(data);
    })();
    factory.last.receive('x');
    const done = socket.close();
    factory.last.completeClose();
    await done;
    await loop;
    expect(seen).toEqual(['x']);
  });
});
