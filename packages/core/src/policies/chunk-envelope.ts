/**
 * One piece of a message that the browser client split because native WebSockets cannot send
 * continuation frames. Each chunk travels as its own binary WebSocket message:
 *
 * ```text
 * byte 0     magic and version: 0xA1 (high nibble 0xA = Weft chunk, low nibble = version 1)
 * byte 1     flags: bit 0 = final chunk, bit 1 = text message (UTF-8) rather than binary;
 *            bits 2–7 reserved, must be 0
 * bytes 2–5  message id, unsigned 32-bit big-endian (wraps modulo 2^32; unique among messages in flight)
 * bytes 6–9  chunk index within the message, unsigned 32-bit big-endian, from 0, no gaps
 * bytes 10–  payload bytes of this chunk
 * ```
 *
 * A binary message whose first byte is 0xA1 is always an envelope when chunking is on, so the
 * sender wraps such a message even when it is small (escaping it); text messages are never
 * wrapped unless split.
 */
export interface Chunk {
  messageId: number;
  index: number;
  final: boolean;
  isText: boolean;
  payload: Uint8Array;
}

const MAGIC = 0xa1;
const HEADER_BYTES = 10;
const FLAG_FINAL = 0x01;
const FLAG_TEXT = 0x02;

/** True when `message` starts like an envelope (its sender must escape it, its receiver decode it). */
export function isChunkEnvelope(message: Uint8Array): boolean {
  return message[0] === MAGIC;
}

/** One buffer: the envelope header followed by a copy of `payload`. */
export function encodeChunk(messageId: number, index: number, final: boolean, isText: boolean, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.byteLength);
  const view = new DataView(out.buffer);
  view.setUint16(0, (MAGIC << 8) | (final ? FLAG_FINAL : 0) | (isText ? FLAG_TEXT : 0));
  view.setUint32(2, messageId);
  view.setUint32(6, index);
  out.set(payload, HEADER_BYTES);
  return out;
}

/**
 * Parse an envelope; the payload is a view of `message`. Returns a string describing the
 * problem when `message` is not a well-formed envelope (never throws on peer input).
 */
export function decodeChunk(message: Uint8Array): Chunk | string {
  const flags = message[1];
  if (message.byteLength < HEADER_BYTES) return `chunk of ${message.byteLength} bytes; the header alone is ${HEADER_BYTES}`;
  if (message[0] !== MAGIC) return `chunk starts with ${message[0]}; expected 0xa1`;
  if (flags > (FLAG_FINAL | FLAG_TEXT)) return `chunk flags ${flags} set reserved bits`;
  const view = new DataView(message.buffer, message.byteOffset, HEADER_BYTES);
  return {
    messageId: view.getUint32(2),
    index: view.getUint32(6),
    final: (flags & FLAG_FINAL) > 0,
    isText: flags > FLAG_FINAL,
    payload: message.subarray(HEADER_BYTES),
  };
}

/** Encode and decode {@link Chunk}s in the documented binary envelope. */
export const ChunkEnvelope = {
  /** First byte of every envelope (magic and version). */
  magic: MAGIC,
  /** Bytes before the payload. */
  headerBytes: HEADER_BYTES,
  /** See {@link isChunkEnvelope}. */
  isEnvelope: isChunkEnvelope,
  /** See {@link encodeChunk}. */
  encode: (chunk: Chunk): Uint8Array => encodeChunk(chunk.messageId, chunk.index, chunk.final, chunk.isText, chunk.payload),
  /** See {@link decodeChunk}. */
  decode: decodeChunk,
} as const;
