import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_LATIN1_MIN_BYTES, EXTERNAL_SLICE_MIN_BYTES } from '../src/external-ascii.js';
import { nodePlatform } from '../src/node-platform.js';

/** ASCII text of `length` bytes that differs from position to position. */
const asciiText = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => 32 + ((i * 7 + seed) % 95)));

describe('ASCII text from 512 KiB up to Node\'s EXTERN_APEX (a slice of an external string)', () => {
  const lengths = [EXTERNAL_SLICE_MIN_BYTES - 1, EXTERNAL_SLICE_MIN_BYTES, 700 * 1024, EXTERNAL_LATIN1_MIN_BYTES - 1];

  it.each(lengths)('decodes %i bytes to exactly their characters, validated or not, from a Buffer or a plain view', (length) => {
    const bytes = asciiText(length, 3);
    const expected = bytes.toString('latin1');
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const text of [nodePlatform.decodeUtf8!(bytes), nodePlatform.decodeUtf8IfValid!(view)]) {
      expect(text?.length).toBe(length);
      expect(text === expected).toBe(true);
    }
  });

  it('decodes such text from a view inside a larger buffer, as reads arrive', () => {
    const text = asciiText(600 * 1024, 9);
    const backing = new Uint8Array(text.length + 13);
    backing.set(text, 5);
    expect(nodePlatform.decodeUtf8IfValid!(backing.subarray(5, 5 + text.length)) === text.toString('latin1')).toBe(true);
  });

  it('keeps such text outside V8\'s heap: each kept text adds about 1 MiB of external memory (an external string, not a heap copy)', () => {
    const bytes = asciiText(600 * 1024, 7);
    nodePlatform.decodeUtf8!(bytes);
    const before = process.memoryUsage().external;
    const kept: string[] = [];
    for (let i = 0; i < 16; i++) {
      bytes[0] = 65 + i;
      kept.push(nodePlatform.decodeUtf8!(bytes));
    }
    const grown = process.memoryUsage().external - before;
    expect(kept.map((text) => text.charCodeAt(0))).toEqual(Array.from({ length: 16 }, (_, i) => 65 + i));
    expect(grown).toBeGreaterThan(16 * 0.9 * EXTERNAL_LATIN1_MIN_BYTES);
  });

  it('leaves a string the application kept unchanged when the next message is decoded, longer or shorter', () => {
    const first = asciiText(900 * 1024, 1);
    const second = asciiText(600 * 1024, 2);
    const third = asciiText(950 * 1024, 5);
    const kept = [first, second, third].map((bytes) => nodePlatform.decodeUtf8IfValid!(bytes));
    expect(kept.map((text) => text?.length)).toEqual([first.length, second.length, third.length]);
    expect([kept[0] === first.toString('latin1'), kept[1] === second.toString('latin1'), kept[2] === third.toString('latin1')]).toEqual([true, true, true]);
  });

  it('sends text of that size with one non-ASCII character through the UTF-8 decoder, and refuses invalid UTF-8', () => {
    const mixed = asciiText(600 * 1024, 4);
    mixed.write('€', 300 * 1024, 'utf8');
    expect(nodePlatform.decodeUtf8IfValid!(mixed) === mixed.toString('utf8')).toBe(true);
    const invalid = asciiText(600 * 1024, 6);
    invalid[1000] = 0xff;
    expect(nodePlatform.decodeUtf8IfValid!(invalid)).toBeUndefined();
  });
});
