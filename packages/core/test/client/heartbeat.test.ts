import { describe, expect, it } from 'vitest';
import { startClient } from './setup.js';

const heartbeat = { intervalMs: 1000, timeoutMs: 500 };

describe('connect(): heartbeat', () => {
  it('sends the application ping after an idle interval and swallows the pong', () => {
    const { clock, factory, socket } = startClient({ heartbeat });
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(data));
    factory.last.acceptOpen();
    clock.advance(999);
    expect(factory.last.sent).toEqual([]);
    clock.advance(1);
    expect(factory.last.sent).toEqual(['ping']);
    factory.last.receive('pong');
    clock.advance(999);
    expect(socket.state).toBe('open');
    clock.advance(1);
    expect(factory.last.sent).toEqual(['ping', 'ping']);
    factory.last.receive('pong');
    expect(messages).toEqual([]);
  });

  it('declares a silent connection dead within interval + timeout and reconnects', () => {
    const { clock, factory, socket, events } = startClient({ heartbeat });
    const first = factory.last;
    first.acceptOpen();
    clock.advance(1499);
    expect(socket.state).toBe('open');
    clock.advance(1);
    expect(socket.state).toBe('reconnecting');
    expect(first.closedWith).toEqual({ code: 4000, reason: 'heartbeat timeout' });
    expect(events).toContain('close:1006+retry');
    clock.advance(250);
    expect(factory.connections).toHaveLength(2);
  });

  it('counts a probe as answered while an async iterator that is behind has paused reading, and probes again once it reads', async () => {
    const { clock, factory, socket } = startClient({ heartbeat, iteration: { highWaterMark: 2, lowWaterMark: 0 } }, 'ws://example.test/', true);
    factory.last.acceptOpen();
    const iterator = socket[Symbol.asyncIterator]();
    factory.last.receive('1');
    factory.last.receive('2');
    expect(factory.last.isPaused).toBe(true);
    // Far past interval + timeout: the peer's pongs would wait unread, so silence proves nothing.
    clock.advance(10_000);
    expect(socket.state).toBe('open');
    expect(factory.last.pings).toBe(0);
    await iterator.next();
    await iterator.next();
    expect(factory.last.isPaused).toBe(false);
    // Reading again: a silent connection is probed with a ping, then declared dead.
    clock.advance(1000);
    expect(factory.last.pings).toBe(1);
    clock.advance(500);
    expect(socket.state).toBe('reconnecting');
  });

  it('counts any message as liveness: a chatty connection is never probed', () => {
    const { clock, factory } = startClient({ heartbeat });
    factory.last.acceptOpen();
    for (let i = 0; i < 20; i++) {
      clock.advance(600);
      factory.last.receive(`m${i}`);
    }
    expect(factory.last.sent).toEqual([]);
  });

  it('uses protocol pings when the connection has them, and delivers a text "pong" as a message', async () => {
    const { clock, factory, socket } = startClient({ heartbeat }, 'ws://example.test/', true);
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(data));
    factory.last.acceptOpen();
    clock.advance(1000);
    expect(factory.last.pings).toBe(1);
    expect(factory.last.sent).toEqual([]);
    factory.last.answerPings();
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(900);
    expect(socket.state).toBe('open');
    factory.last.receive('pong');
    expect(messages).toEqual(['pong']);
  });

  it('counts protocol activity (pong frames) as liveness', () => {
    const { clock, factory, socket } = startClient({ heartbeat }, 'ws://example.test/', true);
    factory.last.acceptOpen();
    clock.advance(1000);
    factory.last.handlers.onActivity();
    clock.advance(1400);
    expect(socket.state).toBe('open');
  });

  it('uses a custom probe message and pong matcher', () => {
    const { clock, factory, socket } = startClient({
      heartbeat: { ...heartbeat, message: '{"t":"hb"}', isPong: (d) => d === '{"t":"hb-ack"}' },
    });
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(data));
    factory.last.acceptOpen();
    clock.advance(1000);
    expect(factory.last.sent).toEqual(['{"t":"hb"}']);
    factory.last.receive('{"t":"hb-ack"}');
    factory.last.receive('pong');
    expect(messages).toEqual(['pong']);
  });

  it('probes on demand when the page becomes visible after a silence', () => {
    const { clock, factory } = startClient({ heartbeat: { intervalMs: 10_000, timeoutMs: 500 } });
    factory.last.acceptOpen();
    clock.advance(3000);
    expect(factory.control!.isSuspect()).toBe(false);
    factory.control!.probe();
    expect(factory.last.sent).toEqual(['ping']);
    clock.advance(500);
    expect(factory.connections).toHaveLength(1);
    expect(factory.last.terminated || factory.last.closedWith !== undefined).toBe(true);
  });

  it('sends nothing and sets no timer with heartbeat: false', () => {
    const { clock, factory } = startClient({ heartbeat: false });
    factory.last.acceptOpen();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(120_000);
    expect(factory.last.sent).toEqual([]);
  });

  it('does not declare death when the host was suspended: it probes again first', () => {
    const { clock, factory, socket } = startClient({ heartbeat: { ...heartbeat, lateToleranceMs: 100 } });
    factory.last.acceptOpen();
    clock.advance(1000);
    expect(factory.last.sent).toEqual(['ping']);
    clock.jumpTo(60_000);
    expect(socket.state).toBe('open');
    expect(factory.last.sent).toEqual(['ping', 'ping']);
    factory.last.receive('pong');
    clock.advance(600);
    expect(socket.state).toBe('open');
  });
});
