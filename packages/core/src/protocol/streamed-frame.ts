import { frameHeaderBytes, writeFrameHeader } from '../codec/encode-frame.js';
import { applyMask } from '../mask/apply-mask.js';
import { writeMaskKey, type MaskKeys } from './mask-keys.js';

/** From this payload size a frame is written piece by piece when the host allows it ({@link FrameBuffers.flush}). */
export const STREAM_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Payload bytes per piece of a streamed frame: a multiple of 4, so every piece starts at key
 * phase 0, and big enough that a piece is one syscall among many bytes. The last piece takes
 * the remainder too (between one and two pieces), so no piece is small.
 */
export const STREAM_PIECE_BYTES = 1024 * 1024;

/** What the host gives the frame builder besides the keys: buffers, and a way to write early. */
export interface FrameBuffers {
  /**
   * The platform's allocator for frame buffers (its contents may be garbage: every byte is
   * written before the buffer is handed on). Absent: zero-filled `Uint8Array`s.
   */
  readonly allocate?: ((length: number) => Uint8Array) | undefined;
  /**
   * Writes the chunks now, in order, and keeps nothing of the array. Given when the transport
   * never calls back into the protocol while writing: a big frame then leaves piece by piece as
   * it is masked, so the peer reads its first bytes while the rest is being masked instead of
   * idling for the whole masking time (uploads of 16 MiB binary messages: +10 %).
   */
  readonly flush?: ((chunks: Uint8Array[]) => void) | undefined;
}

/** True when a frame of `payloadBytes` is built and written piece by piece with these buffers. */
export function streamsFrame(payloadBytes: number, buffers: FrameBuffers): boolean {
  return payloadBytes >= STREAM_MIN_BYTES && buffers.flush !== undefined;
}

/**
 * One masked frame (RFC 6455 §5.2, §5.3) written piece by piece: each piece of payload is masked
 * and pushed to `out` as a view, then everything in `out` goes to `flush` and `out` is emptied;
 * the last view stays in `out`. With `payloadIsOwned` the payload is masked in place after a
 * header of its own; otherwise the frame is one buffer from `allocate` (header first) and the
 * caller's payload is never modified. Either way the views are pushed in order and the last one
 * ends where its buffer ends, so a host pool may recycle the buffer once that view is written.
 * Requires {@link streamsFrame}.
 */
export function pushStreamedFrame(out: Uint8Array[], opcode: number, payload: Uint8Array, fin: boolean, rsv1: boolean,
  maskKeys: MaskKeys, payloadIsOwned: boolean, buffers: FrameBuffers): void {
  const flush = buffers.flush as (chunks: Uint8Array[]) => void;
  const length = payload.length;
  const keyAt = frameHeaderBytes(length);
  const payloadAt = keyAt + 4;
  // The header goes first in the frame buffer, or alone before an owned payload masked in place;
  // `target` receives the masked payload from `base` on.
  const head = payloadIsOwned ? new Uint8Array(payloadAt)
    : buffers.allocate?.(payloadAt + length) ?? new Uint8Array(payloadAt + length);
  writeFrameHeader(head, opcode, fin, rsv1, length, true);
  writeMaskKey(head, keyAt, maskKeys);
  const key = head.subarray(keyAt, payloadAt);
  const target = payloadIsOwned ? payload : head;
  const base = payloadIsOwned ? 0 : payloadAt;
  if (payloadIsOwned) out.push(head);
  let start = 0;
  for (;;) {
    const end = length - start >= 2 * STREAM_PIECE_BYTES ? start + STREAM_PIECE_BYTES : length;
    const piece = target.subarray(base + start, base + end);
    // Into the frame buffer: a plain copy first, then the mask where the copy lies. The masking
    // paths stream through a small buffer, and writing a new buffer that way costs more than the
    // copy plus a pass over bytes already in cache (16 MiB: 2.6 against 3.0 ms here).
    if (!payloadIsOwned) piece.set(payload.subarray(start, end));
    applyMask(payloadIsOwned ? payload.subarray(start, end) : piece, key, piece, start);
    // The first view of a frame buffer starts at its header.
    out.push(target.subarray(start === 0 ? 0 : base + start, base + end));
    if (end === length) return;
    flush(out);
    out.length = 0;
    start = end;
  }
}
