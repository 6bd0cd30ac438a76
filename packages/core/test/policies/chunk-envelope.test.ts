import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkEnvelope, createReassembler, encodeChunk, isChunkEnvelope, splitMessage } from '../../src/policies/index.js';

describe('ChunkEnvelope', () => {
  it('encodes the documented header: magic, flags, id and index big-endian', () => {
    const bytes = ChunkEnvelope.encode({ messageId: 0x01020304, index: 0x0a0b0c0d, final: true, isText: true, payload: new Uint8Array([9]) });
    expect([...bytes]).toEqual([0xa1, 0x03, 1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d, 9]);
    const binary = ChunkEnvelope.encode({ messageId: 7, index: 0, final: false, isText: false, payload: new Uint8Array() });
    expect([...binary]).toEqual([0xa1, 0, 0, 0, 0, 7, 0, 0, 0, 0]);
  });

  it('round-trips any chunk', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.boolean(), fc.boolean(), fc.uint8Array({ maxLength: 64 }),
        (messageId, index, final, isText, payload) => {
          const decoded = ChunkEnvelope.decode(ChunkEnvelope.encode({ messageId, index, final, isText, payload }));
          expect(decoded).toEqual({ messageId, index, final, isText, payload });
        }),
    );
  });

  it('keeps message ids and indexes modulo 2^32, as the sender counts past it', () => {
    expect([...encodeChunk(2 ** 32 + 5, 2 ** 32 + 1, false, false, new Uint8Array())]).toEqual([0xa1, 0, 0, 0, 0, 5, 0, 0, 0, 1]);
  });

  it('recognises an envelope by its first byte only, and an empty message as none', () => {
    expect(isChunkEnvelope(new Uint8Array([0xa1]))).toBe(true);
    expect(isChunkEnvelope(new Uint8Array([0xa2, 0xa1]))).toBe(false);
    expect(isChunkEnvelope(new Uint8Array())).toBe(false);
  });

  it('lets createReassembler keep its partial messages in a map the caller owns', () => {
    const partials = new Map();
    const reassemble = createReassembler({}, partials);
    expect(reassemble(encodeChunk(9, 0, false, true, new Uint8Array([104])))).toEqual({ kind: 'partial' });
    expect(partials.size).toBe(1);
    expect(reassemble(encodeChunk(9, 1, true, true, new Uint8Array([105])))).toEqual({ kind: 'message', isText: true, data: new Uint8Array([104, 105]) });
    expect(partials.size).toBe(0);
  });

  it('describes malformed envelopes instead of throwing', () => {
    expect(ChunkEnvelope.decode(new Uint8Array([0xa1, 0]))).toMatch(/header alone is 10/);
    expect(ChunkEnvelope.decode(new Uint8Array(10))).toMatch(/expected 0xa1/);
    expect(ChunkEnvelope.decode(new Uint8Array([0xa1, 0x04, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatch(/reserved/);
  });

  it('decodes a chunk inside a larger buffer (byteOffset respected)', () => {
    const inner = ChunkEnvelope.encode({ messageId: 5, index: 2, final: true, isText: false, payload: new Uint8Array([1, 2]) });
    const outer = new Uint8Array(inner.byteLength + 3);
    outer.set(inner, 3);
    expect(ChunkEnvelope.decode(outer.subarray(3))).toMatchObject({ messageId: 5, index: 2, payload: new Uint8Array([1, 2]) });
  });
});

describe('splitMessage', () => {
  it('cuts into views of at most sizeBytes, in order', () => {
    const payload = Uint8Array.from({ length: 10 }, (_, i) => i);
    const pieces = splitMessage(payload, 4);
    expect(pieces.map((p) => [...p])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(pieces[1].buffer).toBe(payload.buffer);
  });

  it('keeps a small or empty message whole', () => {
    expect(splitMessage(new Uint8Array(4), 4)).toHaveLength(1);
    expect(splitMessage(new Uint8Array(0), 4)).toHaveLength(1);
  });

  it('rejects a size below 1', () => {
    expect(() => splitMessage(new Uint8Array(1), 0)).toThrow(RangeError);
    expect(() => splitMessage(new Uint8Array(1), 1.5)).toThrow(RangeError);
  });
});
