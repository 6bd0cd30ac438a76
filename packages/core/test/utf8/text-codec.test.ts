import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8 } from '../../src/utf8/index.js';

describe('decodeUtf8 and encodeUtf8', () => {
  it('round-trip any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(decodeUtf8(encodeUtf8(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes "Hello" and multi-byte text', () => {
    expect(decodeUtf8(Uint8Array.of(0x48, 0x65, 0x6c, 0x6c, 0x6f))).toBe('Hello');
    expect(decodeUtf8(Uint8Array.of(0xf0, 0x9f, 0x98, 0x80))).toBe('😀');
  });

  it('returns undefined for invalid UTF-8 instead of substituting U+FFFD', () => {
    expect(decodeUtf8(Uint8Array.of(0x41, 0xff))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.of(0xe2, 0x82))).toBeUndefined();
    // The cached decoder is still usable after a failure.
    expect(decodeUtf8(Uint8Array.of(0x41))).toBe('A');
  });

  it('keeps a leading byte order mark as U+FEFF', () => {
    expect(decodeUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('\uFEFFA');
    expect([...encodeUtf8('\uFEFFA')]).toEqual([0xef, 0xbb, 0xbf, 0x41]);
  });

  it('encodes a lone surrogate as U+FFFD, so the result is valid UTF-8', () => {
    expect([...encodeUtf8('\uD800')]).toEqual([0xef, 0xbf, 0xbd]);
  });

  it('rejects a non-string with a TypeError', () => {
    expect(() => encodeUtf8(42 as unknown as string)).toThrow(TypeError);
  });
});
