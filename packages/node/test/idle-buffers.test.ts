import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { IdleBuffers } from '../src/idle-buffers.js';

const buffers = (count: number, length: number): Buffer[] => Array.from({ length: count }, () => Buffer.allocUnsafeSlow(length));

describe('idle buffers', () => {
  it('hands back the buffer put back last under a key first, and counts bytes by key', () => {
    const idle = new IdleBuffers();
    const [a, b] = buffers(2, 100);
    idle.put(100, a);
    idle.put(100, b);
    expect([idle.count(100), idle.bytes, idle.includes(100, a)]).toEqual([2, 200, true]);
    expect(idle.take(100) === b).toBe(true);
    expect(idle.take(100) === a).toBe(true);
    expect([idle.take(100), idle.bytes, idle.count(100)]).toEqual([undefined, 0, 0]);
  });

  it('gives a view of the length asked for when taking by size class, and the buffer itself at its own length', () => {
    const idle = new IdleBuffers();
    const [memory] = buffers(1, 128);
    idle.put(128, memory.subarray(0, 100));
    const view = idle.takeViewOf(128, 120) as Buffer;
    expect([view.buffer === memory.buffer, view.byteOffset, view.length]).toEqual([true, 0, 120]);
    idle.put(128, view);
    expect(idle.takeViewOf(128, 120) === view).toBe(true);
    expect(idle.takeViewOf(128, 120)).toBeUndefined();
  });

  it('keeps every key by default, and with a limit lets go the key put back to least recently, all its buffers and bytes', () => {
    const unbounded = new IdleBuffers();
    for (let key = 1; key <= 50; key++) unbounded.put(key, buffers(1, key)[0]);
    expect(unbounded.bytes).toBe((50 * 51) / 2);

    const idle = new IdleBuffers(2);
    const [a1, a2] = buffers(2, 10);
    const [b] = buffers(1, 20);
    const [c] = buffers(1, 30);
    idle.put(10, a1);
    idle.put(20, b);
    // Putting back under 10 again makes it the most recent: 20 goes when a third key comes.
    idle.put(10, a2);
    expect(idle.bytesDroppedBy(30)).toBe(20);
    expect(idle.bytesDroppedBy(10)).toBe(0);
    idle.put(30, c);
    expect([idle.count(10), idle.count(20), idle.count(30), idle.bytes]).toEqual([2, 0, 1, 50]);
    // Now 10 is the least recent: both its buffers go at once.
    expect(idle.bytesDroppedBy(40)).toBe(20);
    idle.put(40, buffers(1, 40)[0]);
    expect([idle.count(10), idle.bytes]).toEqual([0, 70]);
    idle.clear();
    expect([idle.bytes, idle.count(30), idle.bytesDroppedBy(50)]).toEqual([0, 0, 0]);
  });

  it('refuses a limit that is not a whole number of keys', () => {
    for (const maxKeys of [0, -1, 1.5, Number.NaN]) expect(() => new IdleBuffers(maxKeys)).toThrow(RangeError);
    expect(() => new IdleBuffers(1)).not.toThrow();
  });
});
