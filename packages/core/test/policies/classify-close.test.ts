import { describe, expect, it } from 'vitest';
import { classifyClose, parseRetryAfter, type CloseInfo } from '../../src/policies/index.js';

const server = (code: number, reason = ''): CloseInfo => ({ kind: 'server-close', code, reason });
const handshake = (status: number, headers: Record<string, string> = {}): CloseInfo => ({ kind: 'handshake', status, headers });

const table: [string, CloseInfo, 'retry' | 'stop', number | undefined][] = [
  ['clean close by us', { kind: 'user-close' }, 'stop', undefined],
  ['1000 from the server', server(1000), 'retry', undefined],
  ['1001 from the server', server(1001), 'retry', undefined],
  ['1008 policy violation', server(1008), 'stop', undefined],
  ['4001 unauthorized-style code', server(4001), 'stop', undefined],
  ['4003 forbidden-style code', server(4003), 'stop', undefined],
  ['4401 auth code', server(4401), 'stop', undefined],
  ['4403 auth code', server(4403), 'stop', undefined],
  ['4000 application code', server(4000), 'retry', undefined],
  ['4999 application code', server(4999), 'retry', undefined],
  ['1011 internal error', server(1011), 'retry', undefined],
  ['1002 protocol error', server(1002), 'retry', undefined],
  ['3000 registered code', server(3000), 'retry', undefined],
  ['1012 service restart', server(1012), 'retry', 5000],
  ['1013 try again later', server(1013), 'retry', 5000],
  ['handshake 401', handshake(401), 'stop', undefined],
  ['handshake 403', handshake(403), 'stop', undefined],
  ['handshake 404', handshake(404), 'stop', undefined],
  ['handshake 429 without Retry-After', handshake(429), 'retry', undefined],
  ['handshake 503 with Retry-After: 7', handshake(503, { 'retry-after': '7' }), 'retry', 7000],
  ['handshake 429 with Retry-After: 120 (capped)', handshake(429, { 'retry-after': '120' }), 'retry', 30000],
  ['handshake 500', handshake(500), 'retry', undefined],
  ['handshake failure without a status', handshake(0), 'retry', undefined],
  ['network error', { kind: 'network', code: 1006 }, 'retry', undefined],
  ['heartbeat timeout', { kind: 'heartbeat' }, 'retry', undefined],
];

describe('classifyClose', () => {
  it.each(table)('%s → %s', (_name, info, action, delayHintMs) => {
    const decision = classifyClose(info, { nowEpochMs: 0 });
    expect(decision.action).toBe(action);
    expect(decision.delayHintMs).toBe(delayHintMs);
    expect(decision.reason).toBeTypeOf('string');
  });

  it('lets shouldReconnect decide for 1008 and 4000–4999 only', () => {
    const calls: number[] = [];
    const shouldReconnect = (info: { code: number }) => (calls.push(info.code), info.code === 1008);
    expect(classifyClose(server(1008), { shouldReconnect }).action).toBe('retry');
    expect(classifyClose(server(4500), { shouldReconnect }).action).toBe('stop');
    expect(classifyClose(server(1000), { shouldReconnect }).action).toBe('retry');
    expect(classifyClose(server(1011), { shouldReconnect }).action).toBe('retry');
    expect(calls).toEqual([1008, 4500]);
  });

  it('passes the reason to shouldReconnect', () => {
    let seen = '';
    classifyClose(server(4100, 'token expired'), { shouldReconnect: (info) => ((seen = info.reason), true) });
    expect(seen).toBe('token expired');
  });

  it('waits restartDelayMs after 1012', () => {
    expect(classifyClose(server(1012), { restartDelayMs: 9000 }).delayHintMs).toBe(9000);
  });

  it('honours an HTTP-date Retry-After against the given wall clock', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    const info = handshake(503, { 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' });
    expect(classifyClose(info, { nowEpochMs: now }).delayHintMs).toBe(10_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates, and ignores anything else', () => {
    expect(parseRetryAfter('0', 0)).toBe(0);
    expect(parseRetryAfter(' 12 ', 0)).toBe(12_000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('', 0)).toBeUndefined();
    expect(parseRetryAfter('-5', 0)).toBeUndefined();
    expect(parseRetryAfter('1.5', 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
  });
});
