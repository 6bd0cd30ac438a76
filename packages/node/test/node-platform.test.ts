import { describe, expect, it } from 'vitest';
import { EXTERNAL_LATIN1_MIN_BYTES, nodePlatform } from '../src/node-platform.js';

describe('nodePlatform receive accelerators', () => {
  it('allocates a Buffer of exactly the asked length', () => {
    for (const length of [0, 1, 4095, 4096, 100_000]) {
      const bytes = nodePlatform.allocate!(length);
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect(bytes.length).toBe(length);
    }
  });

  it('validates UTF-8 by the WHATWG rules (overlongs, surrogates, truncation rejected)', () => {
    expect(nodePlatform.isValidUtf8!(Buffer.from('héllo €𝄞', 'utf8'))).toBe(true);
    expect(nodePlatform.isValidUtf8!(Uint8Array.of(0xc0, 0x80))).toBe(false);
    expect(nodePlatform.isValidUtf8!(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(false);
    expect(nodePlatform.isValidUtf8!(Uint8Array.of(0xe2, 0x82))).toBe(false);
  });

  it('decodes validated bytes from a Buffer or a plain view, keeping a byte order mark', () => {
    expect(nodePlatform.decodeUtf8!(Buffer.from('\ufeffabc €', 'utf8'))).toBe('\ufeffabc €');
    const backing = new Uint8Array([0x78, 0x61, 0x62, 0x78]);
    expect(nodePlatform.decodeUtf8!(backing.subarray(1, 3))).toBe('ab');
  });

  it('decodes big text the same whether it is all ASCII (the Latin-1 route) or not, at any offset', () => {
    const length = EXTERNAL_LATIN1_MIN_BYTES + 3;
    const ascii = Buffer.alloc(length, 'The quick brown fox. ');
    const backing = Buffer.concat([Buffer.from('x'), ascii]);
    expect(nodePlatform.decodeUtf8!(new Uint8Array(backing.buffer, backing.byteOffset + 1, length))).toBe(ascii.toString('utf8'));
    // One multi-byte character anywhere sends the whole payload through the UTF-8 decoder.
    for (const at of [0, length >> 1, length - 3]) {
      const mixed = Buffer.from(ascii);
      mixed.write('€', at, 'utf8');
      const text = nodePlatform.decodeUtf8!(mixed);
      expect(text === mixed.toString('utf8')).toBe(true);
      expect(text.length).toBe(length - 2);
    }
    // Just below the threshold: the plain decoder, same result.
    expect(nodePlatform.decodeUtf8!(ascii.subarray(0, EXTERNAL_LATIN1_MIN_BYTES - 1))).toBe(ascii.toString('utf8', 0, EXTERNAL_LATIN1_MIN_BYTES - 1));
  });
});
