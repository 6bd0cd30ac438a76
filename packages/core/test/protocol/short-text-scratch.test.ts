import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { encodeShortUtf8, SHORT_TEXT_MAX_UNITS } from '../../src/utf8/text-codec.js';
import { create, MAX, text } from '../extensions/deflate-fixtures.js';
import { createProtocol, sentFrames } from './wire.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('short text encoded into a reused scratch buffer', () => {
  it('gives the bytes TextEncoder gives, lone surrogates as U+FFFD, for any text up to the limit', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('\ud800', '\udc00', 'a', '€', '𝄞'), maxLength: 40 }),
      (a, b) => {
        const text = a + b;
        expect([...(encodeShortUtf8(text) ?? [])]).toEqual([...encoder.encode(text)]);
      }));
  });

  it('takes text of up to SHORT_TEXT_MAX_UNITS units, three-byte characters and surrogate pairs included, and no more', () => {
    const euros = '€'.repeat(SHORT_TEXT_MAX_UNITS);
    expect(encodeShortUtf8(euros)?.length).toBe(3 * SHORT_TEXT_MAX_UNITS);
    const clefs = '𝄞'.repeat(SHORT_TEXT_MAX_UNITS / 2);
    expect(decoder.decode(encodeShortUtf8(clefs))).toBe(clefs);
    expect(encodeShortUtf8('a'.repeat(SHORT_TEXT_MAX_UNITS + 1))).toBeUndefined();
  });

  it('keeps every message intact when several are sent before the output is written', () => {
    const protocol = createProtocol();
    const texts = ['first', 'second, longer', '€'.repeat(SHORT_TEXT_MAX_UNITS), 'x'.repeat(SHORT_TEXT_MAX_UNITS + 1), 'last'];
    for (const text of texts) protocol.sendText(text);
    const frames = sentFrames(protocol);
    expect(frames.map((f) => f.opcode)).toEqual(texts.map(() => Opcode.Text));
    expect(frames.map((f) => decoder.decode(f.payload))).toEqual(texts);
  });

  it('keeps fragments intact, and permessage-deflate\'s window of sent messages intact', () => {
    const fragmented = createProtocol();
    fragmented.sendText('abcdefghij', 3);
    fragmented.sendText('0123456789', 4);
    const fragments = sentFrames(fragmented);
    expect(fragments.map((f) => decoder.decode(f.payload))).toEqual(['abc', 'def', 'ghi', 'j', '0123', '4567', '89']);

    // permessage-deflate with context takeover keeps a window of what it sent; inflated in order
    // by a second instance (the peer), every message must come out as it was sent.
    const sender = createProtocol({ extension: create() });
    const peer = create();
    const texts = ['the same words again', 'the same words again and again', 'x'.repeat(5000), 'the same words again!'];
    for (const text of texts) sender.sendText(text);
    const frames = sentFrames(sender);
    expect(frames.filter((f) => f.rsv1).length).toBeGreaterThanOrEqual(2);
    const inflated = frames.map((f) => (f.rsv1 ? text(peer.decodeMessage(f.payload, MAX)) : decoder.decode(f.payload)));
    expect(inflated).toEqual(texts);
  });

  it('sends text the long way, intact, when the encoder stops short of the end (nodejs/node#65994)', () => {
    const real = TextEncoder.prototype.encodeInto;
    // An encoder that leaves the last character out although it fits, as Node 25.4+ can.
    const spy = vi.spyOn(TextEncoder.prototype, 'encodeInto').mockImplementation((source, target) => real.call(encoder, source.slice(0, -1), target));
    try {
      expect(encodeShortUtf8('abc\u00e9')).toBeUndefined();
      const protocol = createProtocol();
      protocol.sendText('d\u00e9j\u00e0 vu');
      expect(sentFrames(protocol).map((f) => decoder.decode(f.payload))).toEqual(['d\u00e9j\u00e0 vu']);
    } finally {
      spy.mockRestore();
    }
  });
});
