// Test helpers: a hand-written server frame encoder and client frame parser, independent of
// codec/ so that the protocol is checked against RFC 6455 §5.2 itself, not against our encoder.
import { ClientProtocol, type ProtocolOptions } from '../../src/protocol/index.js';

export interface WireFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskKey: Uint8Array | undefined;
  /** Unmasked payload. */
  payload: Uint8Array;
}

export interface ServerFrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  maskKey?: Uint8Array;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Concatenate chunks into one buffer. */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** One server frame, as bytes on the wire (minimal length encoding, unmasked unless asked). */
export function serverFrame(opcode: number, payload: Uint8Array | string = new Uint8Array(0), options: ServerFrameOptions = {}): Uint8Array {
  const body = typeof payload === 'string' ? utf8(payload) : payload;
  const { fin = true, rsv1 = false, rsv2 = false, rsv3 = false, maskKey } = options;
  const length = body.length;
  const header: number[] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | opcode];
  const maskBit = maskKey ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 0x10000) header.push(maskBit | 126, length >> 8, length & 0xff);
  else header.push(maskBit | 127, 0, 0, 0, 0, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  if (maskKey) header.push(...maskKey);
  const masked = maskKey ? body.map((byte, i) => byte ^ maskKey[i % 4]) : body;
  return concat([Uint8Array.from(header), masked]);
}

/** A close frame body: 2-byte code then reason. */
export function closeBody(code: number, reason = ''): Uint8Array {
  return concat([Uint8Array.of(code >> 8, code & 0xff), utf8(reason)]);
}

/** Parse everything a client wrote; throws if the bytes are not whole frames. */
export function parseClientFrames(chunks: readonly Uint8Array[]): WireFrame[] {
  const bytes = concat(chunks);
  const frames: WireFrame[] = [];
  let at = 0;
  while (at < bytes.length) {
    const b0 = bytes[at];
    const b1 = bytes[at + 1];
    let length = b1 & 0x7f;
    at += 2;
    if (length === 126) {
      length = (bytes[at] << 8) | bytes[at + 1];
      at += 2;
    } else if (length === 127) {
      length = Number(new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigUint64(0));
      at += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const maskKey = masked ? bytes.slice(at, at + 4) : undefined;
    if (masked) at += 4;
    if (at + length > bytes.length) throw new Error('truncated client frame');
    const raw = bytes.subarray(at, at + length);
    const payload = maskKey ? raw.map((byte, i) => byte ^ maskKey[i % 4]) : raw.slice();
    at += length;
    frames.push({
      fin: (b0 & 0x80) !== 0, rsv1: (b0 & 0x40) !== 0, rsv2: (b0 & 0x20) !== 0, rsv3: (b0 & 0x10) !== 0,
      opcode: b0 & 0x0f, masked, maskKey, payload,
    });
  }
  return frames;
}

/** A deterministic, non-repeating stand-in for crypto random bytes. */
export function counterRandom(): (target: Uint8Array) => void {
  let next = 1;
  return (target) => {
    for (let i = 0; i < target.length; i++) target[i] = Math.imul(next++, 0x9e3779b1) >>> 24;
  };
}

/** A protocol over the counter random source. */
export function createProtocol(options: Partial<ProtocolOptions> = {}): ClientProtocol {
  return new ClientProtocol({ platform: { fillRandom: counterRandom() }, ...options });
}

/** Frames the protocol wants to send, parsed. */
export function sentFrames(protocol: ClientProtocol): WireFrame[] {
  return parseClientFrames(protocol.dataToSend());
}

/** Code of a parsed close frame body. */
export function closeCodeOf(frame: WireFrame): number | undefined {
  return frame.payload.length >= 2 ? (frame.payload[0] << 8) | frame.payload[1] : undefined;
}
