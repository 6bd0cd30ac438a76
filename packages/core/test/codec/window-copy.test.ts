import { describe, expect, it } from 'vitest';
import { COPY_WINDOW_BYTES, WindowCopy, windowBytesFor } from '../../src/codec/window-copy.js';
import { frameHeaderBytes } from '../../src/codec/encode-frame.js';
import { FrameRecord } from '../../src/codec/frame-record.js';

const allocate = (length: number) => new Uint8Array(length).fill(0xee);
const chunkOf = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff);

describe('WindowCopy (owned copies of payloads in a borrowed chunk)', () => {
  it('copies a window once and hands the next payloads in it out as views of that copy', () => {
    const chunk = chunkOf(4096);
    const copies = new WindowCopy();
    const first = copies.take(chunk, 10, 100, allocate);
    const second = copies.take(chunk, 110, 200, allocate);
    expect(first.buffer === second.buffer).toBe(true);
    expect(first.buffer === chunk.buffer).toBe(false);
    chunk.fill(0);
    expect([...first]).toEqual([...chunkOf(4096).subarray(10, 110)]);
    expect([...second]).toEqual([...chunkOf(4096).subarray(110, 310)]);
  });

  it('makes its views of the class subarray() would (a Buffer stays a Buffer), at the right offset', () => {
    class Bytes extends Uint8Array {}
    const pooled = (length: number) => new Bytes(new ArrayBuffer(length + 64), 32, length);
    const copies = new WindowCopy();
    const chunk = chunkOf(4096);
    copies.take(chunk, 0, 10, pooled);
    const view = copies.take(chunk, 10, 20, pooled);
    expect(view).toBeInstanceOf(Bytes);
    expect(view.byteOffset).toBe(32 + 10);
    expect([...view]).toEqual([...chunk.subarray(10, 30)]);
    const buffers = new WindowCopy();
    buffers.take(chunk, 0, 10, (length) => Buffer.allocUnsafe(length));
    expect(Buffer.isBuffer(buffers.take(chunk, 10, 5, allocate))).toBe(true);
    const plain = new WindowCopy();
    plain.take(chunk, 0, 10, allocate);
    expect(Object.getPrototypeOf(plain.take(chunk, 10, 5, allocate))).toBe(Uint8Array.prototype);
  });

  it('refuses with 1009 an allocator that returns a buffer of another length, instead of handing out its extra bytes', () => {
    const chunk = Uint8Array.from({ length: 40_000 }, (_, i) => i & 0xff);
    const longer = (length: number) => new Uint8Array(length + 3);
    // A window, a payload copied alone, an empty payload.
    for (const [start, length] of [[0, 100], [0, 20_000], [5, 0]]) {
      expect(() => new WindowCopy().take(chunk, start, length, longer)).toThrow(expect.objectContaining({ closeCode: 1009 }));
    }
  });

  it('gives a payload larger than the window a copy of exactly its length', () => {
    const chunk = chunkOf(COPY_WINDOW_BYTES * 2);
    const payload = new WindowCopy().take(chunk, 5, COPY_WINDOW_BYTES + 1, allocate);
    expect(payload.length).toBe(COPY_WINDOW_BYTES + 1);
    expect(payload.buffer.byteLength).toBe(COPY_WINDOW_BYTES + 1);
  });

  it('starts a new window for another chunk, for bytes outside the window, and after release()', () => {
    const copies = new WindowCopy();
    const chunk = chunkOf(COPY_WINDOW_BYTES * 3);
    const a = copies.take(chunk, 0, 10, allocate);
    const otherChunk = chunkOf(100);
    const b = copies.take(otherChunk, 0, 10, allocate);
    expect(a.buffer === b.buffer).toBe(false);
    const c = copies.take(chunk, COPY_WINDOW_BYTES * 2, 10, allocate);
    const d = copies.take(chunk, COPY_WINDOW_BYTES * 2 + 10, 10, allocate);
    expect(c.buffer === d.buffer).toBe(true);
    copies.release();
    expect(copies.take(chunk, COPY_WINDOW_BYTES * 2 + 20, 10, allocate).buffer === d.buffer).toBe(false);
  });
});

/** A chunk of back-to-back unmasked binary frames of `length` bytes each, and their payload offsets. */
function chunkOfFrames(length: number, count: number): { chunk: Uint8Array; starts: number[] } {
  const header = frameHeaderBytes(length);
  const chunk = chunkOf((length + header) * count);
  const starts = Array.from({ length: count }, (_, i) => i * (length + header) + header);
  return { chunk, starts };
}

describe('WindowCopy windows end on frame boundaries', () => {
  it.each([
    [8 * 1024, 2],
    [4 * 1024, 4],
    [2 * 1024, 8],
    [1024, 16],
    [100, 161],
  ])('a run of %i-byte messages shares one window %i at a time, with no message cut short', (length, perWindow) => {
    const { chunk, starts } = chunkOfFrames(length, perWindow * 3);
    const copies = new WindowCopy();
    let allocations = 0;
    const counting = (n: number) => {
      allocations++;
      return allocate(n);
    };
    const payloads = starts.map((start) => copies.take(chunk, start, length, counting));
    expect(allocations).toBe(3);
    payloads.forEach((payload, i) => expect(payload.buffer === payloads[i - (i % perWindow)]!.buffer).toBe(true));
    expect(payloads.every((payload, i) => payload.every((byte, j) => byte === chunk[starts[i]! + j]))).toBe(true);
  });

  it('copies a payload of about 10.7 KiB and more alone, with nothing of the next frame', () => {
    const length = 11 * 1024;
    const { chunk, starts } = chunkOfFrames(length, 2);
    const payload = new WindowCopy().take(chunk, starts[0]!, length, allocate);
    expect(payload.buffer.byteLength).toBe(length);
  });

  it('never copies more than 4/3 of the window size, and always the whole payload', () => {
    let largest = 0;
    const tooShort: number[] = [];
    const notAlone: number[] = [];
    for (let length = 0; length <= 3 * COPY_WINDOW_BYTES; length++) {
      const bytes = windowBytesFor(length);
      if (bytes < length) tooShort.push(length);
      if (length >= 10_919 && bytes !== length) notAlone.push(length);
      if (length < 10_919) largest = Math.max(largest, bytes);
    }
    expect([tooShort, notAlone]).toEqual([[], []]);
    expect(largest).toBeLessThanOrEqual((COPY_WINDOW_BYTES * 4) / 3);
    expect([windowBytesFor(10_918), windowBytesFor(10_919)]).toEqual([21_840, 10_919]);
    // Headers of 2, 4 and 10 bytes: 161 frames of 102, 4 of 4 100, one of 65 546 (less its header).
    expect([windowBytesFor(100), windowBytesFor(4096), windowBytesFor(65_536)]).toEqual([161 * 102 - 2, 4 * 4100 - 4, 65_536]);
  });

  it('never copies past the end of the chunk: the last payload of a chunk gets a copy of exactly its length', () => {
    const length = 4096;
    const { chunk, starts } = chunkOfFrames(length, 10);
    const copies = new WindowCopy();
    const payloads = starts.map((start) => copies.take(chunk, start, length, allocate));
    payloads.forEach((payload, i) => expect(payload.buffer.byteLength).toBeLessThanOrEqual(chunk.length - starts[i - (i % 4)]!));
    expect(payloads[8]!.buffer.byteLength).toBe(length + frameHeaderBytes(length) + length);
    expect(payloads[9]!.buffer === payloads[8]!.buffer).toBe(true);
    const last = new WindowCopy().take(chunk, starts[9]!, length, allocate);
    expect(last.buffer.byteLength).toBe(length);
  });

  it('gives an empty payload an empty buffer of its own, and keeps no window for it', () => {
    const { chunk, starts } = chunkOfFrames(0, 3);
    const copies = new WindowCopy();
    const lengths: number[] = [];
    const empty = copies.take(chunk, starts[0]!, 0, (n) => {
      lengths.push(n);
      return allocate(n);
    });
    expect([empty.length, empty.buffer.byteLength, lengths]).toEqual([0, 0, [0]]);
  });
});

describe('FrameRecord (the decoder\'s reused frame)', () => {
  it('makes the payload view only when read, and still spreads with every field', () => {
    const record = new FrameRecord();
    const chunk = chunkOf(64);
    record.setRange(chunk, 8, 24);
    expect(record.payloadLength).toBe(16);
    const copy = { ...record };
    expect(Object.keys(copy)).toEqual(['fin', 'rsv1', 'rsv2', 'rsv3', 'opcode', 'payload']);
    expect([...copy.payload]).toEqual([...chunk.subarray(8, 24)]);
    const own = new Uint8Array([1, 2, 3]);
    record.payload = own;
    expect(record.payload === own).toBe(true);
    expect(record.payloadLength).toBe(3);
  });
});
