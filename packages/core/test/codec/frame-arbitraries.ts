import fc from 'fast-check';
import { expect } from 'vitest';
import type { Frame } from '../../src/codec/index.js';
import { concat } from '../protocol/wire.js';

const filled = (length: number, seed: number): Uint8Array => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + seed) & 0xff;
  return out;
};

/** Payloads that hit each length encoding: 7-bit, 16-bit (126..65535) and 64-bit (≥ 65536). */
const dataPayload = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 140 }) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 126, max: 70_000 }), fc.nat(255)).map(([n, s]) => filled(n, s)) },
  { weight: 1, arbitrary: fc.constantFrom(125, 126, 65535, 65536).map((n) => filled(n, n)) },
);

/** Any frame a server may legally send (RSV bits random: the decoder passes them through). */
export const serverFrame: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({
    fin: fc.boolean(),
    rsv1: fc.boolean(),
    rsv2: fc.boolean(),
    rsv3: fc.boolean(),
    opcode: fc.constantFrom(0, 1, 2),
    payload: dataPayload,
  }),
  fc.record({
    fin: fc.constant(true),
    rsv1: fc.boolean(),
    rsv2: fc.boolean(),
    rsv3: fc.boolean(),
    opcode: fc.constantFrom(8, 9, 10),
    payload: fc.uint8Array({ maxLength: 125 }),
  }),
);

/** Splits `bytes` at the given cut points (any numbers; taken modulo the length, sorted). */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/**
 * Wire bytes of a server frame. encodeFrame has no rsv2/rsv3 options (a client never sets them),
 * so those bits are OR-ed into the header it returns.
 */
export function serverWire(frame: Frame, encode: (f: Frame) => Uint8Array[]): Uint8Array {
  const [header, payload] = encode(frame);
  header[0] |= (frame.rsv2 ? 0x20 : 0) | (frame.rsv3 ? 0x10 : 0);
  return concat([header, payload]);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Frames as comparable values: the flags, the length, and whether the payload equals the
 * expected one (vitest's deep equality walks big typed arrays one element at a time, slowly).
 */
export function describeFrames(frames: Frame[], expected: Frame[]): unknown[] {
  return frames.map((f, i) => ({
    fin: f.fin, rsv1: f.rsv1, rsv2: f.rsv2, rsv3: f.rsv3, opcode: f.opcode, length: f.payload.length,
    payloadMatches: expected[i] !== undefined && sameBytes(f.payload, expected[i].payload),
  }));
}

/** Expects `actual` to be exactly the frames `expected`, payload bytes included. */
export function expectFrames(actual: Frame[], expected: Frame[]): void {
  expect(describeFrames(actual, expected)).toEqual(describeFrames(expected, expected));
}
