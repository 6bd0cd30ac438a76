import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ZlibDeflateCodec } from '../src/zlib-deflate-codec.js';

const codec = new ZlibDeflateCodec();
const text = Buffer.from('the quick brown fox jumps over the lazy dog '.repeat(200));

describe('ZlibDeflateCodec', () => {
  it('round-trips and ends deflate output with a sync flush marker', () => {
    const deflated = codec.deflateRaw(text, undefined, 15);
    expect([...deflated.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
    expect(Buffer.from(codec.inflateRaw(deflated, undefined, text.length))).toEqual(text);
  });

  it('uses a preset dictionary for context takeover', () => {
    const dictionary = Buffer.from('shared context shared context');
    const deflated = codec.deflateRaw(Buffer.from('shared context!'), dictionary, 15);
    expect(() => inflateRawSync(deflated, { finishFlush: constants.Z_SYNC_FLUSH })).toThrow();
    expect(Buffer.from(codec.inflateRaw(deflated, dictionary, 100)).toString()).toBe('shared context!');
  });

  it('throws a RangeError past maxOutputBytes instead of inflating a bomb', () => {
    const bomb = deflateRawSync(Buffer.alloc(8 * 1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(() => codec.inflateRaw(bomb, undefined, 1024)).toThrow(RangeError);
    expect(codec.inflateRaw(bomb, undefined, 8 * 1024 * 1024).byteLength).toBe(8 * 1024 * 1024);
  });

  it('throws a non-RangeError on corrupt data', () => {
    let caught: unknown;
    try { codec.inflateRaw(new Uint8Array([0xff, 0xff, 0xff, 0xff]), undefined, 1024); } catch (error) { caught = error; }
    expect(caught).toBeInstanceOf(Error);
    expect(caught).not.toBeInstanceOf(RangeError);
  });

  it('produces no back-reference for an 8-bit window (Huffman only)', () => {
    const deflated = codec.deflateRaw(text, Buffer.from('dictionary'), 8);
    // Without LZ77 matches the output stays close to the entropy of single symbols: far bigger than with matches.
    expect(deflated.byteLength).toBeGreaterThan(codec.deflateRaw(text, undefined, 9).byteLength * 5);
    expect(Buffer.from(inflateRawSync(deflated, { windowBits: 9, finishFlush: constants.Z_SYNC_FLUSH }))).toEqual(text);
  });
});
