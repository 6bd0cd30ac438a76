import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Validator, isValidUtf8 } from '../../src/utf8/index.js';
import { firstInvalidIndexByOracle, isValidByOracle } from './utf8-oracle.js';
import { splitAt } from './split-at.js';

const hex = (text: string): Uint8Array => Uint8Array.from(text.split(' ').filter(Boolean), (h) => parseInt(h, 16));

/** Bytes near every boundary the UTF-8 rules draw, so random strings hit the edge cases often. */
const edgeByte = fc.constantFrom(
  0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
  0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xfe, 0xff,
);
const byteString = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.array(edgeByte, { maxLength: 12 }).map((a) => Uint8Array.from(a)),
  // Valid text with a few bytes replaced: mostly-valid input that breaks somewhere inside.
  fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.array(fc.tuple(fc.nat(), edgeByte), { maxLength: 2 }))
    .map(([text, edits]) => {
      const bytes = new TextEncoder().encode(text);
      for (const [at, byte] of edits) if (bytes.length > 0) bytes[at % bytes.length] = byte;
      return bytes;
    }),
);

describe('Utf8Validator agrees with TextDecoder({ fatal: true })', () => {
  it('on random byte strings', () => {
    fc.assert(
      fc.property(byteString, (bytes) => {
        expect(isValidUtf8(bytes)).toBe(isValidByOracle(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('on random valid strings split at random points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const validator = new Utf8Validator();
        for (const chunk of splitAt(new TextEncoder().encode(text), cuts)) expect(validator.push(chunk)).toBe(true);
        expect(validator.end()).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('on random byte strings split at random points, failing at the first invalid byte', () => {
    fc.assert(
      fc.property(byteString, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const firstInvalid = firstInvalidIndexByOracle(bytes);
        const validator = new Utf8Validator();
        let offset = 0;
        for (const chunk of splitAt(bytes, cuts)) {
          const containsInvalid = firstInvalid >= 0 && firstInvalid < offset + chunk.length;
          expect(validator.push(chunk)).toBe(!containsInvalid);
          offset += chunk.length;
        }
        expect(validator.end()).toBe(isValidByOracle(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts the prefix before the first invalid byte and rejects it with that byte', () => {
    fc.assert(
      fc.property(byteString, (bytes) => {
        const firstInvalid = firstInvalidIndexByOracle(bytes);
        fc.pre(firstInvalid >= 0);
        expect(new Utf8Validator().push(bytes.subarray(0, firstInvalid))).toBe(true);
        expect(new Utf8Validator().push(bytes.subarray(0, firstInvalid + 1))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Utf8Validator rules', () => {
  it.each([
    ['an overlong 2-byte NUL', 'c0 80', 0],
    ['an overlong 2-byte "A" (C1)', 'c1 81', 0],
    ['an overlong 3-byte form', 'e0 80 80', 1],
    ['an overlong 4-byte form', 'f0 8f bf bf', 1],
    ['a high surrogate U+D800', 'ed a0 80', 1],
    ['a low surrogate U+DFFF', 'ed bf bf', 1],
    ['a code point past U+10FFFF (F4 90)', 'f4 90 80 80', 1],
    ['a lead byte past F4', 'f5 80 80 80', 0],
    ['a stray continuation byte', '41 80', 1],
    ['a missing continuation byte', 'c3 41', 1],
    ['a 3-byte sequence cut by ASCII', 'e2 82 41', 2],
    ['0xFF', '41 42 43 44 45 ff', 5],
  ])('rejects %s at the first invalid byte', (_name, text, at) => {
    const bytes = hex(text);
    expect(new Utf8Validator().push(bytes.subarray(0, at))).toBe(true);
    expect(new Utf8Validator().push(bytes.subarray(0, at + 1))).toBe(false);
    expect(isValidUtf8(bytes)).toBe(false);
  });

  it.each([
    ['U+0000', '00'], ['U+007F', '7f'], ['U+0080', 'c2 80'], ['U+07FF', 'df bf'], ['U+0800', 'e0 a0 80'],
    ['U+D7FF', 'ed 9f bf'], ['U+E000', 'ee 80 80'], ['U+FFFF', 'ef bf bf'], ['U+10000', 'f0 90 80 80'],
    ['U+10FFFF', 'f4 8f bf bf'], ['"κόσμε"', 'ce ba e1 bd b9 cf 83 ce bc ce b5'],
  ])('accepts %s', (_name, text) => {
    expect(isValidUtf8(hex(text))).toBe(true);
  });

  it('accepts long ASCII runs of every length around the 4-byte fast path', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = new Uint8Array(length).fill(0x61);
      expect(isValidUtf8(bytes)).toBe(true);
      if (length > 0) {
        bytes[length - 1] = 0x80;
        expect(isValidUtf8(bytes)).toBe(false);
      }
    }
  });

  it('reports a sequence truncated at the end only at end()', () => {
    const validator = new Utf8Validator();
    expect(validator.push(hex('41 f0 9f 98'))).toBe(true);
    expect(validator.end()).toBe(false);
    expect(isValidUtf8(hex('e2 82'))).toBe(false);
  });

  it('completes a sequence split across pushes, with its range check carried over', () => {
    const validator = new Utf8Validator();
    expect(validator.push(hex('f0'))).toBe(true);
    expect(validator.push(hex('9f'))).toBe(true);
    expect(validator.push(hex('98 80'))).toBe(true);
    expect(validator.end()).toBe(true);
    expect(validator.push(hex('ed'))).toBe(true);
    expect(validator.push(hex('a0'))).toBe(false);
  });

  it('stays failed until reset, and is ready for the next message after end() or reset()', () => {
    const validator = new Utf8Validator();
    expect(validator.push(hex('ff'))).toBe(false);
    expect(validator.push(hex('41'))).toBe(false);
    expect(validator.end()).toBe(false);
    expect(validator.push(hex('41'))).toBe(true);
    expect(validator.push(hex('c3'))).toBe(true);
    validator.reset();
    expect(validator.push(hex('41'))).toBe(true);
    expect(validator.end()).toBe(true);
  });
});
