/**
 * Sending permessage-deflate messages from the peer (RFC 7692 §6): the message is compressed as a
 * whole, RSV1 is set on the first frame only, and the compressed bytes may be fragmented.
 */
import { Op, buildFrame } from './frame-builder.js';
import type { PeerConnection, Split } from './raw-peer.js';

/** Frames of one compressed message; `fragmentBytes` cuts the compressed payload. */
export function compressedFrames(kind: 'text' | 'binary', compressed: Buffer, fragmentBytes?: number): Buffer[] {
  const opcode = kind === 'text' ? Op.Text : Op.Binary;
  const size = fragmentBytes ?? Math.max(1, compressed.length);
  const frames: Buffer[] = [];
  let offset = 0;
  do {
    const end = Math.min(compressed.length, offset + size);
    frames.push(buildFrame({ opcode: offset === 0 ? opcode : Op.Cont, rsv1: offset === 0, fin: end === compressed.length, payload: compressed.subarray(offset, end) }));
    offset = end;
  } while (offset < compressed.length);
  return frames;
}

/** Compresses `data` with the connection's agreed codec and writes it. */
export async function sendCompressed(conn: PeerConnection, kind: 'text' | 'binary', data: Buffer, options: { fragmentBytes?: number; split?: Split } = {}): Promise<void> {
  const compressed = await conn.deflate.compress(data);
  await conn.write(Buffer.concat(compressedFrames(kind, compressed, options.fragmentBytes)), options.split);
}

/** Compressible text of `size` bytes repeating with `period` (keep it < 256 for 8-bit windows). */
export function compressibleText(size: number, period = 300, seed = 1): Buffer {
  const unit = Buffer.alloc(period);
  let x = seed;
  for (let i = 0; i < period; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    unit[i] = 0x20 + (x % 90);
  }
  const out = Buffer.alloc(size);
  for (let at = 0; at < size; at += period) unit.copy(out, at, 0, Math.min(period, size - at));
  return out;
}
