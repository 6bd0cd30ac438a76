import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyMask, maskWithWords, WASM_THRESHOLD } from '../../src/mask/apply-mask.js';
import { createMaskArena, loadWasmMask, maskKeyWord, WASM_MASK_CHUNK_BYTES } from '../../src/mask/wasm-mask.js';

const key = Uint8Array.of(0x9c, 0x05, 0xe3, 0x71);

function viewAt(byteOffset: number, length: number, seed: number): Uint8Array {
  const view = new Uint8Array(new ArrayBuffer(byteOffset + length + 5), byteOffset, length);
  for (let i = 0; i < length; i++) view[i] = (i * 167 + seed) & 0xff;
  return view;
}

function naive(source: Uint8Array, keyOffset: number): Uint8Array {
  const out = new Uint8Array(source.length);
  for (let i = 0; i < source.length; i++) out[i] = source[i] ^ key[(keyOffset + i) & 3];
  return out;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

type Masker = (source: Uint8Array, maskKey: Uint8Array, target: Uint8Array, keyOffset: number) => void;

/** Every length in `lengths` × key offset 0..3 × unaligned source/target offsets, in place or not. */
function checkAgainstNaive(mask: Masker, lengths: readonly number[]): object[] {
  const failures: object[] = [];
  for (const length of lengths) {
    for (let keyOffset = 0; keyOffset < 4; keyOffset++) {
      for (const [sourceOffset, targetOffset] of [[0, 0], [1, 0], [0, 3], [2, 5], [3, 3]]) {
        const source = viewAt(sourceOffset, length, length + keyOffset);
        const expected = naive(source, keyOffset);
        const target = viewAt(targetOffset, length, 7);
        mask(source, key, target, keyOffset);
        const at = firstDifference(target, expected);
        if (at !== -1) failures.push({ length, keyOffset, sourceOffset, targetOffset, at });
        const inPlace = viewAt(sourceOffset, length, length);
        const expectedInPlace = naive(inPlace, keyOffset);
        mask(inPlace, key, inPlace, keyOffset);
        if (firstDifference(inPlace, expectedInPlace) !== -1) failures.push({ length, keyOffset, sourceOffset, inPlace: true });
      }
    }
  }
  return failures;
}

const upTo4096 = Array.from({ length: 4097 }, (_, i) => i).filter((n) => n <= 320 || n % 61 === 0 || n % 64 < 2 || n === 4096);

describe('masking with WebAssembly SIMD', () => {
  it('is available on Node (so these tests exercise it)', () => {
    expect(loadWasmMask()).toBeDefined();
  });

  it('equals the naive XOR for lengths up to 4096, every key offset, unaligned buffers', () => {
    expect(checkAgainstNaive(applyMask, upTo4096)).toEqual([]);
  });

  it('equals the naive XOR across its 64 KiB pieces', () => {
    const chunk = WASM_MASK_CHUNK_BYTES;
    const lengths = [chunk - 1, chunk, chunk + 1, chunk + 63, chunk + 64, 2 * chunk + 37, 3 * chunk];
    expect(checkAgainstNaive(applyMask, lengths)).toEqual([]);
  });

  it('starts at the threshold the JS path hands over at', () => {
    expect(WASM_THRESHOLD).toBeGreaterThanOrEqual(64);
    const source = viewAt(1, WASM_THRESHOLD, 3);
    const target = new Uint8Array(WASM_THRESHOLD);
    applyMask(source, key, target, 2);
    expect(target).toEqual(naive(source, 2));
  });

  it('takes the key word in little-endian order from the key offset', () => {
    expect(maskKeyWord(Uint8Array.of(1, 2, 3, 4), 0)).toBe(0x04030201);
    expect(maskKeyWord(Uint8Array.of(1, 2, 3, 4), 1)).toBe(0x01040302);
    expect(maskKeyWord(Uint8Array.of(0xff, 0, 0, 0x80), 5) >>> 0).toBe(0xff800000);
  });
});

describe('the JS word path (where WebAssembly is missing)', () => {
  it('equals the naive XOR for lengths up to 4096, every key offset, unaligned buffers', () => {
    expect(checkAgainstNaive(maskWithWords, upTo4096)).toEqual([]);
  });
});

describe('a mask arena', () => {
  // Room for a target at the start and a source of the same length at the end, apart.
  const arenaBytes = 7 * WASM_MASK_CHUNK_BYTES + 100;

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('is zero-filled memory of at least the size asked for, its own for each arena', () => {
    const first = createMaskArena(arenaBytes) as Uint8Array;
    const second = createMaskArena(1) as Uint8Array;
    expect(first.length).toBeGreaterThanOrEqual(arenaBytes);
    expect(first.every((byte) => byte === 0)).toBe(true);
    expect(second.length).toBeGreaterThanOrEqual(1);
    expect(second.buffer === first.buffer).toBe(false);
  });

  it('is masked where it lies: equal to the naive XOR, in place, from outside, from elsewhere in it, bytes around untouched', () => {
    const arena = createMaskArena(arenaBytes) as Uint8Array;
    const failures: object[] = [];
    const lengths = [WASM_THRESHOLD, WASM_THRESHOLD + 1, 4096 + 63, WASM_MASK_CHUNK_BYTES, 3 * WASM_MASK_CHUNK_BYTES + 37];
    for (const length of lengths) {
      for (let keyOffset = 0; keyOffset < 4; keyOffset++) {
        for (const targetAt of [0, 1, 14, 67]) {
          for (const from of ['outside', 'in place', 'elsewhere in the arena'] as const) {
            arena.fill(0xee);
            const target = arena.subarray(targetAt, targetAt + length);
            const outside = viewAt(3, length, length + keyOffset);
            const source = from === 'outside' ? outside : from === 'in place' ? target : arena.subarray(arena.length - length);
            if (from !== 'outside') source.set(outside);
            mask(source, target, keyOffset, failures, { length, keyOffset, targetAt, from }, outside);
            const around = [...arena.subarray(0, targetAt), ...arena.subarray(targetAt + length, targetAt + length + 64)];
            if (around.some((byte) => byte !== 0xee)) failures.push({ length, keyOffset, targetAt, from, around: true });
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never goes through the masker\'s own 64 KiB memory', () => {
    const shared = (loadWasmMask() as { memory: Uint8Array }).memory;
    const arena = createMaskArena(2 * WASM_MASK_CHUNK_BYTES) as Uint8Array;
    shared.fill(0x5a);
    applyMask(viewAt(0, WASM_MASK_CHUNK_BYTES, 9), key, arena.subarray(5, 5 + WASM_MASK_CHUNK_BYTES), 1);
    expect(shared.every((byte) => byte === 0x5a)).toBe(true);
  });

  it('is not made where WebAssembly is missing: callers keep buffers of their own', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const fresh = await import('../../src/mask/wasm-mask.js');
    expect(fresh.createMaskArena(arenaBytes)).toBeUndefined();
  });

  it('is not made over 2 GiB (the masking loop\'s addresses), nor when the engine refuses the memory', async () => {
    expect(createMaskArena(2 ** 31 + 1)).toBeUndefined();
    expect(createMaskArena(1)).toBeDefined();
    const refused = { buffer: new ArrayBuffer(WASM_MASK_CHUNK_BYTES), grow: () => { throw new RangeError('out of memory'); } };
    vi.stubGlobal('WebAssembly', {
      Module: class {},
      Instance: class { exports = { m: refused, x: () => {} }; },
    });
    const fresh = await import('../../src/mask/wasm-mask.js');
    expect(fresh.createMaskArena(2 * WASM_MASK_CHUNK_BYTES)).toBeUndefined();
  });
});

/** Masks `source` into `target`, and records a failure unless the result is the naive XOR of `original`. */
function mask(source: Uint8Array, target: Uint8Array, keyOffset: number, failures: object[], where: object, original: Uint8Array): void {
  const expected = naive(original, keyOffset);
  applyMask(source, key, target, keyOffset);
  const at = firstDifference(target, expected);
  if (at !== -1) failures.push({ ...where, at });
}
