import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NATIVE_UTF8_MIN_BYTES, Utf8Validator, createUtf8Codec, portableUtf8Codec } from '../../src/utf8/index.js';
import { firstInvalidIndexByOracle, isValidByOracle } from './utf8-oracle.js';
import { splitAt } from './split-at.js';

const ascii = (length: number): Uint8Array => new Uint8Array(length).fill(0x61);
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

const edgeByte = fc.constantFrom(0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
  0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff);
/** Long inputs (so chunks reach the whole-buffer threshold): ASCII runs, valid text and edge bytes. */
const longBytes = fc.array(fc.oneof(
  fc.nat(150).map(ascii),
  fc.string({ unit: 'binary', maxLength: 30 }).map((t) => new TextEncoder().encode(t)),
  fc.array(edgeByte, { maxLength: 4 }).map((a) => Uint8Array.from(a)),
), { maxLength: 8 }).map(concat);

describe('Utf8Validator with a whole-buffer validator', () => {
  it('fails at the chunk that carries the first invalid byte, as the byte-by-byte validator does', () => {
    let wholeCalls = 0;
    const whole = (bytes: Uint8Array): boolean => {
      wholeCalls++;
      return isValidByOracle(bytes);
    };
    fc.assert(
      fc.property(longBytes, fc.array(fc.nat(), { maxLength: 5 }), (bytes, cuts) => {
        const firstInvalid = firstInvalidIndexByOracle(bytes);
        const accelerated = new Utf8Validator(whole);
        const portable = new Utf8Validator();
        let offset = 0;
        for (const chunk of splitAt(bytes, cuts)) {
          const containsInvalid = firstInvalid >= 0 && firstInvalid < offset + chunk.length;
          expect(accelerated.push(chunk)).toBe(!containsInvalid);
          expect(portable.push(chunk)).toBe(!containsInvalid);
          offset += chunk.length;
        }
        expect(accelerated.end()).toBe(isValidByOracle(bytes));
      }),
      { numRuns: 3000 },
    );
    expect(wholeCalls).toBeGreaterThan(0);
  });

  it('hands the whole buffer only complete code points and carries a cut sequence into the next chunk', () => {
    const seen: number[] = [];
    const validator = new Utf8Validator((bytes) => {
      seen.push(bytes.length);
      return isValidByOracle(bytes);
    });
    const euro = [0xf0, 0x9f, 0x92, 0xb6]; // U+1F4B6, four bytes
    for (let cut = 1; cut < 4; cut++) {
      seen.length = 0;
      expect(validator.push(concat([ascii(100), Uint8Array.from(euro.slice(0, cut))]))).toBe(true);
      expect(seen).toEqual([100]);
      expect(validator.push(concat([Uint8Array.from(euro.slice(cut)), ascii(100)]))).toBe(true);
      expect(validator.end()).toBe(true);
    }
  });

  it('rejects a cut sequence that can no longer be valid in the chunk that carries it', () => {
    const validator = new Utf8Validator(isValidByOracle);
    // F4 90 would be past U+10FFFF: invalid as soon as the 90 arrives, though the sequence is cut.
    expect(validator.push(concat([ascii(NATIVE_UTF8_MIN_BYTES), Uint8Array.of(0xf4, 0x90)]))).toBe(false);
  });

  it('skips ASCII a word at a time at every alignment and still finds the first non-ASCII byte', () => {
    const backing = new Uint8Array(600);
    for (let start = 0; start < 4; start++) {
      for (let at = 0; at < 300; at += 7) {
        backing.fill(0x61);
        backing[start + at] = 0xff;
        expect(new Utf8Validator().push(backing.subarray(start, start + 300))).toBe(false);
        expect(new Utf8Validator().push(backing.subarray(start, start + at))).toBe(true);
      }
    }
  });
});

describe('Utf8Validator.onlyAscii', () => {
  const isAscii = (bytes: Uint8Array): boolean => bytes.every((byte) => byte < 0x80);

  it('tells whether every byte pushed was ASCII, or that it cannot tell, never the wrong answer, at any chunking', () => {
    fc.assert(
      fc.property(longBytes, fc.array(fc.nat(), { maxLength: 5 }), (bytes, cuts) => {
        const firstInvalid = firstInvalidIndexByOracle(bytes);
        const withAscii = new Utf8Validator(isValidByOracle, isAscii);
        const utf8Only = new Utf8Validator(isValidByOracle);
        const portable = new Utf8Validator();
        let offset = 0;
        for (const chunk of splitAt(bytes, cuts)) {
          const containsInvalid = firstInvalid >= 0 && firstInvalid < offset + chunk.length;
          // The verdict is the same as without the ASCII check: it only decides which scan runs.
          expect(withAscii.push(chunk)).toBe(!containsInvalid);
          expect(utf8Only.push(chunk)).toBe(!containsInvalid);
          expect(portable.push(chunk)).toBe(!containsInvalid);
          offset += chunk.length;
          if (containsInvalid) return;
          const seen = bytes.subarray(0, offset);
          // Every byte passed through its own scan or the ASCII check: it knows.
          expect(withAscii.onlyAscii).toBe(isAscii(seen));
          expect(portable.onlyAscii).toBe(isAscii(seen));
          // A chunk only the UTF-8 validator saw leaves it unsure, never wrong.
          if (utf8Only.onlyAscii !== undefined) expect(utf8Only.onlyAscii).toBe(isAscii(seen));
        }
        expect(withAscii.end()).toBe(isValidByOracle(bytes));
        expect(withAscii.onlyAscii).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('checks an ASCII message with the ASCII scan alone, and hands the rest to the UTF-8 validator once one chunk is not ASCII', () => {
    const calls: string[] = [];
    const validator = new Utf8Validator(
      (bytes) => (calls.push(`utf8:${bytes.length}`), isValidByOracle(bytes)),
      (bytes) => (calls.push(`ascii:${bytes.length}`), isAscii(bytes)),
    );
    expect(validator.push(ascii(100))).toBe(true);
    expect(validator.push(ascii(200))).toBe(true);
    expect(calls).toEqual(['ascii:100', 'ascii:200']);
    expect(validator.onlyAscii).toBe(true);
    calls.length = 0;
    expect(validator.push(concat([ascii(99), Uint8Array.of(0xc3, 0xa9)]))).toBe(true);
    expect(validator.push(ascii(100))).toBe(true);
    expect(calls).toEqual(['ascii:101', 'utf8:101', 'utf8:100']);
    expect(validator.onlyAscii).toBe(false);
    expect(validator.end()).toBe(true);
    // end() starts the next message afresh: ASCII again, and checked by the ASCII scan again.
    expect(validator.onlyAscii).toBe(true);
    calls.length = 0;
    expect(validator.push(ascii(100))).toBe(true);
    expect(calls).toEqual(['ascii:100']);
    expect(validator.onlyAscii).toBe(true);
  });

  it('cannot tell for a long chunk a UTF-8 validator alone has checked, and knows of a non-ASCII byte it scanned itself', () => {
    const validator = new Utf8Validator(isValidByOracle);
    expect(validator.push(ascii(NATIVE_UTF8_MIN_BYTES - 1))).toBe(true);
    expect(validator.onlyAscii).toBe(true);
    expect(validator.push(ascii(NATIVE_UTF8_MIN_BYTES))).toBe(true);
    expect(validator.onlyAscii).toBeUndefined();
    expect(validator.push(Uint8Array.of(0xc3, 0xa9))).toBe(true);
    expect(validator.onlyAscii).toBe(false);
  });
});

describe('Utf8Codec', () => {
  const platform = {
    isValidUtf8: (bytes: Uint8Array): boolean => isValidByOracle(bytes),
    decodeUtf8: (bytes: Uint8Array): string => `decoded:${bytes.length}`,
  };

  it('decodes already validated bytes with the platform decoder, without validating again', () => {
    expect(createUtf8Codec(platform).decodeValid(Uint8Array.of(0x61, 0x62))).toBe('decoded:2');
  });

  it("passes on to the platform's decoder what is known of the bytes being ASCII", () => {
    const hints: unknown[] = [];
    const codec = createUtf8Codec({ decodeUtf8: (bytes: Uint8Array, ascii?: boolean) => (hints.push(ascii), 'x') });
    codec.decodeValid(Uint8Array.of(0x61), true);
    codec.decodeValid(Uint8Array.of(0xc3, 0xa9), false);
    codec.decodeValid(Uint8Array.of(0x61));
    expect(hints).toEqual([true, false, undefined]);
  });

  it("makes streaming validators that use the platform's ASCII scan", () => {
    let asciiCalls = 0;
    const codec = createUtf8Codec({ isValidUtf8: isValidByOracle, isAscii: (bytes) => (asciiCalls++, bytes.every((b) => b < 0x80)) });
    const validator = codec.createValidator();
    expect(validator.push(ascii(NATIVE_UTF8_MIN_BYTES))).toBe(true);
    expect(asciiCalls).toBe(1);
    expect(validator.onlyAscii).toBe(true);
  });

  it('validates and decodes in one pass, keeping a byte order mark', () => {
    const codec = createUtf8Codec(platform);
    expect(codec.decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBe('\ufeffa');
    expect(codec.decode(Uint8Array.of(0x61, 0xff))).toBeUndefined();
  });

  it("uses the platform's validating decoder when it has one, unbound from the platform", () => {
    const seen: unknown[] = [];
    const platform = {
      decodeUtf8IfValid(this: unknown, bytes: Uint8Array) {
        seen.push(this);
        return bytes.length === 2 ? undefined : `native:${bytes.length}`;
      },
    };
    const codec = createUtf8Codec(platform);
    expect(codec.decode(Uint8Array.of(0x61))).toBe('native:1');
    // Its "not valid" answer is the codec's (the protocol then fails the connection with 1007).
    expect(codec.decode(Uint8Array.of(0x61, 0x62))).toBeUndefined();
    expect(seen.some((self) => self === platform)).toBe(false);
    // Without it, the fatal TextDecoder validates and decodes.
    expect(createUtf8Codec({ isValidUtf8: () => true }).decode(Uint8Array.of(0x61, 0xff))).toBeUndefined();
  });

  it('is the portable codec when the platform has no accelerator', () => {
    expect(createUtf8Codec({})).toBe(portableUtf8Codec);
    expect(createUtf8Codec(undefined)).toBe(portableUtf8Codec);
    expect(portableUtf8Codec.decodeValid(Uint8Array.of(0xe2, 0x82, 0xac))).toBe('€');
  });

  it('makes streaming validators that use the platform validator for long chunks', () => {
    let calls = 0;
    const codec = createUtf8Codec({ isValidUtf8: (bytes) => (calls++, isValidByOracle(bytes)) });
    const validator = codec.createValidator();
    expect(validator.push(ascii(NATIVE_UTF8_MIN_BYTES - 1))).toBe(true);
    expect(calls).toBe(0);
    expect(validator.push(ascii(NATIVE_UTF8_MIN_BYTES))).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('the portable word-at-a-time ASCII skip', () => {
  // Found by the property above (seed 1581107466): one ASCII byte after 4-byte sequences at the
  // end of a long chunk made the word scan step back into the sequence's continuation bytes.
  it('accepts valid text that ends with ASCII after multi-byte sequences, at every length and offset', () => {
    const sequence = [0xf0, 0x90, 0x80, 0x80];
    for (let n = 240; n < 270; n++) {
      for (let offset = 0; offset < 4; offset++) {
        const text = [...new Array(n).fill(0x61), ...sequence, ...sequence, ...sequence, ...sequence, 0x61];
        const bytes = new Uint8Array(offset + text.length).subarray(offset);
        bytes.set(text);
        const validator = new Utf8Validator();
        expect(validator.push(bytes), `n ${n} offset ${offset}`).toBe(true);
        expect(validator.end()).toBe(true);
      }
    }
  });
});
