import { constants, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/errors/index.js';
import type { DeflateCodec } from '../../src/extensions/index.js';
import { create, flushThrough, MAX, messages, plain, text } from './deflate-fixtures.js';
import { zlibCodec } from './zlib-codec.js';

describe('PerMessageDeflate decoding', () => {
  it('decodes the RFC 7692 §7.2.3 sample messages', () => {
    const hello = [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
    expect(text(create().decodeMessage(Uint8Array.from(hello), MAX))).toBe('Hello');
    // §7.2.3.2: the second "Hello" refers back into the first message's window.
    const shared = create();
    shared.decodeMessage(Uint8Array.from(hello), MAX);
    expect(text(shared.decodeMessage(Uint8Array.from([0xf2, 0x00, 0x11, 0x00, 0x00]), MAX))).toBe('Hello');
    // §7.2.3.3: a stored (uncompressed) block, and §7.2.3.4: a block with BFINAL set.
    const stored = [0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00];
    expect(text(create().decodeMessage(Uint8Array.from(stored), MAX))).toBe('Hello');
    expect(text(create().decodeMessage(Uint8Array.from([0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00]), MAX))).toBe('Hello');
  });

  it('decodes message after message from a real context-takeover zlib stream', async () => {
    const server = createDeflateRaw();
    const receiver = create();
    for (const message of messages()) {
      const flushed = await flushThrough(server, message);
      expect([...flushed.subarray(-4)]).toEqual([0, 0, 0xff, 0xff]);
      expect(plain(receiver.decodeMessage(flushed.subarray(0, -4), MAX))).toEqual(plain(message));
    }
    server.close();
  });

  it('needs the previous window: a repeated message compresses to a few bytes referring back', async () => {
    const server = createDeflateRaw();
    const message = messages()[0];
    await flushThrough(server, message);
    const second = (await flushThrough(server, message)).subarray(0, -4);
    server.close();
    expect(second.length).toBeLessThan(20);
    expect(() => create({ serverNoContextTakeover: true }).decodeMessage(second, MAX)).toThrow(ProtocolError);
  });

  it('decodes with no dictionary when the server has no context takeover', () => {
    const receiver = create({ serverNoContextTakeover: true });
    for (const message of messages()) {
      const compressed = deflateRawSync(message, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, -4);
      expect(plain(receiver.decodeMessage(compressed, MAX))).toEqual(plain(message));
    }
  });

  it('fails with 1009 ERR_MESSAGE_TOO_BIG when a small message inflates past maxBytes', () => {
    const bomb = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, -4);
    expect(bomb.length).toBeLessThan(2048);
    expect(() => create().decodeMessage(bomb, 64 * 1024)).toThrow(
      expect.objectContaining({ name: 'ProtocolError', closeCode: 1009, code: 'ERR_MESSAGE_TOO_BIG' }),
    );
  });

  it('fails with 1009 when the codec returns more than maxBytes without throwing', () => {
    const lax: DeflateCodec = { ...zlibCodec, inflateRaw: () => new Uint8Array(11) };
    expect(() => create({}, 0, lax).decodeMessage(new Uint8Array(1), 10)).toThrow(expect.objectContaining({ closeCode: 1009 }));
  });

  it('fails with 1007 ERR_INVALID_COMPRESSED_DATA on data that is not DEFLATE', () => {
    expect(() => create().decodeMessage(Uint8Array.from([0xff, 0xff, 0xff, 0xff]), MAX)).toThrow(
      expect.objectContaining({ closeCode: 1007, code: 'ERR_INVALID_COMPRESSED_DATA' }),
    );
  });

  it('hands the codec the last 32 KiB of earlier output as dictionary, none without context takeover', () => {
    const seen: (Uint8Array | undefined)[] = [];
    const outputs = [new Uint8Array(10).fill(1), new Uint8Array(40_000).fill(2), new Uint8Array(5).fill(3)];
    const spy: DeflateCodec = {
      ...zlibCodec,
      inflateRaw: (data, dictionary) => (seen.push(dictionary && dictionary.slice()), outputs[seen.length - 1]),
    };
    const withTakeover = create({}, 0, spy);
    for (let i = 0; i < 3; i++) withTakeover.decodeMessage(new Uint8Array(1), MAX);
    expect(seen[0]).toBeUndefined();
    expect(seen[1]).toEqual(outputs[0]);
    expect(seen[2]).toEqual(new Uint8Array(32_768).fill(2));
    seen.length = 0;
    const without = create({ serverNoContextTakeover: true }, 0, spy);
    for (let i = 0; i < 3; i++) without.decodeMessage(new Uint8Array(1), MAX);
    expect(seen).toEqual([undefined, undefined, undefined]);
  });
});
