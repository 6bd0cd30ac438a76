import { describe, expect, it } from 'vitest';
import { ReconnectPolicy } from '../../src/policies/index.js';

const drop = { kind: 'network' as const };

describe('ReconnectPolicy', () => {
  it('grows the delay per attempt with full jitter', () => {
    const policy = new ReconnectPolicy({}, () => 0.5);
    const delays = [0, 1, 2, 3].map(() => policy.decide(drop, 0));
    expect(delays.map((d) => (d.action === 'retry' ? d.delayMs : -1))).toEqual([250, 500, 1000, 2000]);
    expect(delays.map((d) => (d.action === 'retry' ? d.attempt : -1))).toEqual([0, 1, 2, 3]);
  });

  it('gives up after `retries` retries', () => {
    const policy = new ReconnectPolicy({ retries: 2 }, () => 0);
    expect(policy.decide(drop, 0).action).toBe('retry');
    expect(policy.decide(drop, 0).action).toBe('retry');
    const last = policy.decide(drop, 0);
    expect(last).toMatchObject({ action: 'stop' });
    expect(last.reason).toMatch(/gave up after 2 retries/);
  });

  it('never retries with retries: 0', () => {
    expect(new ReconnectPolicy({ retries: 0 }).decide(drop, 0).action).toBe('stop');
  });

  it('resets the attempt counter after a connection stayed up for minUptimeMs', () => {
    const policy = new ReconnectPolicy({ jitter: 'none', minUptimeMs: 5000 });
    policy.decide(drop, 0);
    policy.decide(drop, 0);
    policy.recordOpen(1000);
    expect(policy.decide(drop, 5999)).toMatchObject({ attempt: 2, delayMs: 2000 });
    policy.recordOpen(10_000);
    expect(policy.decide(drop, 15_000)).toMatchObject({ attempt: 0, delayMs: 500 });
  });

  it('keeps counting when connections flap before minUptimeMs', () => {
    const policy = new ReconnectPolicy({ jitter: 'none' });
    for (let i = 0; i < 3; i++) {
      policy.recordOpen(i * 100);
      policy.decide({ kind: 'server-close', code: 1000, reason: '' }, i * 100 + 50);
    }
    expect(policy.attempts).toBe(3);
  });

  it('stops without consuming a retry when the classification says stop', () => {
    const policy = new ReconnectPolicy();
    expect(policy.decide({ kind: 'server-close', code: 1008, reason: 'bad token' }, 0)).toMatchObject({ action: 'stop' });
    expect(policy.attempts).toBe(0);
  });

  it('waits at least a server hint, with up to minDelayMs of spread, capped by maxDelayMs', () => {
    const policy = new ReconnectPolicy({ maxDelayMs: 8000 }, () => 0.5);
    expect(policy.decide({ kind: 'server-close', code: 1013, reason: '' }, 0)).toMatchObject({ delayMs: 5250 });
    const retryAfter = { kind: 'handshake' as const, status: 503, headers: { 'retry-after': '60' } };
    expect(policy.decide(retryAfter, 0)).toMatchObject({ delayMs: 8250 });
  });

  it('rejects invalid options at construction', () => {
    expect(() => new ReconnectPolicy({ minDelayMs: -1 })).toThrow(RangeError);
    expect(() => new ReconnectPolicy({ factor: 0.5 })).toThrow(RangeError);
    expect(() => new ReconnectPolicy({ jitter: 'some' as never })).toThrow(RangeError);
  });

  it('names the option and the rule in the error', () => {
    expect(() => new ReconnectPolicy({ retries: NaN })).toThrow('reconnect.retries must be a number >= 0; got NaN');
    expect(() => new ReconnectPolicy({ restartDelayMs: -5 })).toThrow('reconnect.restartDelayMs must be a number >= 0; got -5');
    expect(() => new ReconnectPolicy({ minUptimeMs: '1' as never })).toThrow('reconnect.minUptimeMs must be a number >= 0; got 1');
    expect(() => new ReconnectPolicy({ jitter: 'some' as never })).toThrow('reconnect.jitter must be one of full,equal,none; got some');
    expect(() => new ReconnectPolicy({ retries: 0, minDelayMs: 0, maxDelayMs: 0, minUptimeMs: 0, restartDelayMs: 0 })).not.toThrow();
  });
});
