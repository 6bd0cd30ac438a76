import { concat } from '../protocol/wire.js';
import type { Prng } from './prng.js';
import type { GeneratedStream } from './server-stream.js';

/** Names of the mutations, for reports. */
export type MutationName =
  | 'flip-bit' | 'set-byte' | 'truncate' | 'duplicate' | 'delete' | 'splice' | 'insert-random'
  | 'edit-length' | 'set-opcode' | 'toggle-header-bit';

/** Lengths that probe the §5.2 length rules: non-minimal, top bit set, past 2^53, huge but legal. */
const LENGTH_EDITS: ReadonlyArray<(bytes: Uint8Array, at: number) => Uint8Array> = [
  (b, at) => withHeader(b, at, [126, 0x00, 0x05]),
  (b, at) => withHeader(b, at, [127, 0, 0, 0, 0, 0, 0, 0x00, 0x10]),
  (b, at) => withHeader(b, at, [127, 0x80, 0, 0, 0, 0, 0, 0, 0]),
  (b, at) => withHeader(b, at, [127, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
  (b, at) => withHeader(b, at, [127, 0x00, 0x20, 0, 0, 0, 0, 0, 0]),
  (b, at) => withHeader(b, at, [127, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
  (b, at) => withHeader(b, at, [127, 0, 0, 0x01, 0, 0, 0, 0, 0]),
  (b, at) => withHeader(b, at, [126, 0xff, 0xff]),
  (b, at) => withHeader(b, at, [125]),
  (b, at) => withHeader(b, at, [0]),
];

/**
 * Applies one to three random mutations to a valid stream (and `other`, for splicing). The
 * mutations that know the frame layout (length, opcode, header bits) aim at frame headers.
 */
export function mutateStream(rng: Prng, stream: GeneratedStream, other: GeneratedStream): { bytes: Uint8Array; applied: MutationName[] } {
  let bytes: Uint8Array = stream.bytes.slice();
  const applied: MutationName[] = [];
  const count = rng.range(1, 3);
  for (let i = 0; i < count; i++) {
    const frame = stream.frames.length > 0 ? rng.pick(stream.frames) : undefined;
    const at = frame !== undefined && frame.offset < bytes.length && rng.chance(0.7) ? frame.offset : rng.int(bytes.length + 1);
    const name = rng.pick<MutationName>(['flip-bit', 'set-byte', 'truncate', 'duplicate', 'delete', 'splice', 'insert-random',
      'edit-length', 'edit-length', 'set-opcode', 'toggle-header-bit']);
    bytes = applyMutation(rng, name, bytes, at, other.bytes);
    applied.push(name);
  }
  return { bytes, applied };
}

function applyMutation(rng: Prng, name: MutationName, bytes: Uint8Array, at: number, other: Uint8Array): Uint8Array {
  const n = bytes.length;
  switch (name) {
    case 'flip-bit': {
      if (n === 0) return bytes;
      const i = rng.int(n);
      bytes[i] ^= 1 << rng.int(8);
      return bytes;
    }
    case 'set-byte':
      if (n > 0) bytes[rng.int(n)] = rng.pick([0x00, 0x7e, 0x7f, 0x80, 0xc0, 0xed, 0xf4, 0xff, rng.int(256)]);
      return bytes;
    case 'truncate':
      return bytes.slice(0, rng.int(n + 1));
    case 'duplicate': {
      const start = rng.int(n + 1);
      const end = Math.min(n, start + rng.int(64));
      return concat([bytes.subarray(0, end), bytes.subarray(start, end), bytes.subarray(end)]);
    }
    case 'delete': {
      const start = rng.int(n + 1);
      return concat([bytes.subarray(0, start), bytes.subarray(Math.min(n, start + rng.range(1, 16)))]);
    }
    case 'splice': {
      const from = rng.int(other.length + 1);
      return concat([bytes.subarray(0, at), other.subarray(from, from + rng.int(200)), bytes.subarray(at)]);
    }
    case 'insert-random':
      return concat([bytes.subarray(0, at), rng.bytes(rng.range(1, 12)), bytes.subarray(at)]);
    case 'edit-length':
      return at < n ? rng.pick(LENGTH_EDITS)(bytes, at) : bytes;
    case 'set-opcode':
      if (at < n) bytes[at] = (bytes[at] & 0xf0) | rng.int(16);
      return bytes;
    case 'toggle-header-bit':
      if (at < n) bytes[at] ^= rng.pick([0x80, 0x40, 0x20, 0x10]);
      if (at + 1 < n && rng.chance(0.3)) bytes[at + 1] ^= 0x80;
      return bytes;
    default: {
      const unexpected: never = name;
      throw new Error(`unknown mutation ${String(unexpected)}`);
    }
  }
}

/** Replaces the length field of the frame header at `at` (keeping byte 0 and the MASK bit). */
function withHeader(bytes: Uint8Array, at: number, lengthField: number[]): Uint8Array {
  if (at + 1 >= bytes.length) return bytes;
  const b1 = bytes[at + 1];
  const len7 = b1 & 0x7f;
  const oldHeader = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + ((b1 & 0x80) !== 0 ? 4 : 0);
  const head = Uint8Array.from([bytes[at], (b1 & 0x80) | lengthField[0], ...lengthField.slice(1)]);
  const mask = (b1 & 0x80) !== 0 ? bytes.subarray(at + oldHeader - 4, at + oldHeader) : new Uint8Array(0);
  return concat([bytes.subarray(0, at), head, mask, bytes.subarray(Math.min(bytes.length, at + oldHeader))]);
}
