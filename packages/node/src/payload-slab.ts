import { allocatePooled } from './frame-buffer-pool.js';
import { Slab } from './slab.js';

/** Size of one slab that small payload buffers are carved from. */
export const PAYLOAD_SLAB_BYTES = 64 * 1024;
/** Payloads up to this size share a slab; larger ones get a buffer of their own. */
export const SLAB_PIECE_MAX_BYTES = 4 * 1024;

const slab = new Slab(PAYLOAD_SLAB_BYTES);

/**
 * An uninitialised Buffer of `length` bytes for a received payload. Small ones are carved from a
 * 64 KiB slab: `Buffer.allocUnsafe` carves from an 8 KiB pool, so a stream of 1 KiB binary
 * messages, each copied out of the shared read buffer, would allocate a new pool every eight
 * messages (an ArrayBuffer allocation is the slow part: ~40 % of the receive time). A kept piece
 * pins its slab, as a view of a 64 KiB socket read pinned the read before.
 */
export function allocatePayload(length: number): Buffer {
  // Larger payloads: from 64 KiB out of the idle buffers, warm (see frame-buffer-pool).
  if (length > SLAB_PIECE_MAX_BYTES) return allocatePooled(length);
  return slab.carve(length);
}
