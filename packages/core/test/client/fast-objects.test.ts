import { describe, expect, it } from 'vitest';
import { createHeartbeatPolicy, createReconnectPolicy } from '../../src/policies/index.js';
import { startClient } from './setup.js';

/** Own accessor properties of `value`: V8 builds an object literal with any in dictionary mode. */
function ownGetters(value: object): string[] {
  return Object.entries(Object.getOwnPropertyDescriptors(value))
    .filter(([, descriptor]) => descriptor.get !== undefined || descriptor.set !== undefined)
    .map(([name]) => name);
}

describe('connect(): objects made per connection stay plain (no getters of their own)', () => {
  it('the socket reads bufferedAmount through its prototype and keeps state as data', () => {
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

  it('the heartbeat and reconnect planners expose probing and attempts as data properties', () => {
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
  });
});
