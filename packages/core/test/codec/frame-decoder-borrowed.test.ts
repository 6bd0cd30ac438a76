// FrameDecoder with `borrowedInput`: every chunk is a view of ONE read buffer that the caller
// overwrites once it has drained next(), copied the borrowed payloads and called detachInput().
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame, type Frame } from '../../src/codec/index.js';
import { concat } from '../protocol/wire.js';
import { expectFrames, serverFrame, serverWire, splitAt } from './frame-arbitraries.js';

const encode = (f: Frame): Uint8Array[] => encodeFrame(f.opcode, f.payload, { fin: f.fin, rsv1: f.rsv1 });

/** Overwrites all of `buffer` with a pattern that changes from round to round. */
function scribble(buffer: Uint8Array, round: number): void {
  for (let i = 0; i < buffer.length; i++) buffer[i] = (i * 29 + round * 101 + 7) & 0xff;
}

/** A frame the caller may keep: its payload copied when the decoder says it is a view. */
function keep(decoder: FrameDecoder, frame: Frame): Frame {
  return { ...frame, payload: decoder.payloadIsBorrowed ? new Uint8Array(frame.payload) : frame.payload };
}

/** Drains next(), keeping every frame. */
function drain(decoder: FrameDecoder, into: Frame[]): void {
  let frame: Frame | undefined;
  while ((frame = decoder.next()) !== undefined) into.push(keep(decoder, frame));
}

describe('FrameDecoder with borrowed input', () => {
  it('keeps every payload intact when each chunk is read into one reused buffer that is then overwritten', () => {
    fc.assert(
      fc.property(
        fc.array(serverFrame, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.nat(16),
        (frames, cuts, drainAfter, at) => {
          const chunks = splitAt(concat(frames.map((f) => serverWire(f, encode))), cuts);
          const readBuffer = new Uint8Array(at + Math.max(1, ...chunks.map((c) => c.length)));
          const decoder = new FrameDecoder({ borrowedInput: true });
          const kept: Frame[] = [];
          chunks.forEach((chunk, round) => {
            readBuffer.set(chunk, at);
            decoder.feed(readBuffer.subarray(at, at + chunk.length));
            // Sometimes the caller stops before draining: the fed bytes wait in the decoder.
            if (drainAfter[round % drainAfter.length]) drain(decoder, kept);
            decoder.detachInput();
            scribble(readBuffer, round);
          });
          drain(decoder, kept);
          expectFrames(kept, frames);
          // Nothing kept without a copy may point into the read buffer.
          expect(kept.some((f) => f.payload.length > 0 && f.payload.buffer === readBuffer.buffer)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns a frame that spans chunks in a buffer of its own, unaffected when the chunk is overwritten', () => {
    const payload = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload }, encode);
    const readBuffer = new Uint8Array(wire.length);
    const decoder = new FrameDecoder({ borrowedInput: true });
    readBuffer.set(wire.subarray(0, 100));
    decoder.feed(readBuffer.subarray(0, 100));
    expect(decoder.next()).toBeUndefined();
    decoder.detachInput();
    scribble(readBuffer, 1);
    readBuffer.set(wire.subarray(100));
    decoder.feed(readBuffer.subarray(0, wire.length - 100));
    const frame = decoder.next();
    expect(decoder.payloadIsBorrowed).toBe(false);
    expect(frame?.payload.buffer).not.toBe(readBuffer.buffer);
    const received = frame!.payload;
    scribble(readBuffer, 2);
    expect(received).toEqual(payload);
  });

  it('returns a frame that lies in one chunk as a view of it and says so', () => {
    const readBuffer = new Uint8Array(64);
    readBuffer.set([0x82, 0x03, 1, 2, 3], 10);
    const decoder = new FrameDecoder({ borrowedInput: true });
    decoder.feed(readBuffer.subarray(10, 15));
    const frame = decoder.next();
    expect(decoder.payloadIsBorrowed).toBe(true);
    expect(frame?.payload.buffer).toBe(readBuffer.buffer);
    expect(frame?.payload.byteOffset).toBe(12);
    expect([...frame!.payload]).toEqual([1, 2, 3]);
  });

  it('copies fed bytes not parsed yet on detachInput, so the chunks may be overwritten before next()', () => {
    const first = concat([Uint8Array.of(0x81, 0x02, 0x68, 0x69), Uint8Array.of(0x82, 0x04, 9, 8)]);
    const second = concat([Uint8Array.of(7, 6), Uint8Array.of(0x89, 0x01, 0x50)]);
    // Two reads land in two regions of the same buffer; neither is parsed before detachInput.
    const readBuffer = new Uint8Array(64);
    readBuffer.set(first, 0);
    readBuffer.set(second, 32);
    const decoder = new FrameDecoder({ borrowedInput: true });
    decoder.feed(readBuffer.subarray(0, first.length));
    decoder.feed(readBuffer.subarray(32, 32 + second.length));
    decoder.detachInput();
    scribble(readBuffer, 3);
    const kept: Frame[] = [];
    drain(decoder, kept);
    expect(kept.map((f) => [f.opcode, [...f.payload]])).toEqual([[1, [0x68, 0x69]], [2, [9, 8, 7, 6]], [9, [0x50]]]);
  });

  it('copies the rest of a chunk on detachInput after the caller stopped between frames', () => {
    const readBuffer = Uint8Array.of(0x82, 0x01, 0xaa, 0x82, 0x02, 0xbb, 0xcc, 0x82);
    const decoder = new FrameDecoder({ borrowedInput: true });
    decoder.feed(readBuffer);
    expect([...decoder.next()!.payload]).toEqual([0xaa]);
    decoder.detachInput();
    scribble(readBuffer, 4);
    expect([...decoder.next()!.payload]).toEqual([0xbb, 0xcc]);
    // The split header's first byte was kept too.
    readBuffer.set([0x01, 0xdd]);
    decoder.feed(readBuffer.subarray(0, 2));
    expect([...decoder.next()!.payload]).toEqual([0xdd]);
  });

  it('keeps a header split across chunks when the first chunk is overwritten', () => {
    const payload = Uint8Array.from({ length: 200 }, (_, i) => 255 - (i & 0xff));
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload }, encode);
    const readBuffer = new Uint8Array(wire.length);
    const decoder = new FrameDecoder({ borrowedInput: true });
    readBuffer.set(wire.subarray(0, 3)); // 0x82 0x7e and half of the 16-bit length
    decoder.feed(readBuffer.subarray(0, 3));
    expect(decoder.next()).toBeUndefined();
    decoder.detachInput();
    scribble(readBuffer, 5);
    readBuffer.set(wire.subarray(3));
    decoder.feed(readBuffer.subarray(0, wire.length - 3));
    const frame = decoder.next();
    expect(frame?.payload).toEqual(payload);
    // The payload began in the chunk the header ended in: a view of it.
    expect(decoder.payloadIsBorrowed).toBe(true);
  });

  it('keeps every frame intact when the reader reads straight into the read target whenever one is offered', () => {
    fc.assert(
      fc.property(
        fc.array(serverFrame, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        fc.nat(8),
        (frames, readSizes, minBytes) => {
          const wire = concat(frames.map((f) => serverWire(f, encode)));
          const readBuffer = new Uint8Array(64);
          const decoder = new FrameDecoder({ borrowedInput: true });
          const kept: Frame[] = [];
          for (let at = 0, round = 0; at < wire.length; round++) {
            // A transport reads at most the buffer it is given: the target, or its own.
            const target = decoder.payloadReadTarget(minBytes);
            const buffer = target ?? readBuffer;
            const length = Math.min(readSizes[round % readSizes.length]!, buffer.length, wire.length - at);
            buffer.set(wire.subarray(at, at + length));
            at += length;
            decoder.feed(buffer.subarray(0, length));
            drain(decoder, kept);
            decoder.detachInput();
            scribble(readBuffer, round);
          }
          expectFrames(kept, frames);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('offers the missing part of a payload it fills in place as the read target, and does not copy bytes read into it', () => {
    const payload = Uint8Array.from({ length: 1000 }, (_, i) => (i * 13) & 0xff);
    const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload }, encode);
    const copies: number[] = [];
    // The payload's buffer counts the copies made into it.
    class CountingBuffer extends Uint8Array {
      override set(source: ArrayLike<number>, offset?: number): void {
        copies.push(source.length);
        super.set(source, offset);
      }
    }
    const decoder = new FrameDecoder({ borrowedInput: true, allocate: (length) => new CountingBuffer(length) });
    // Header (4 bytes) and the first 100 payload bytes arrive in an ordinary read.
    decoder.feed(wire.slice(0, 104));
    expect(decoder.next()).toBeUndefined();
    expect(copies).toEqual([100]);
    const target = decoder.payloadReadTarget(900) as Uint8Array;
    expect([target.length, target.byteOffset]).toEqual([900, 100]);
    expect(decoder.payloadReadTarget(901)).toBeUndefined();
    // Two reads land in the target (the kernel writes there, not `set`): the view of the first
    // starts where the target starts.
    const read = (into: Uint8Array, bytes: Uint8Array) => new Uint8Array(into.buffer, into.byteOffset).set(bytes);
    read(target, wire.subarray(104, 504));
    decoder.feed(target.subarray(0, 400));
    expect(decoder.next()).toBeUndefined();
    const rest = decoder.payloadReadTarget(1) as Uint8Array;
    expect([rest.length, rest.byteOffset, rest.buffer]).toEqual([500, 500, target.buffer]);
    read(rest, wire.subarray(504));
    decoder.feed(rest);
    const frame = decoder.next() as Frame;
    expect(new Uint8Array(frame.payload)).toEqual(payload);
    expect(frame.payload.buffer).toBe(target.buffer);
    expect(copies).toEqual([100]);
    expect(decoder.payloadReadTarget(0)).toBeUndefined();
  });

  it.each([true, false])(
    'parses the next frame after the application transferred a payload read straight into its buffer (detachInput called: %s)',
    (detached) => {
      const length = 300_000;
      const wire = serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload: new Uint8Array(length).fill(7) }, encode);
      const decoder = new FrameDecoder({ borrowedInput: true });
      decoder.feed(wire.slice(0, 10));
      expect(decoder.next()).toBeUndefined();
      const target = decoder.payloadReadTarget(1) as Uint8Array;
      target.set(wire.subarray(10));
      decoder.feed(target);
      expect(decoder.next()?.payload.length).toBe(length);
      const payload = decoder.ownPayload();
      expect(payload.buffer).toBe(target.buffer);
      if (detached) decoder.detachInput();
      // The application moves the message to a worker: every view of its memory now reads as empty.
      structuredClone(payload.buffer, { transfer: [payload.buffer as ArrayBuffer] });
      expect(target.length).toBe(0);
      decoder.feed(Uint8Array.of(0x82, 0x01, 0x61));
      expect([...(decoder.next()?.payload ?? [])]).toEqual([0x61]);
    },
  );

  it('offers no read target between frames, while fed bytes wait to be parsed, for views it keeps, or once failed', () => {
    const big = (length: number) => serverWire({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 2, payload: new Uint8Array(length) }, encode);
    const decoder = new FrameDecoder({ borrowedInput: true });
    expect(decoder.payloadReadTarget(0)).toBeUndefined();
    decoder.feed(big(300).subarray(0, 10));
    decoder.feed(Uint8Array.of(0));
    // Fed, not parsed: the target would be out of date.
    expect(decoder.payloadReadTarget(0)).toBeUndefined();
    expect(decoder.next()).toBeUndefined();
    expect(decoder.payloadReadTarget(0)?.length).toBe(293);
    // Without borrowed input the decoder keeps views of the chunks: nothing to read into.
    const viewing = new FrameDecoder();
    viewing.feed(big(300).subarray(0, 10));
    expect(viewing.next()).toBeUndefined();
    expect(viewing.payloadReadTarget(0)).toBeUndefined();
    // A reserved opcode fails the decoder: no target after that.
    const failing = new FrameDecoder({ borrowedInput: true });
    failing.feed(Uint8Array.of(0x83, 0x00));
    expect(() => failing.next()).toThrow();
    expect(failing.payloadReadTarget(0)).toBeUndefined();
  });

  it('still returns a payload assembled from one later chunk as a view without borrowedInput (unchanged)', () => {
    const decoder = new FrameDecoder();
    decoder.feed(Uint8Array.of(0x82, 0x03));
    expect(decoder.next()).toBeUndefined();
    const chunk = Uint8Array.of(1, 2, 3);
    decoder.feed(chunk);
    expect(decoder.next()?.payload.buffer).toBe(chunk.buffer);
    expect(decoder.payloadIsBorrowed).toBe(true);
  });
});
