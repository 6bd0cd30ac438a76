import { describe, expect, it } from 'vitest';
import { nodePlatform } from '../src/node-platform.js';

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
});
