import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { copyBytes } from '../../src/bytes/index.js';

describe('copyBytes', () => {
  it('copies a Node Buffer into memory of its own, unaffected when the Buffer is overwritten', () => {
    const source = Buffer.from([1, 2, 3, 4]);
    const copy = copyBytes(source);
    source.fill(0);
    expect(copy.buffer).not.toBe(source.buffer);
    expect([...copy]).toEqual([1, 2, 3, 4]);
  });

  it('returns a plain Uint8Array, not a Buffer, whose buffer holds exactly the copied bytes', () => {
    const copy = copyBytes(Buffer.from('hello'));
    expect(Buffer.isBuffer(copy)).toBe(false);
    expect(copy).toBeInstanceOf(Uint8Array);
    expect([copy.byteOffset, copy.byteLength, copy.buffer.byteLength]).toEqual([0, 5, 5]);
  });

  it('copies only the window of a view, not the rest of its buffer', () => {
    const big = Buffer.alloc(1000, 7);
    big.set([1, 2, 3], 500);
    const copy = copyBytes(big.subarray(500, 503));
    expect([copy.buffer.byteLength, ...copy]).toEqual([3, 1, 2, 3]);
  });

  it('copies an empty view', () => {
    expect(copyBytes(new Uint8Array(8).subarray(4, 4)).length).toBe(0);
  });
});
