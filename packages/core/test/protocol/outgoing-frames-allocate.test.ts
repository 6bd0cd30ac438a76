import { describe, expect, it } from 'vitest';
import { frameHeaderBytes, writeFrameHeader } from '../../src/codec/encode-frame.js';
import { applyMaskNaive } from '../../src/mask/index.js';
import { ClientProtocol } from '../../src/protocol/index.js';
import { pushMessageFrames } from '../../src/protocol/outgoing-frames.js';

const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

/** An allocator whose buffers are full of garbage, as `Buffer.allocUnsafe`'s may be. */
function garbageAllocator(lengths: number[]): (length: number) => Uint8Array {
  return (length) => {
    lengths.push(length);
    return new Uint8Array(length).fill(0xa5);
  };
}

/** The frame built by hand: header, key and the payload masked one byte at a time. */
function naiveFrame(opcode: number, payload: Uint8Array, fin: boolean): Uint8Array {
  const keyAt = frameHeaderBytes(payload.length);
  const frame = new Uint8Array(keyAt + 4 + payload.length);
  writeFrameHeader(frame, opcode, fin, false, payload.length, true);
  frame.set(key, keyAt);
  applyMaskNaive(payload, key, frame.subarray(keyAt + 4), 0);
  return frame;
}

function patterned(length: number): Uint8Array {
  const payload = new Uint8Array(length);
  for (let i = 0; i < length; i++) payload[i] = (i * 151 + 7) & 0xff;
  return payload;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

describe('frames built in memory from an allocator that does not zero it', () => {
  const lengths = [0, 1, 125, 126, 4095, 4096, 4097, 65_535, 65_536, 70_001, 1_048_576 + 3];

  it('equal the naive masked frame byte for byte, whatever the buffer held', () => {
    for (const length of lengths) {
      const payload = patterned(length);
      const before = payload.slice();
      const out: Uint8Array[] = [];
      pushMessageFrames(out, 2, payload, false, undefined, () => key, false, { allocate: garbageAllocator([]) });
      expect(out.length).toBe(1);
      expect(sameBytes(out[0], naiveFrame(2, before, true)), `payload of ${length} bytes`).toBe(true);
      expect(sameBytes(payload, before), 'the caller payload is untouched').toBe(true);
    }
  });

  it('equal the naive frames when the message is fragmented', () => {
    const payload = patterned(20_000);
    const out: Uint8Array[] = [];
    pushMessageFrames(out, 2, payload, false, 6_000, () => key, false, { allocate: garbageAllocator([]) });
    const expected = [0, 6_000, 12_000, 18_000].map((start, i) =>
      naiveFrame(i === 0 ? 2 : 0, payload.subarray(start, Math.min(start + 6_000, 20_000)), start + 6_000 >= 20_000));
    expect(out.length).toBe(4);
    out.forEach((frame, i) => expect(sameBytes(frame, expected[i]), `frame ${i}`).toBe(true));
  });

  it('ask the allocator for exactly the frame length, for every frame too long for V8 to keep on its heap (over 64 bytes)', () => {
    const asked: number[] = [];
    const out: Uint8Array[] = [];
    const all = [...lengths, 57, 58, 59];
    for (const length of all) pushMessageFrames(out, 2, patterned(length), false, undefined, () => key, false, { allocate: garbageAllocator(asked) });
    const frameBytes = all.map((length) => frameHeaderBytes(length) + 4 + length);
    // 58 bytes of payload make a 64-byte frame, the last one made with `new Uint8Array`.
    expect(asked).toEqual(frameBytes.filter((bytes) => bytes > 64));
    expect(frameBytes.filter((bytes) => bytes <= 64)).toEqual([6, 7, 63, 64]);
  });
});

describe('ClientProtocol with the platform allocators', () => {
  const fillRandom = (target: Uint8Array) => target.fill(0x5c);
  const keyOf = Uint8Array.of(0x5c, 0x5c, 0x5c, 0x5c);

  function expectMaskedFrame(frame: Uint8Array, payload: Uint8Array): void {
    const keyAt = frameHeaderBytes(payload.length);
    expect(sameBytes(frame.subarray(keyAt, keyAt + 4), keyOf)).toBe(true);
    const unmasked = new Uint8Array(payload.length);
    applyMaskNaive(frame.subarray(keyAt + 4), keyOf, unmasked, 0);
    expect(sameBytes(unmasked, payload)).toBe(true);
  }

  it('takes big outgoing frames from allocateFrame, not from allocate (kept for received payloads)', () => {
    const frames: number[] = [];
    const payloads: number[] = [];
    const protocol = new ClientProtocol({
      platform: { fillRandom, allocate: garbageAllocator(payloads), allocateFrame: garbageAllocator(frames) },
    });
    const payload = patterned(70_000);
    protocol.sendBinary(payload);
    const [frame] = protocol.dataToSend();
    expect(frames).toEqual([frame.length]);
    expect(payloads).toEqual([]);
    expectMaskedFrame(frame, payload);
  });

  it('falls back to allocate for outgoing frames when the platform has no allocateFrame', () => {
    const asked: number[] = [];
    const protocol = new ClientProtocol({ platform: { fillRandom, allocate: garbageAllocator(asked) } });
    const payload = patterned(8_000);
    protocol.sendBinary(payload);
    const [frame] = protocol.dataToSend();
    expect(asked).toEqual([frame.length]);
    expectMaskedFrame(frame, payload);
  });
});
