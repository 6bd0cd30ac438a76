import { randomBytes } from 'node:crypto';
import { constants, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PerMessageDeflate } from '../../src/extensions/index.js';
import type { DeflateCodec } from '../../src/extensions/index.js';
import { agreement, create, flushThrough, MAX, messages, plain } from './deflate-fixtures.js';
import { zlibCodec } from './zlib-codec.js';

describe('PerMessageDeflate encoding', () => {
  it.each([15, 10, 9])('produces messages a continuous zlib inflate stream with a 2^%i window decodes', async (bits) => {
    const sender = create({ clientMaxWindowBits: bits }, 64);
    const peer = createInflateRaw({ windowBits: bits });
    let compressed = 0;
    for (const message of [...messages(), Buffer.from('tiny')]) {
      const encoded = sender.encodeMessage(message, false);
      if (encoded === undefined) continue;
      compressed++;
      expect(encoded.length).toBeLessThan(message.length);
      const tail = Uint8Array.from([...encoded.subarray(-3), 0, 0, 0xff, 0xff]);
      const out = await flushThrough(peer, Buffer.concat([encoded.subarray(0, -3), tail]));
      expect(plain(out)).toEqual(plain(message));
    }
    peer.close();
    expect(compressed).toBe(6);
  });

  it('refers back into earlier messages under context takeover, and does not without it', () => {
    const message = Buffer.from(randomBytes(1500).toString('base64'));
    const takeover = create();
    const first = takeover.encodeMessage(message, true)!;
    expect(takeover.encodeMessage(message, true)!.length).toBeLessThan(first.length / 4);
    const fresh = create({ clientNoContextTakeover: true });
    fresh.encodeMessage(message, true);
    const again = fresh.encodeMessage(message, true)!;
    expect(plain(again)).toEqual(plain(first));
    const withTail = Buffer.concat([again, Buffer.from([0, 0, 0xff, 0xff])]);
    expect(plain(inflateRawSync(withTail, { finishFlush: constants.Z_SYNC_FLUSH }))).toEqual(plain(message));
  });

  it('sends messages below thresholdBytes (default 1024) uncompressed', () => {
    const deflate = new PerMessageDeflate({ codec: zlibCodec, agreement: agreement() });
    expect(deflate.encodeMessage(Buffer.alloc(1023, 'a'), true)).toBeUndefined();
    expect(deflate.encodeMessage(Buffer.alloc(1024, 'a'), true)).toBeDefined();
    expect(create({}, 0).encodeMessage(new Uint8Array(0), false)).toBeUndefined();
  });

  it('sends uncompressed when compression does not shrink the message', () => {
    expect(create().encodeMessage(randomBytes(2000), false)).toBeUndefined();
  });

  it('sends everything uncompressed when the agreed client window is 8 bits, which zlib cannot produce', () => {
    let calls = 0;
    const counting: DeflateCodec = { ...zlibCodec, deflateRaw: (...args) => (calls++, zlibCodec.deflateRaw(...args)) };
    expect(create({ clientMaxWindowBits: 8 }, 0, counting).encodeMessage(Buffer.alloc(5000, 'a'), true)).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('passes the codec the agreed window bits and at most 2^bits of dictionary', () => {
    const calls: [number | undefined, number][] = [];
    const spy: DeflateCodec = {
      ...zlibCodec,
      deflateRaw: (data, dictionary, windowBits) => (calls.push([dictionary?.length, windowBits]), zlibCodec.deflateRaw(data, dictionary, windowBits)),
    };
    const sender = create({ clientMaxWindowBits: 10 }, 0, spy);
    sender.encodeMessage(Buffer.alloc(5000, 'a'), true);
    sender.encodeMessage(Buffer.alloc(5000, 'b'), true);
    expect(calls).toEqual([[undefined, 10], [1024, 10]]);
  });

  it('sends codec output that ends with a final block as it is (RFC 7692 §7.2.3.4)', () => {
    const finishing: DeflateCodec = { ...zlibCodec, deflateRaw: (data) => deflateRawSync(data) };
    const message = Buffer.alloc(3000, 'q');
    const encoded = create({}, 0, finishing).encodeMessage(message, false)!;
    expect(plain(create().decodeMessage(encoded, MAX))).toEqual(plain(message));
  });

  it('round-trips through a second PerMessageDeflate', () => {
    const sender = create();
    const receiver = create();
    for (const message of messages()) {
      const encoded = sender.encodeMessage(message, false);
      if (encoded !== undefined) expect(plain(receiver.decodeMessage(encoded, MAX))).toEqual(plain(message));
    }
  });
});

describe('PerMessageDeflate options', () => {
  it('is named permessage-deflate', () => {
    expect(create().name).toBe('permessage-deflate');
  });

  it('rejects an invalid codec, agreement or threshold at construction', () => {
    expect(() => new PerMessageDeflate({ codec: {} as DeflateCodec, agreement: agreement() })).toThrow(TypeError);
    expect(() => create({ clientMaxWindowBits: 16 })).toThrow(RangeError);
    expect(() => create({ serverMaxWindowBits: 7 })).toThrow(RangeError);
    expect(() => create({}, -1)).toThrow(RangeError);
  });
});
