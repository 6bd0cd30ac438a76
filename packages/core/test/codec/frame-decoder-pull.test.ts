import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame, type Frame } from '../../src/codec/index.js';
import { FILL_IN_PLACE_ABOVE_BYTES } from '../../src/codec/payload-assembly.js';
import { ProtocolError } from '../../src/errors/index.js';
import { concat } from '../protocol/wire.js';
import { expectFrames, serverFrame, serverWire, splitAt } from './frame-arbitraries.js';

const encode = (f: Frame): Uint8Array[] => encodeFrame(f.opcode, f.payload, { fin: f.fin, rsv1: f.rsv1 });

/** Everything `next()` returns until it needs more bytes, copied out of the reused record. */
function drain(decoder: FrameDecoder): Frame[] {
  const frames: Frame[] = [];
  let frame: Frame | undefined;
  while ((frame = decoder.next()) !== undefined) frames.push({ ...frame });
  return frames;
}

/** An allocator that hands out memory full of garbage (0xAA), as `Buffer.allocUnsafe` may. */
function garbageAllocator(): { allocate: (length: number) => Uint8Array; count: () => number } {
  let calls = 0;
  return {
    allocate: (length) => {
      calls++;
      return new Uint8Array(length).fill(0xaa);
    },
    count: () => calls,
  };
}

describe('FrameDecoder pull API (feed / next)', () => {
  it('yields the same frames as push for every split of the byte stream', () => {
    fc.assert(
      fc.property(fc.array(serverFrame, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 20 }), (frames, cuts) => {
        const decoder = new FrameDecoder();
        const decoded: Frame[] = [];
        for (const chunk of splitAt(concat(frames.map((f) => serverWire(f, encode))), cuts)) {
          decoder.feed(chunk);
          decoded.push(...drain(decoder));
        }
        expectFrames(decoded, frames);
        expect(decoder.hasBufferedInput).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('lets the caller stop between frames and resume later, after feeding more chunks', () => {
    const wire = concat([1, 2, 3].map((n) => serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload: Uint8Array.of(n) }, encode)));
    const decoder = new FrameDecoder();
    decoder.feed(wire.subarray(0, 5));
    expect(decoder.next()?.payload).toEqual(Uint8Array.of(1));
    expect(decoder.hasBufferedInput).toBe(true);
    decoder.feed(wire.subarray(5));
    expect(drain(decoder).map((f) => f.payload[0])).toEqual([2, 3]);
    expect(decoder.hasBufferedInput).toBe(false);
  });

  it('reuses one frame record (no object per frame)', () => {
    const one = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 1, payload: Uint8Array.of(0x61) }, encode);
    const decoder = new FrameDecoder();
    decoder.feed(concat([one, one]));
    expect(decoder.next()).toBe(decoder.next());
  });

  it('returns the frames before a violation, then throws it, then stays failed and drops input', () => {
    const good = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload: Uint8Array.of(7) }, encode);
    const decoder = new FrameDecoder();
    decoder.feed(concat([good, Uint8Array.of(0x83, 0x00)])); // opcode 3 is reserved
    expect(decoder.next()?.payload).toEqual(Uint8Array.of(7));
    expect(() => decoder.next()).toThrow(ProtocolError);
    expect(decoder.hasBufferedInput).toBe(false);
    decoder.feed(good);
    expect(decoder.hasBufferedInput).toBe(false);
    expect(() => decoder.next()).toThrow(ProtocolError);
  });
});

describe('FrameDecoder with an allocator of uninitialised memory', () => {
  it('delivers exactly the payload bytes, never the allocator garbage, for every split', () => {
    fc.assert(
      fc.property(fc.array(serverFrame, { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 30 }), (frames, cuts) => {
        const decoder = new FrameDecoder({ allocate: garbageAllocator().allocate });
        const decoded = splitAt(concat(frames.map((f) => serverWire(f, encode))), cuts).flatMap((c) => decoder.push(c));
        expectFrames(decoded, frames);
      }),
      { numRuns: 200 },
    );
  });

  it('never delivers a partially received frame, and shows only the bytes written so far', () => {
    const payload = new Uint8Array(1000).fill(0x11);
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload }, encode);
    const allocator = garbageAllocator();
    const decoder = new FrameDecoder({ allocate: allocator.allocate });
    for (let offset = 0; offset < wire.length - 1; offset += 100) {
      expect(decoder.push(wire.subarray(offset, Math.min(offset + 100, wire.length - 1)))).toEqual([]);
      const partial = decoder.partialFrame();
      if (partial !== undefined) {
        expect(partial.length).toBe(1000);
        expect(partial.received.every((b) => b === 0x11)).toBe(true);
      }
    }
    expect(decoder.partialFrame()?.received.length).toBe(999);
    const [frame] = decoder.push(wire.subarray(wire.length - 1));
    expect(frame.payload.every((b) => b === 0x11)).toBe(true);
    expect(allocator.count()).toBe(1);
  });

  it('does not allocate for a payload that lies wholly in one chunk (zero-copy view)', () => {
    const allocator = garbageAllocator();
    const decoder = new FrameDecoder({ allocate: allocator.allocate });
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload: new Uint8Array(300) }, encode);
    expect(decoder.push(wire)[0].payload.buffer).toBe(wire.buffer);
    expect(allocator.count()).toBe(0);
  });

  it('turns an allocation failure into 1009 and rejects an allocator that is not a function', () => {
    const decoder = new FrameDecoder({ allocate: () => { throw new RangeError('out of memory'); } });
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload: new Uint8Array(1000) }, encode);
    expect(decoder.push(wire.subarray(0, 500))).toEqual([]);
    expect(() => decoder.push(wire.subarray(500))).toThrow(expect.objectContaining({ closeCode: 1009 }));
    expect(() => new FrameDecoder({ allocate: 5 as unknown as () => Uint8Array })).toThrow(TypeError);
  });

  it('keeps chunk views while a frame arrives and allocates its buffer once, when it is complete', () => {
    const allocator = garbageAllocator();
    const decoder = new FrameDecoder({ allocate: allocator.allocate });
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload: new Uint8Array(3000).fill(5) }, encode);
    decoder.push(wire.subarray(0, 1000));
    decoder.push(wire.subarray(1000, 2000));
    expect(allocator.count()).toBe(0);
    const partial = decoder.partialFrame();
    expect(partial?.pieces.map((p) => p.length)).toEqual([996, 1000]);
    expect(partial?.receivedBytes).toBe(1996);
    const [frame] = decoder.push(wire.subarray(2000));
    expect(allocator.count()).toBe(1);
    expect(frame.payload.length).toBe(3000);
    expect(frame.payload.every((b) => b === 5)).toBe(true);
  });

  it('returns the one view when the whole payload arrived in the chunk after its header', () => {
    const allocator = garbageAllocator();
    const decoder = new FrameDecoder({ allocate: allocator.allocate });
    const payload = new Uint8Array(300).fill(3);
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload }, encode);
    decoder.push(wire.subarray(0, 4));
    const [frame] = decoder.push(wire.subarray(4));
    expect(frame.payload.buffer).toBe(wire.buffer);
    expect(allocator.count()).toBe(0);
  });

  it('fills a frame above FILL_IN_PLACE_ABOVE_BYTES in place, allocated from its header', () => {
    const allocator = garbageAllocator();
    const decoder = new FrameDecoder({ allocate: allocator.allocate });
    const length = FILL_IN_PLACE_ABOVE_BYTES + 1;
    const header = Uint8Array.of(0x82, 127, 0, 0, 0, 0, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
    decoder.push(header);
    expect(allocator.count()).toBe(1);
    const chunk = new Uint8Array(1024 * 1024).fill(0x42);
    let sent = 0;
    let frames: Frame[] = [];
    while (sent < length) {
      const piece = chunk.subarray(0, Math.min(chunk.length, length - sent));
      frames = decoder.push(piece);
      sent += piece.length;
      if (sent < length) expect(decoder.partialFrame()?.receivedBytes).toBe(sent);
    }
    expect(frames[0].payload.length).toBe(length);
    expect(frames[0].payload[0]).toBe(0x42);
    expect(frames[0].payload[length - 1]).toBe(0x42);
    expect(allocator.count()).toBe(1);
  });
});
