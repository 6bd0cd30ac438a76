import { describe, expect, it } from 'vitest';
import { HeartbeatPolicy } from '../../src/policies/index.js';

describe('HeartbeatPolicy', () => {
  it('probes after intervalMs of silence and declares death timeoutMs later', () => {
    const policy = new HeartbeatPolicy();
    policy.start(0);
    expect(policy.nextDeadline()).toBe(25_000);
    expect(policy.tick(25_000)).toBe('probe');
    expect(policy.nextDeadline()).toBe(35_000);
    expect(policy.tick(35_000)).toBe('dead');
    expect(policy.nextDeadline()).toBeUndefined();
  });

  it('counts any incoming traffic as liveness and moves the deadline', () => {
    const policy = new HeartbeatPolicy({ intervalMs: 1000, timeoutMs: 500 });
    policy.start(0);
    policy.recordTraffic(800);
    expect(policy.tick(1000)).toBe('idle');
    expect(policy.nextDeadline()).toBe(1800);
    expect(policy.tick(1800)).toBe('probe');
  });

  it('treats traffic after a probe as its answer', () => {
    const policy = new HeartbeatPolicy({ intervalMs: 1000, timeoutMs: 500 });
    policy.start(0);
    expect(policy.tick(1000)).toBe('probe');
    policy.recordTraffic(1000);
    expect(policy.probing).toBe(false);
    expect(policy.tick(1500)).toBe('idle');
    expect(policy.nextDeadline()).toBe(2000);
  });

  it('never declares death on a late timer without a probe first', () => {
    const policy = new HeartbeatPolicy({ intervalMs: 1000, timeoutMs: 500 });
    policy.start(0);
    // The interval timer fires 5 minutes late (background tab): probe, do not die.
    expect(policy.tick(300_000)).toBe('probe');
    expect(policy.tick(300_500)).toBe('dead');
  });

  it('re-probes once when the timeout timer itself fires far too late', () => {
    const policy = new HeartbeatPolicy({ intervalMs: 1000, timeoutMs: 500, lateToleranceMs: 1000 });
    policy.start(0);
    expect(policy.tick(1000)).toBe('probe');
    // Due at 1500, runs at 60 000: the pong may be waiting unread behind this timer.
    expect(policy.tick(60_000)).toBe('probe');
    expect(policy.nextDeadline()).toBe(60_500);
    // Still throttled: one excuse per probe, so this time it is death.
    expect(policy.tick(120_000)).toBe('dead');
  });

  it('accepts a timeout timer that is late within the tolerance as a normal death', () => {
    const policy = new HeartbeatPolicy({ intervalMs: 1000, timeoutMs: 500, lateToleranceMs: 1000 });
    policy.start(0);
    policy.tick(1000);
    expect(policy.tick(2400)).toBe('dead');
  });

  it('is suspect after an interval of silence, and probes on demand once', () => {
    const policy = new HeartbeatPolicy({ intervalMs: 1000, timeoutMs: 500 });
    policy.start(0);
    expect(policy.isSuspect(999)).toBe(false);
    expect(policy.isSuspect(1000)).toBe(true);
    expect(policy.probeNow(400)).toBe(true);
    expect(policy.probeNow(450)).toBe(false);
    expect(policy.nextDeadline()).toBe(900);
    expect(policy.isSuspect(450)).toBe(true);
  });

  it('does nothing once stopped', () => {
    const policy = new HeartbeatPolicy();
    policy.start(0);
    policy.stop();
    expect(policy.tick(1e9)).toBe('idle');
    expect(policy.probeNow(1e9)).toBe(false);
    expect(policy.isSuspect(1e9)).toBe(false);
  });

  it('rejects non-positive timings', () => {
    expect(() => new HeartbeatPolicy({ intervalMs: 0 })).toThrow(RangeError);
    expect(() => new HeartbeatPolicy({ timeoutMs: -1 })).toThrow(RangeError);
    expect(() => new HeartbeatPolicy({ timeoutMs: Infinity })).toThrow(RangeError);
    expect(() => new HeartbeatPolicy({ lateToleranceMs: NaN })).toThrow('heartbeat.lateToleranceMs must be a finite number > 0; got NaN');
    expect(() => new HeartbeatPolicy({ intervalMs: 0 })).toThrow('heartbeat.intervalMs must be a finite number > 0; got 0');
  });
});
