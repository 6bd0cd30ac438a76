import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { FrameArena } from '../src/frame-arena.js';
import { frameClassBytes } from '../src/frame-size-class.js';
import { EXTERNAL_LATIN1_MIN_BYTES } from '../src/external-ascii.js';
import { ASCII_AS_LATIN1_MIN_BYTES, nodePlatform, selectSha1Base64, type OneShotHash } from '../src/node-platform.js';
import { WRITE_SLAB_BYTES, WRITE_SLAB_PIECE_MAX_BYTES } from '../src/write-slab.js';

describe('nodePlatform receive accelerators', () => {
  it('allocates a Buffer of exactly the asked length', () => {
    for (const length of [0, 1, 4095, 4096, 100_000]) {
      const bytes = nodePlatform.allocate!(length);
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect(bytes.length).toBe(length);
    }
  });

  it('builds outgoing frames of up to 16 KiB in shared slabs, not an ArrayBuffer each, and longer ones in pooled memory of their size class', () => {
    const slabs = vi.spyOn(Buffer, 'allocUnsafeSlow');
    const unsafe = vi.spyOn(Buffer, 'allocUnsafe');
    try {
      const lengths = Array.from({ length: 120 }, (_, i) => [70, 1038, 8206, 16_384][i % 4]);
      const frames = lengths.map((length) => nodePlatform.allocateFrame(length));
      expect(frames.map((frame) => frame.length)).toEqual(lengths);
      // 120 frames of ~750 KiB in all, from the 64 KiB write slab (see write-slab).
      const bytes = lengths.reduce((sum, length) => sum + length, 0);
      const sizes = slabs.mock.calls.map(([size]) => size);
      expect(sizes.every((size) => size === WRITE_SLAB_BYTES)).toBe(true);
      expect(sizes.length).toBeLessThanOrEqual(Math.ceil((2 * bytes) / WRITE_SLAB_BYTES));
      expect(unsafe).not.toHaveBeenCalled();
      // Pieces never overlap: filling each with its index leaves every other one as it was.
      frames.forEach((frame, i) => frame.fill(i));
      expect(frames.every((frame, i) => frame.every((byte) => byte === i))).toBe(true);
      // Longer, a frame gets memory no other frame shares (a buffer of its size class, or a piece
      // of the frame arena), reused once the socket has written it.
      for (const length of [WRITE_SLAB_PIECE_MAX_BYTES + 1, 40_000, 65_550]) {
        const frame = nodePlatform.allocateFrame(length);
        expect(FrameArena.of(frame.buffer) !== undefined || frame.buffer.byteLength === frameClassBytes(length)).toBe(true);
      }
    } finally {
      vi.restoreAllMocks();
    }
  });

  describe('encodeUtf8 (text to send, longer than core encodes itself)', () => {
    const encoder = new TextEncoder();
    const encode = (text: string): Uint8Array => nodePlatform.encodeUtf8!(text);

    it('gives the bytes TextEncoder gives for long text of any characters, lone surrogates as U+FFFD', () => {
      const piece = fc.string({ unit: fc.constantFrom('a', '{', '\u00e9', '\u20ac', '\u6f22', '\ud834\udd1e', '\ud800', '\udc00'), minLength: 1, maxLength: 8 });
      fc.assert(fc.property(fc.integer({ min: 17_000, max: 70_000 }), piece, fc.nat(), (length, odd, at) => {
        const ascii = 'The quick brown fox. '.repeat(Math.ceil(length / 21)).slice(0, length);
        const where = at % length;
        const text = ascii.slice(0, where) + odd + ascii.slice(where);
        expect(Buffer.from(encode(text)).equals(encoder.encode(text))).toBe(true);
      }), { numRuns: 60 });
    });

    it('encodes afresh, never leaving garbage, when the encoder stops short of the end (nodejs/node#65994)', () => {
      const real = TextEncoder.prototype.encodeInto;
      let calls = 0;
      // The second call (the rest, into a buffer of exactly its length) leaves its last character out.
      const spy = vi.spyOn(TextEncoder.prototype, 'encodeInto').mockImplementation((source, target) => {
        calls++;
        return real.call(encoder, calls === 2 ? source.slice(0, -1) : source, target);
      });
      try {
        const text = 'caf\u00e9 '.repeat(4000) + '\u00e9\u00e9';
        expect(Buffer.from(encode(text)).equals(encoder.encode(text))).toBe(true);
        expect(calls).toBe(2);
      } finally {
        spy.mockRestore();
      }
    });

    it('encodes all-ASCII text, text that is all multi-byte, and a surrogate pair that straddles the ASCII guess', () => {
      for (const text of ['x'.repeat(20_000), '\u20ac'.repeat(20_000), '\ud834\udd1e'.repeat(10_000), 'a'.repeat(19_998) + '\ud834\udd1e', 'a'.repeat(19_999) + '\ud834\udd1e', 'a'.repeat(70_000) + '\u00e9']) {
        expect(Buffer.from(encode(text)).equals(encoder.encode(text))).toBe(true);
      }
    });

    it('gives short text (which core encodes itself) a buffer of its own, not a slab piece', () => {
      const bytes = encode('h\u00e9llo');
      expect(bytes.byteLength).toBe(6);
      expect(bytes.buffer.byteLength).toBe(6);
    });

    it('leaves the asked room before the bytes when asked (encodeUtf8WithRoom), on every path, the buffer ending with the text', () => {
      const real = TextEncoder.prototype.encodeInto;
      let calls = 0;
      let shortOnce = false;
      // As above: the second call stops one character short, so the last path (encode afresh) runs too.
      const spy = vi.spyOn(TextEncoder.prototype, 'encodeInto').mockImplementation((source, target) => {
        calls++;
        return real.call(encoder, shortOnce && calls === 2 ? source.slice(0, -1) : source, target);
      });
      try {
        // ASCII (slab piece, pooled), not ASCII (slab piece, pooled), the encoder stopping short, short text.
        for (const [text, stopShort, encodeIntoCalls] of [['x'.repeat(20_000), false, 1], ['x'.repeat(70_000), false, 1],
          ['caf\u00e9 '.repeat(4000), false, 2], ['caf\u00e9 '.repeat(14_000), false, 2],
          ['caf\u00e9 '.repeat(4000) + '\u00e9\u00e9', true, 2], ['h\u00e9llo', false, 0]] as const) {
          calls = 0;
          shortOnce = stopShort;
          const framed = nodePlatform.encodeUtf8WithRoom!(text, 14);
          const expected = encoder.encode(text);
          expect(calls, text.slice(0, 12)).toBe(encodeIntoCalls);
          expect(framed.byteLength, text.slice(0, 12)).toBe(14 + expected.length);
          expect(Buffer.from(framed.subarray(14)).equals(expected)).toBe(true);
        }
      } finally {
        spy.mockRestore();
      }
    });
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
    // Just below the threshold of external strings: a heap string, same result.
    expect(nodePlatform.decodeUtf8!(ascii.subarray(0, EXTERNAL_LATIN1_MIN_BYTES - 1))).toBe(ascii.toString('utf8', 0, EXTERNAL_LATIN1_MIN_BYTES - 1));
    // Around the threshold of the Latin-1 route, ASCII and not.
    for (const length of [ASCII_AS_LATIN1_MIN_BYTES - 1, ASCII_AS_LATIN1_MIN_BYTES, ASCII_AS_LATIN1_MIN_BYTES + 1]) {
      expect(nodePlatform.decodeUtf8!(ascii.subarray(0, length)) === ascii.toString('latin1', 0, length)).toBe(true);
      const mixed = Buffer.from(ascii.subarray(0, length));
      mixed.write('é', length - 2, 'utf8');
      expect(nodePlatform.decodeUtf8!(mixed) === mixed.toString('utf8')).toBe(true);
    }
  });

  it('decodes text its caller knows to be ASCII to the same string, at every size route', () => {
    const ascii = Buffer.alloc(EXTERNAL_LATIN1_MIN_BYTES + 3, 'The quick brown fox. ');
    for (const length of [10, ASCII_AS_LATIN1_MIN_BYTES, EXTERNAL_LATIN1_MIN_BYTES - 1, EXTERNAL_LATIN1_MIN_BYTES + 3]) {
      expect(nodePlatform.decodeUtf8!(ascii.subarray(0, length), true) === ascii.toString('latin1', 0, length)).toBe(true);
    }
    expect(nodePlatform.isAscii!(ascii)).toBe(true);
    expect(nodePlatform.isAscii!(Buffer.from('abc é'))).toBe(false);
  });

  it('decodes text its caller knows not to be ASCII, or says nothing of, as UTF-8 (a hint that is not a boolean is ignored)', () => {
    const mixed = Buffer.alloc(EXTERNAL_LATIN1_MIN_BYTES + 3, 'The quick brown fox. ');
    mixed.write('€', 1000, 'utf8');
    for (const hint of [false, undefined, 1 as unknown as boolean]) {
      expect(nodePlatform.decodeUtf8!(mixed, hint) === mixed.toString('utf8')).toBe(true);
      expect(nodePlatform.decodeUtf8!(mixed.subarray(0, 3000), hint)).toBe(mixed.toString('utf8', 0, 3000));
    }
  });

  describe('validating decode (decodeUtf8IfValid)', () => {
    const { decodeUtf8IfValid } = nodePlatform;
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const expectSameAsFatalDecoder = (bytes: Uint8Array): void => {
      let expected: string | undefined;
      try {
        expected = fatal.decode(bytes);
      } catch {
        expected = undefined;
      }
      // Compared with ===: a failing toBe on long strings would print them whole.
      expect(decodeUtf8IfValid!(bytes) === expected).toBe(true);
    };
    /** `length` bytes of ASCII (0x00 to 0x7F, both ends included) in a plain view at an odd offset. */
    const asciiView = (length: number): Uint8Array => {
      const backing = new Uint8Array(length + 3).fill(0x78);
      for (let i = 0; i < length; i++) backing[i + 1] = (i * 37) & 0x7f;
      return backing.subarray(1, length + 1);
    };

    it('gives the fatal TextDecoder\'s string for ASCII on both sides of the Latin-1 threshold', () => {
      for (const length of [0, 1, 16, ASCII_AS_LATIN1_MIN_BYTES - 1, ASCII_AS_LATIN1_MIN_BYTES, ASCII_AS_LATIN1_MIN_BYTES + 1, 65_536, 200_000]) {
        expectSameAsFatalDecoder(asciiView(length));
      }
    });

    it('decodes multi-byte text and keeps a byte order mark, wherever the first non-ASCII byte is', () => {
      const length = 4 * ASCII_AS_LATIN1_MIN_BYTES;
      for (const at of [0, 1, length >> 1, length - 3]) {
        const bytes = Buffer.from(asciiView(length));
        bytes.write('€', at, 'utf8');
        expectSameAsFatalDecoder(bytes);
      }
      expectSameAsFatalDecoder(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), asciiView(2 * ASCII_AS_LATIN1_MIN_BYTES)]));
      expect(decodeUtf8IfValid!(Buffer.from('\ufeffé'))).toBe('\ufeffé');
    });

    it('answers undefined for invalid UTF-8, short or long (Latin-1 bytes never pass as ASCII)', () => {
      const invalid = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xff], [0xe9]];
      for (const tail of invalid) {
        expect(decodeUtf8IfValid!(Uint8Array.from(tail))).toBeUndefined();
        for (const length of [ASCII_AS_LATIN1_MIN_BYTES, 65_536]) {
          const long = Buffer.concat([asciiView(length), Uint8Array.from(tail)]);
          expect(decodeUtf8IfValid!(long)).toBeUndefined();
          expect(decodeUtf8IfValid!(Buffer.concat([Uint8Array.from(tail), asciiView(length)]))).toBeUndefined();
        }
      }
    });
  });

  it('validates and decodes without the fatal TextDecoder where Node has no ICU', async () => {
    vi.resetModules();
    const RealDecoder = globalThis.TextDecoder;
    vi.stubGlobal('TextDecoder', class extends RealDecoder {
      constructor(label?: string, options?: ConstructorParameters<typeof RealDecoder>[1]) {
        if (options?.fatal === true) throw new RangeError('The "fatal" option is not supported on Node.js compiled without ICU');
        super(label, options);
      }
    });
    try {
      const { nodePlatform: withoutIcu } = await import('../src/node-platform.js');
      const decode = withoutIcu.decodeUtf8IfValid!;
      expect(decode(Buffer.from('héllo €𝄞'))).toBe('héllo €𝄞');
      expect(decode(Buffer.from('\ufeffabc'))).toBe('\ufeffabc');
      expect(decode(Buffer.alloc(2048, 'ab'))).toBe('ab'.repeat(1024));
      expect(decode(Uint8Array.of(0x61, 0xc0, 0x80))).toBeUndefined();
      expect(decode(Buffer.concat([Buffer.alloc(2048, 'a'), Uint8Array.of(0xe9)]))).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe('nodePlatform SHA-1 (the accept check)', () => {
  it('gives the accept value of RFC 6455 §1.3 example, and hashes every code unit as one Latin-1 byte, with or without crypto.hash', async () => {
    const crypto = await import('node:crypto');
    const oneShot = (crypto as { hash?: OneShotHash }).hash;
    expect(oneShot).toBeTypeOf('function'); // Node 20.12 and later: the route nodePlatform takes
    const example = 'dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
    expect(nodePlatform.sha1Base64(example)).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    const routes = [selectSha1Base64(oneShot), selectSha1Base64(undefined)];
    // crypto.hash would encode a string as UTF-8, createHash's update without 'latin1' too: both
    // routes must hand the hash Latin-1 bytes instead.
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)) }), (text) => {
      const expected = crypto.createHash('sha1').update(Buffer.from(text, 'latin1')).digest('base64');
      for (const sha1 of routes) expect(sha1(text)).toBe(expected);
    }));
  });
});
