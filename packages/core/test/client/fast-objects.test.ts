import { describe, expect, it } from 'vitest';
import { createHeartbeatPolicy, createReconnectPolicy } from '../../src/policies/index.js';
import { startClient } from './setup.js';

/** Own accessor properties of `value`: V8 builds an object literal with any in dictionary mode. */
function ownGetters(value: object): string[] {
  return Object.entries(Object.getOwnPropertyDescriptors(value))
    .filter(([, descriptor]) => descriptor.get !== undefined || descriptor.set !== undefined)
    .map(([name]) => name);
}

describe('connect(): state and bufferedAmount stay current through every transition, from objects without getters of their own', () => {
  it('socket.state and socket.bufferedAmount follow the connection (read through the prototype and a data property)', () => {
    const { factory, socket } = startClient();
    expect(ownGetters(socket)).toEqual([]);
    expect(socket.state).toBe('connecting');
    socket.send('queued');
    expect(socket.bufferedAmount).toBe(6);
    factory.last.acceptOpen();
    expect(socket.state).toBe('open');
    factory.last.bufferedAmount = 42;
    expect(socket.bufferedAmount).toBe(42);
    expect(Object.keys(socket)).not.toContain('bufferedAmount');
  });

  it('planner.probing and planner.attempts follow every probe, answer and retry (data properties; writing attempts changes no decision)', () => {
    const heartbeat = createHeartbeatPolicy({ intervalMs: 100, timeoutMs: 50 });
    const reconnect = createReconnectPolicy({ minDelayMs: 10 }, () => 0.5);
    expect(ownGetters(heartbeat)).toEqual([]);
    expect(ownGetters(reconnect)).toEqual([]);
    heartbeat.start(0);
    expect(heartbeat.tick(100)).toBe('probe');
    expect(heartbeat.probing).toBe(true);
    heartbeat.recordTraffic(110);
    expect(heartbeat.probing).toBe(false);
    expect(heartbeat.probeNow(120)).toBe(true);
    expect(heartbeat.probing).toBe(true);
    heartbeat.stop();
    expect(heartbeat.probing).toBe(false);
    reconnect.decide({ kind: 'network' }, 0);
    reconnect.decide({ kind: 'network' }, 10);
    expect(reconnect.attempts).toBe(2);
    reconnect.recordOpen(20);
    reconnect.decide({ kind: 'network' }, 60_000);
    expect(reconnect.attempts).toBe(1);
    (reconnect as { attempts: number }).attempts = 1_000;
    const next = reconnect.decide({ kind: 'network' }, 60_010);
    expect(next).toMatchObject({ action: 'retry', attempt: 1 });
    expect(reconnect.attempts).toBe(2);
  });

  it('socket.state is already right when connect() returns after a first attempt that failed at once', () => {
    const retrying = startClient({}, () => {
      throw new Error('no address yet');
    });
    expect(retrying.socket.state).toBe('reconnecting');
    const stopped = startClient({ reconnect: false }, () => {
      throw new Error('no address yet');
    });
    expect(stopped.socket.state).toBe('closed');
  });
});
