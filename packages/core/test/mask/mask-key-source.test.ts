import { describe, expect, it } from 'vitest';
import { MaskKeySource } from '../../src/mask/index.js';

/** A deterministic fillRandom that counts its calls and writes a different byte each time. */
function countingRandom() {
  const calls: number[] = [];
  const fill = (target: Uint8Array) => {
    calls.push(target.length);
    for (let i = 0; i < target.length; i++) target[i] = (i + calls.length * 17) & 0xff;
  };
  return { fill, calls };
}

describe('MaskKeySource', () => {
  it('draws 4 KiB of random bytes per fillRandom call by default and hands out 1024 keys from it', () => {
    const random = countingRandom();
    const source = new MaskKeySource(random.fill);
    expect(random.calls).toEqual([]);
    const keys = Array.from({ length: 1024 }, () => source.next());
    expect(random.calls).toEqual([4096]);
    expect(keys[0]).toEqual(Uint8Array.of(17, 18, 19, 20));
    expect(keys[1023]).toEqual(Uint8Array.of(17 + 4092 & 0xff, 17 + 4093 & 0xff, 17 + 4094 & 0xff, 17 + 4095 & 0xff));
    source.next();
    expect(random.calls).toEqual([4096, 4096]);
  });

  it('hands out copies that a later refill of the pool does not change', () => {
    const random = countingRandom();
    const source = new MaskKeySource(random.fill, 8);
    const first = source.next();
    const snapshot = first.slice();
    source.next();
    source.next(); // refills the pool
    expect(random.calls).toHaveLength(2);
    expect(first).toEqual(snapshot);
    expect(first.length).toBe(4);
    expect(first.buffer.byteLength).toBe(4);
  });

  it('gives keys that the caller may modify without affecting later keys', () => {
    const source = new MaskKeySource((t) => t.fill(5), 8);
    source.next().fill(0);
    expect(source.next()).toEqual(Uint8Array.of(5, 5, 5, 5));
  });

  it.each([0, 3, 6, -4, 4.5, Number.NaN])('rejects poolBytes %s with a TypeError', (poolBytes) => {
    expect(() => new MaskKeySource(() => {}, poolBytes)).toThrow(TypeError);
  });

  it('rejects a fillRandom that is not a function', () => {
    expect(() => new MaskKeySource(undefined as unknown as (t: Uint8Array) => void)).toThrow(TypeError);
  });
});
