// Attack: a proxy that drips its CONNECT answer one byte at a time. Reading it must cost linear
// time in its size (16n bytes ≈ 16× the CPU of n bytes; quadratic would be 256×).
import { describe, expect, it } from 'vitest';
import { ProxyResponseReader } from '../../src/proxy-response.js';
import { LINEAR_GROWTH_LIMIT, growthRatio } from '../../../core/test/fuzz/growth.js';

function dripHead(head: Buffer): void {
  const reader = new ProxyResponseReader();
  for (let at = 0; at < head.length; at++) {
    if (reader.push(head.subarray(at, at + 1)) !== undefined) return;
  }
  throw new Error('head never completed');
}

describe('a proxy CONNECT answer dripped one byte at a time', () => {
  it('is read in linear time', () => {
    const make = (n: number) => Buffer.from(`HTTP/1.1 200 OK\r\nX-Pad: ${'a'.repeat(n)}\r\n\r\n`, 'latin1');
    expect(growthRatio(make, dripHead, 1_000)).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  it('hands over the bytes after the head', () => {
    const reader = new ProxyResponseReader();
    expect(reader.push(Buffer.from('HTTP/1.0 200 Connection established\r\n'))).toBeUndefined();
    const response = reader.push(Buffer.from('\r\nhello'));
    expect(response?.status).toBe(200);
    expect(Buffer.from(response!.trailing).toString()).toBe('hello');
  });
});
