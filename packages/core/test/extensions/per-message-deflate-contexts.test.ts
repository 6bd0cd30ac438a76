import { randomBytes } from 'node:crypto';
import { createInflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/errors/index.js';
import type { DeflateCodec } from '../../src/extensions/index.js';
import { create, flushThrough, MAX, messages, plain } from './deflate-fixtures.js';
import { contextCodec, zlibCodec } from './zlib-codec.js';

describe('PerMessageDeflate with a codec that keeps contexts', () => {
  it('carries both windows in the codec contexts, opened at the first compressed message of each direction', async () => {
    const codec = contextCodec();
    const sender = create({ clientMaxWindowBits: 12 }, 0, codec);
    const receiver = create({}, 0, contextCodec());
    expect(codec.log.opened).toEqual([]);
    const peer = createInflateRaw({ windowBits: 12 });
    for (const message of messages()) {
      const encoded = sender.encodeMessage(message, false)!;
      expect(plain(receiver.decodeMessage(encoded, MAX))).toEqual(plain(message));
      const out = await flushThrough(peer, Buffer.concat([encoded, Buffer.from([0, 0, 0xff, 0xff])]));
      expect(plain(out)).toEqual(plain(message));
    }
    peer.close();
    expect(codec.log.opened).toEqual(['deflate 12']);
    expect(codec.log.statelessCalls).toBe(0);
  });

  it('sends a message compressed even when that does not pay, because the context has taken it in', () => {
    const noise = randomBytes(2000);
    const encoded = create({}, 0, contextCodec()).encodeMessage(noise, false)!;
    expect(encoded.length).toBeGreaterThanOrEqual(noise.length);
    expect(plain(create().decodeMessage(encoded, MAX))).toEqual(plain(noise));
    // The stateless route still sends such a message as it is.
    expect(create().encodeMessage(noise, false)).toBeUndefined();
  });

  it('uses the stateless calls and opens no context without context takeover', () => {
    const codec = contextCodec();
    const deflate = create({ clientNoContextTakeover: true, serverNoContextTakeover: true }, 0, codec);
    const encoded = deflate.encodeMessage(messages()[0], false)!;
    deflate.decodeMessage(encoded, MAX);
    expect(codec.log.opened).toEqual([]);
    expect(codec.log.statelessCalls).toBe(2);
  });

  it('falls back to the dictionary route when the codec cannot open a context', () => {
    let dictionaries = 0;
    const declining: DeflateCodec = {
      ...zlibCodec,
      deflateRaw: (data, dictionary, bits) => (dictionary !== undefined && dictionaries++, zlibCodec.deflateRaw(data, dictionary, bits)),
      openInflateContext: () => undefined,
      openDeflateContext: () => undefined,
    };
    const sender = create({}, 0, declining);
    const receiver = create({}, 0, declining);
    for (const message of messages()) {
      const encoded = sender.encodeMessage(message, false);
      if (encoded !== undefined) expect(plain(receiver.decodeMessage(encoded, MAX))).toEqual(plain(message));
    }
    expect(dictionaries).toBeGreaterThan(0);
  });

  it('sends the failing message and every later one uncompressed when the deflate context fails', () => {
    const codec = contextCodec();
    let calls = 0;
    const failing: DeflateCodec = {
      ...codec,
      openDeflateContext: (bits) => {
        const context = codec.openDeflateContext!(bits)!;
        return { process: (data, max) => (++calls === 2 ? (() => { throw new Error('out of memory'); })() : context.process(data, max)), close: () => context.close() };
      },
    };
    const sender = create({}, 0, failing);
    const receiver = create();
    const [first, second, third] = [messages()[0], messages()[1], messages()[4]];
    expect(plain(receiver.decodeMessage(sender.encodeMessage(first, true)!, MAX))).toEqual(plain(first));
    expect(sender.encodeMessage(second, true)).toBeUndefined();
    expect(sender.encodeMessage(third, true)).toBeUndefined();
    expect(calls).toBe(2);
    expect(codec.log.closed).toEqual(['deflate 15']);
  });

  it('sends an empty message uncompressed: a second sync flush in a row would yield no bytes at all', () => {
    const sender = create({}, 0, contextCodec());
    sender.encodeMessage(messages()[0], true);
    expect(sender.encodeMessage(new Uint8Array(0), true)).toBeUndefined();
  });

  it('maps a context RangeError to 1009 and any other context error to 1007', () => {
    const bomb = create({}, 0, contextCodec()).encodeMessage(Buffer.alloc(100_000), false)!;
    const tooBig = (() => { try { create({}, 0, contextCodec()).decodeMessage(bomb, 1000); } catch (error) { return error; } })();
    expect(tooBig).toBeInstanceOf(ProtocolError);
    expect((tooBig as ProtocolError).closeCode).toBe(1009);
    const corrupt = (() => { try { create({}, 0, contextCodec()).decodeMessage(Uint8Array.from([0xff, 0xff, 0xff]), MAX); } catch (error) { return error; } })();
    expect((corrupt as ProtocolError).closeCode).toBe(1007);
  });

  it('closes its contexts on dispose and refuses to code messages after it', () => {
    const codec = contextCodec();
    const deflate = create({}, 0, codec);
    deflate.decodeMessage(create({}, 0, contextCodec()).encodeMessage(messages()[0], false)!, MAX);
    deflate.encodeMessage(messages()[0], false);
    deflate.dispose();
    deflate.dispose();
    expect(codec.log.closed).toEqual(['inflate', 'deflate 15']);
    expect(() => deflate.encodeMessage(messages()[0], false)).toThrow(/disposed/);
    expect(() => deflate.decodeMessage(new Uint8Array(1), MAX)).toThrow(/disposed/);
  });
});
