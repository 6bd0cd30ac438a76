import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame, type Frame } from '../../src/codec/index.js';
import { ProtocolError } from '../../src/errors/index.js';
import { concat } from '../protocol/wire.js';
import { expectFrames, serverFrame, serverWire, splitAt } from './frame-arbitraries.js';

const encode = (f: Frame): Uint8Array[] => encodeFrame(f.opcode, f.payload, { fin: f.fin, rsv1: f.rsv1 });
const decodeAll = (decoder: FrameDecoder, chunks: Uint8Array[]): Frame[] => chunks.flatMap((c) => decoder.push(c));

describe('FrameDecoder streaming', () => {
  it('decodes what encodeFrame encodes (round trip of random frames)', () => {
    fc.assert(
      fc.property(serverFrame, (frame) => {
        expectFrames(new FrameDecoder().push(serverWire(frame, encode)), [frame]);
      }),
      { numRuns: 300 },
    );
  });

  it('yields the same frames for every split of the byte stream', () => {
    fc.assert(
      fc.property(fc.array(serverFrame, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 40 }), (frames, cuts) => {
        const stream = concat(frames.map((f) => serverWire(f, encode)));
        expectFrames(decodeAll(new FrameDecoder(), splitAt(stream, cuts)), frames);
      }),
      { numRuns: 300 },
    );
  });

  it('yields the same frames when the stream arrives one byte at a time', () => {
    fc.assert(
      fc.property(fc.array(serverFrame, { maxLength: 4 }), (frames) => {
        const stream = concat(frames.map((f) => serverWire(f, encode)));
        const bytes = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
        expectFrames(decodeAll(new FrameDecoder(), bytes), frames);
      }),
      { numRuns: 40 },
    );
  });

  it('either yields frames or throws a ProtocolError for random bytes, however they are split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        const decoder = new FrameDecoder({ maxFrameBytes: 1 << 20 });
        try {
          decodeAll(decoder, splitAt(bytes, cuts));
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
          expect([1002, 1009]).toContain((error as ProtocolError).closeCode);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores empty chunks anywhere, including inside a header', () => {
    const decoder = new FrameDecoder();
    const wire = Uint8Array.of(0x82, 0x7e, 0x00, 0x80, ...new Uint8Array(128));
    const empty = new Uint8Array(0);
    const frames = decodeAll(decoder, [empty, wire.subarray(0, 1), empty, wire.subarray(1, 3), empty, wire.subarray(3), empty]);
    expect(frames.map((f) => f.payload.length)).toEqual([128]);
  });

  it('returns empty frames even when they end a chunk', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Uint8Array.of(0x89, 0x00, 0x8a))).toEqual([
      { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 9, payload: new Uint8Array(0) },
    ]);
    expect(decoder.push(Uint8Array.of(0x00))).toEqual([
      { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 10, payload: new Uint8Array(0) },
    ]);
  });
});

describe('FrameDecoder payload memory', () => {
  it('returns a zero-copy view of the chunk when the whole payload lies in it', () => {
    const chunk = Uint8Array.of(0x82, 0x03, 1, 2, 3, 0x82, 0x02, 4, 5);
    const [first, second] = new FrameDecoder().push(chunk);
    expect(first.payload.buffer).toBe(chunk.buffer);
    expect(first.payload.byteOffset).toBe(2);
    expect(second.payload.buffer).toBe(chunk.buffer);
    expect(second.payload.byteOffset).toBe(7);
  });

  it('returns a zero-copy view when only the header was split across chunks', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Uint8Array.of(0x82, 0x7e, 0x00))).toEqual([]);
    const rest = Uint8Array.of(0x7e, ...new Uint8Array(126).fill(9));
    const [frame] = decoder.push(rest);
    expect(frame.payload.buffer).toBe(rest.buffer);
    expect(frame.payload).toEqual(new Uint8Array(126).fill(9));
  });

  it('fills one buffer of the exact payload length when the payload spans chunks', () => {
    const decoder = new FrameDecoder();
    const payload = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const wire = concat([Uint8Array.of(0x82, 0x7e, 0x03, 0xe8), payload]);
    const chunks = splitAt(wire, [3, 100, 500, 999]);
    const frames = decodeAll(decoder, chunks);
    expect(frames).toHaveLength(1);
    expect(frames[0].payload).toEqual(payload);
    expect(frames[0].payload.buffer.byteLength).toBe(1000);
    expect(chunks.some((c) => c.buffer === frames[0].payload.buffer)).toBe(false);
  });
});
