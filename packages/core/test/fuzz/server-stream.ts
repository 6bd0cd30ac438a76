import type { Prng } from './prng.js';

/** One server frame as the generator built it; `offset` is where its header starts in the stream. */
export interface GeneratedFrame {
  offset: number;
  opcode: number;
  fin: boolean;
  payloadLength: number;
}

/** A byte stream a well-behaved server could send, with where each frame starts. */
export interface GeneratedStream {
  bytes: Uint8Array;
  frames: GeneratedFrame[];
}

const encoder = new TextEncoder();
/** Characters of 1 to 4 UTF-8 bytes, so fragment boundaries land inside code points. */
const ALPHABET = ['a', 'z', ' ', '~', 'é', 'ß', 'Ж', '€', '中', '\u{1F600}', '\u{10FFFF}', '\u0000'];

/**
 * Encodes one unmasked server frame (RFC 6455 §5.2) with the minimal length encoding. Written
 * here, not taken from codec/, so the fuzzer does not share a bug with the code under test.
 */
export function encodeServerFrame(opcode: number, payload: Uint8Array, flags: { fin?: boolean; rsv1?: boolean } = {}): Uint8Array {
  const { fin = true, rsv1 = false } = flags;
  const n = payload.length;
  const headerBytes = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const out = new Uint8Array(headerBytes + n);
  out[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
  if (n < 126) out[1] = n;
  else if (n < 0x10000) {
    out[1] = 126;
    out[2] = n >> 8;
    out[3] = n & 0xff;
  } else {
    out[1] = 127;
    const view = new DataView(out.buffer);
    view.setUint32(2, Math.floor(n / 0x100000000));
    view.setUint32(6, n >>> 0);
  }
  out.set(payload, headerBytes);
  return out;
}

/** Random text drawn from {@link ALPHABET}. */
export function randomText(rng: Prng, maxChars: number): string {
  let text = '';
  const n = rng.int(maxChars + 1);
  for (let i = 0; i < n; i++) text += rng.pick(ALPHABET);
  return text;
}

/** Builds a stream out of frames while recording their offsets. */
export class StreamBuilder {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  readonly frames: GeneratedFrame[] = [];

  /** Appends one frame. */
  frame(opcode: number, payload: Uint8Array, flags: { fin?: boolean; rsv1?: boolean } = {}): this {
    this.frames.push({ offset: this.length, opcode, fin: flags.fin ?? true, payloadLength: payload.length });
    const bytes = encodeServerFrame(opcode, payload, flags);
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }

  /** The stream so far. */
  build(): GeneratedStream {
    const bytes = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return { bytes, frames: [...this.frames] };
  }
}

/**
 * A valid server stream: text and binary messages, some fragmented at random byte offsets (also
 * inside UTF-8 sequences), pings and pongs between fragments, sometimes a final close frame.
 * `compress` (optional) turns a message payload into its permessage-deflate form (RSV1 set).
 */
export function generateServerStream(rng: Prng, compress?: (payload: Uint8Array) => Uint8Array): GeneratedStream {
  const builder = new StreamBuilder();
  const messages = rng.range(0, 6);
  for (let m = 0; m < messages; m++) {
    if (rng.chance(0.2)) builder.frame(rng.chance(0.5) ? 9 : 10, rng.bytes(rng.int(20)));
    const isText = rng.chance(0.6);
    let payload = isText ? encoder.encode(randomText(rng, 40)) : rng.bytes(rng.smallLength(400));
    if (rng.chance(0.02)) payload = rng.bytes(rng.range(126, 70_000));
    const compressed = compress !== undefined && rng.chance(0.5);
    if (compressed) payload = compress(payload);
    const pieces = rng.chance(0.4) ? rng.range(2, 5) : 1;
    let at = 0;
    for (let p = 0; p < pieces; p++) {
      const end = p === pieces - 1 ? payload.length : rng.range(at, payload.length);
      builder.frame(p === 0 ? (isText ? 1 : 2) : 0, payload.subarray(at, end), { fin: p === pieces - 1, rsv1: compressed && p === 0 });
      at = end;
      if (p < pieces - 1 && rng.chance(0.3)) builder.frame(rng.chance(0.5) ? 9 : 10, rng.bytes(rng.int(10)));
    }
  }
  if (rng.chance(0.3)) {
    const code = rng.pick([1000, 1001, 1003, 1008, 1011, 3000, 4999]);
    const reason = encoder.encode(randomText(rng, 10)).subarray(0, 123);
    const body = new Uint8Array(2 + reason.length);
    body[0] = code >> 8;
    body[1] = code & 0xff;
    body.set(reason, 2);
    builder.frame(8, rng.chance(0.1) ? new Uint8Array(0) : body);
  }
  return builder.build();
}
