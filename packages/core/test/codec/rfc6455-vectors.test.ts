import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame, type Frame } from '../../src/codec/index.js';
import { applyMaskNaive } from '../../src/mask/index.js';
import { concat } from '../protocol/wire.js';
import { catchProtocolError } from './catch-protocol-error.js';
import { rfc6455Vectors, type WireVector } from './rfc6455-vectors.js';


const asFrame = (f: { opcode: number; fin: boolean; payload: Uint8Array }): Frame =>
  ({ fin: f.fin, rsv1: false, rsv2: false, rsv3: false, opcode: f.opcode, payload: f.payload });

/** The bytes a server would send for the same frames: MASK bit clear, key dropped, payload unmasked. */
function unmaskWire(vector: WireVector): Uint8Array {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const frame of vector.frames) {
    const len7 = vector.bytes[at + 1] & 0x7f;
    const headerBytes = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
    const header = vector.bytes.slice(at, at + headerBytes);
    header[1] &= 0x7f;
    at += headerBytes + (frame.maskKey ? 4 : 0);
    const payload = vector.bytes.slice(at, at + frame.payload.length);
    if (frame.maskKey) applyMaskNaive(payload, frame.maskKey, payload);
    at += frame.payload.length;
    out.push(header, payload);
  }
  return concat(out);
}

/**
 * Checks a vector both ways: encode(frames) gives exactly the bytes, and decoding the bytes gives
 * exactly the frames. A client decoder must refuse masked frames, so for a masked vector the
 * decode direction checks that refusal and then decodes the same frames as a server sends them.
 */
function expectWireFormat(vector: WireVector): void {
  const encoded = concat(vector.frames.flatMap((f) => encodeFrame(f.opcode, f.payload, { fin: f.fin, maskKey: f.maskKey })));
  expect(encoded).toEqual(vector.bytes);

  const masked = vector.frames.some((f) => f.maskKey !== undefined);
  if (masked) {
    catchProtocolError(() => new FrameDecoder().push(vector.bytes), 'ERR_MASKED_FRAME', 1002);
  }
  const wire = masked ? unmaskWire(vector) : vector.bytes;
  expect(new FrameDecoder().push(wire)).toEqual(vector.frames.map(asFrame));
}

describe('RFC 6455 §5.7 examples', () => {
  it.each(rfc6455Vectors.map((v) => [v.name, v] as const))('encodes and decodes %s', (_name, vector) => {
    expectWireFormat(vector);
  });

  it('decodes the examples back to back from one stream, one byte at a time', () => {
    const unmasked = rfc6455Vectors.filter((v) => v.frames.every((f) => !f.maskKey));
    const stream = concat(unmasked.map((v) => v.bytes));
    const decoder = new FrameDecoder();
    const frames: Frame[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...decoder.push(stream.subarray(i, i + 1)));
    expect(frames).toEqual(unmasked.flatMap((v) => v.frames.map(asFrame)));
  });
});
