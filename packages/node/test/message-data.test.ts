import { describe, expect, it } from 'vitest';
import { toMessageData } from '../src/binary-data.js';

describe('what a binary message becomes for binaryType "arraybuffer"', () => {
  it('is an ArrayBuffer of exactly the payload bytes when the payload is a window onto a bigger buffer', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const data = toMessageData(backing.subarray(2, 5), 'arraybuffer');
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(data as ArrayBuffer)]).toEqual([1, 2, 3]);
  });

  it('does not change when the buffer it was copied from is reused', () => {
    const backing = Buffer.from([7, 1, 2, 3, 7]);
    const data = toMessageData(backing.subarray(1, 4), 'arraybuffer') as ArrayBuffer;
    backing.fill(0);
    expect([...new Uint8Array(data)]).toEqual([1, 2, 3]);
  });

  it('hands over the buffer itself when the payload spans all of it', () => {
    const whole = new Uint8Array([4, 5, 6]);
    expect(toMessageData(whole, 'arraybuffer')).toBe(whole.buffer);
  });
});
