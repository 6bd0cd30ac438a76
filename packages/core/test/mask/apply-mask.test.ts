import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMask, applyMaskNaive } from '../../src/mask/index.js';

const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

/** A view of `length` bytes at `byteOffset` inside a larger buffer, filled with a pattern. */
function viewAt(byteOffset: number, length: number, seed: number): Uint8Array {
  const view = new Uint8Array(new ArrayBuffer(byteOffset + length + 7), byteOffset, length);
  for (let i = 0; i < length; i++) view[i] = (i * 151 + seed) & 0xff;
  return view;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function naive(source: Uint8Array, keyOffset: number): Uint8Array {
  const out = new Uint8Array(source.length);
  for (let i = 0; i < source.length; i++) out[i] = source[i] ^ key[(keyOffset + i) % 4];
  return out;
}

describe('applyMask equals the naive XOR', () => {
  const byteOffsets = [0, 1, 2, 3, 4, 5, 7];

  it('for every length 0..64, key offset 0..3 and source/target byteOffset, into another buffer', () => {
    const failures: object[] = [];
    for (let length = 0; length <= 64; length++) {
      for (let keyOffset = 0; keyOffset < 4; keyOffset++) {
        for (const sourceOffset of byteOffsets) {
          for (const targetOffset of byteOffsets) {
            const source = viewAt(sourceOffset, length, length + keyOffset);
            const before = source.slice();
            const target = viewAt(targetOffset, length, 99);
            applyMask(source, key, target, keyOffset);
            const expected = naive(before, keyOffset);
            const whole = new Uint8Array(target.buffer);
            const outside = [...whole.subarray(0, targetOffset), ...whole.subarray(targetOffset + length)];
            // Compared by hand: 12 740 cases of expect().toEqual() on typed arrays take seconds.
            if (!sameBytes(target, expected) || !sameBytes(source, before) || outside.some((b) => b !== 0)) {
              failures.push({ length, keyOffset, sourceOffset, targetOffset });
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('for every length 0..64, key offset 0..3 and byteOffset, in place', () => {
    for (let length = 0; length <= 64; length++) {
      for (let keyOffset = 0; keyOffset < 4; keyOffset++) {
        for (const byteOffset of byteOffsets) {
          const data = viewAt(byteOffset, length, length);
          const expected = naive(data, keyOffset);
          applyMask(data, key, data, keyOffset);
          expect(data).toEqual(expected);
        }
      }
    }
  });

  it('for random data, keys, offsets and lengths up to 5000 bytes, in place or not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 5000 }),
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        fc.nat(),
        fc.nat(7),
        fc.nat(7),
        fc.boolean(),
        (bytes, maskKey, keyOffset, sourceOffset, targetOffset, inPlace) => {
          const source = new Uint8Array(new ArrayBuffer(bytes.length + sourceOffset), sourceOffset);
          source.set(bytes);
          const target = inPlace ? source : new Uint8Array(new ArrayBuffer(bytes.length + targetOffset), targetOffset);
          const expected = new Uint8Array(bytes.length);
          applyMaskNaive(bytes, maskKey, expected, keyOffset);
          applyMask(source, maskKey, target, keyOffset);
          expect(target).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('masks a payload piece by piece when keyOffset is the piece\'s position', () => {
    const data = viewAt(0, 1000, 3);
    const whole = naive(data, 0);
    const pieces = new Uint8Array(1000);
    for (const [start, end] of [[0, 37], [37, 38], [38, 500], [500, 1000]]) {
      applyMask(data.subarray(start, end), key, pieces.subarray(start, end), start);
    }
    expect(pieces).toEqual(whole);
  });

  it('unmasks what it masked', () => {
    const data = viewAt(3, 300, 1);
    const original = data.slice();
    applyMask(data, key, data);
    applyMask(data, key, data);
    expect(data).toEqual(original);
  });
});

describe('the mask functions reject caller misuse with a TypeError', () => {
  const cases: [string, () => void][] = [
    ['a 3-byte key', () => applyMask(new Uint8Array(4), Uint8Array.of(1, 2, 3), new Uint8Array(4))],
    ['a key given as an array', () => applyMask(new Uint8Array(4), [1, 2, 3, 4] as unknown as Uint8Array, new Uint8Array(4))],
    ['a target shorter than the source', () => applyMask(new Uint8Array(4), key, new Uint8Array(3))],
    ['a source that is not a Uint8Array', () => applyMask(null as unknown as Uint8Array, key, new Uint8Array(3))],
    ['a negative keyOffset', () => applyMask(new Uint8Array(4), key, new Uint8Array(4), -1)],
    ['a fractional keyOffset', () => applyMaskNaive(new Uint8Array(4), key, new Uint8Array(4), 0.5)],
  ];
  it.each(cases)('for %s', (_name, action) => {
    expect(action).toThrow(TypeError);
  });
});
