import { describe, expect, it } from 'vitest';
import { readTimeOrNow, processRead } from '../src/read-time.js';

describe('the time of the read being processed (message time stamps, the connect() clock)', () => {
  it('gives every message of one read the time the read started', () => {
    const stamps: number[] = [];
    const before = performance.now();
    processRead((count: number) => {
      for (let i = 0; i < count; i++) stamps.push(readTimeOrNow());
    }, undefined, 3);
    expect(new Set(stamps).size).toBe(1);
    expect(stamps[0]).toBeGreaterThanOrEqual(before);
  });

  it('is now outside a read, and the read ends even when its work throws', () => {
    expect(() => processRead(() => { throw new Error('boom'); }, undefined, 0)).toThrow('boom');
    const a = readTimeOrNow();
    const b = readTimeOrNow();
    expect(b).toBeGreaterThanOrEqual(a);
  });
});
