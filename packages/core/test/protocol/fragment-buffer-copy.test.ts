import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { FragmentBuffer } from '../../src/protocol/fragment-buffer.js';

const pattern = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff));

describe('FragmentBuffer', () => {
  it('copies a fragment that is a small view of a big Buffer instead of sharing (and pinning) its memory', () => {
    const read = Buffer.alloc(64 * 1024);
    const bytes = pattern(2000, 1);
    read.set(bytes, 100);
    const fragments = new FragmentBuffer();
    fragments.add(read.subarray(100, 2100));
    const joined = fragments.join();
    expect(joined.buffer).not.toBe(read.buffer);
    expect(joined.buffer.byteLength).toBeLessThan(read.length / 2);
    read.fill(0);
    expect(Buffer.from(joined).equals(bytes)).toBe(true);
  });

  it('keeps the bytes of such a fragment when the Buffer is reused before the message completes', () => {
    const read = Buffer.alloc(64 * 1024);
    const first = pattern(1500, 2);
    const second = pattern(1200, 3);
    const fragments = new FragmentBuffer();
    read.set(first);
    fragments.add(read.subarray(0, first.length));
    read.set(second);
    fragments.add(read.subarray(0, second.length));
    expect(Buffer.from(fragments.join()).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('still keeps a big fragment that fills most of its chunk as a view (no copy)', () => {
    const chunk = new Uint8Array(pattern(3000, 4));
    const fragments = new FragmentBuffer();
    fragments.add(chunk.subarray(0, 2000));
    expect(fragments.join().buffer).toBe(chunk.buffer);
  });

  it('copies even a fragment that fills its chunk with borrowedInput', () => {
    const chunk = new Uint8Array(pattern(3000, 5));
    const fragments = new FragmentBuffer(true);
    fragments.add(chunk.subarray(0, 2000));
    chunk.fill(0);
    const joined = fragments.join();
    expect(joined.buffer).not.toBe(chunk.buffer);
    expect(Buffer.from(joined).equals(pattern(2000, 5))).toBe(true);
  });
});
