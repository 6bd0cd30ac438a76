import { allocateZeroed } from '../bytes/index.js';
import { allocateExactly } from '../codec/allocate-exactly.js';
import { joinPieces } from '../codec/payload-assembly.js';

/** Fragments below this size are copied into one growing buffer instead of kept one by one. */
const COALESCE_BELOW_BYTES = 1024;
/**
 * The smallest first buffer for small fragments, which is otherwise twice the first fragment and
 * then doubles: equal fragments, two or four of them, fill it exactly and need no copy to an exact
 * length (see `join`). A message of two 16-byte fragments used to get 4 KiB here, zero-filled,
 * outside V8's heap (`new Uint8Array` over 64 bytes costs 1–3 µs): it ran at a sixth of ws's rate.
 */
const MIN_FIRST_TAIL_BYTES = 16;

/**
 * The payload bytes of one fragmented message, joined once at the end.
 *
 * Large fragments are kept as the decoder's zero-copy views, unless a view is less than half of
 * the chunk it points into (keeping it would pin the whole chunk). Small fragments are copied
 * into one geometrically growing buffer, so a message of many tiny fragments costs no object per
 * fragment: memory stays within about twice the message size. Empty fragments keep nothing.
 *
 * With `borrowedInput` (the views point into a read buffer the transport reuses) every fragment
 * is copied as it is added, so each byte would be copied twice: once out of the read buffer, once
 * into the joined message. `expectedBytes` (room the caller expects the message to need: see
 * `MessageAssembler`) avoids the second copy for a stream of like messages: the first copy goes
 * into a buffer of that size, which is the message when the message fills it exactly (or, for
 * bytes that are only decoded, holds it at all). A message that outgrows the room goes on in
 * new buffers and is joined, as without room; one that leaves room over is copied to its exact
 * length. Without `borrowedInput` the views cost no copy until the join, and no room is reserved.
 */
export class FragmentBuffer {
  private readonly borrowedInput: boolean;
  private readonly allocate: (length: number) => Uint8Array;
  private readonly pieces: Uint8Array[] = [];
  private readonly expectedBytes: number;
  private tail: Uint8Array | undefined;
  private tailFilled = 0;
  /** The tail holds small fragments and grows by copying; else it is sized for a large fragment or the room, never grown. */
  private tailGrows = true;
  private total = 0;
  private fragments = 0;

  /**
   * `allocate` (the platform's, garbage allowed: only written bytes are read) makes every buffer
   * this keeps: copies, the growing buffer of small fragments and the joined message. On Node
   * small ones are pieces of a shared slab, not an `ArrayBuffer` each. Absent: zero-filled arrays.
   * A buffer it cannot make, or makes of another length, is a ProtocolError (1009), thrown by
   * `add` or `join`. `expectedBytes`: the size the message will likely have (0: no guess).
   */
  constructor(borrowedInput = false, allocate: (length: number) => Uint8Array = allocateZeroed, expectedBytes = 0) {
    this.borrowedInput = borrowedInput;
    this.allocate = allocate;
    this.expectedBytes = borrowedInput ? expectedBytes : 0;
  }

  /** Bytes held so far. */
  get byteLength(): number {
    return this.total;
  }

  /** Fragments added so far. */
  get count(): number {
    return this.fragments;
  }

  /** Keep the payload of the next fragment (the caller has checked the limits). */
  add(payload: Uint8Array): void {
    this.fragments++;
    this.total += payload.length;
    // An empty fragment (say, an empty final continuation) adds no bytes, and no buffer to join.
    if (payload.length === 0) return;
    if (payload.length < COALESCE_BELOW_BYTES || this.borrowedInput) return this.append(payload);
    this.flushTail();
    this.pieces.push(payload.length * 2 < payload.buffer.byteLength ? this.copyOf(payload) : payload);
  }

  /**
   * All bytes in order, in one buffer (the only piece itself when there is just one): with `exact`,
   * every byte of what `allocate` returned for it was written. The buffer fragments were copied
   * into is then handed on only when they fill it, else copied to the exact length: its unwritten
   * end would show through `.buffer` (on Node, a slab piece's `.buffer` still shows the rest of its
   * slab: see SECURITY). Without `exact` (the caller decodes the bytes and drops them: text, or
   * compressed data) a view of its filled part will do.
   */
  join(exact = true): Uint8Array {
    const tail = this.tail;
    if (tail !== undefined && this.pieces.length === 0) {
      if (this.tailFilled === tail.length) return tail;
      if (!exact) return tail.subarray(0, this.tailFilled);
    }
    this.flushTail();
    const pieces = this.pieces;
    if (pieces.length === 1 && tail === undefined) return pieces[0];
    return joinPieces(pieces, this.total, this.allocate);
  }

  /**
   * Copies `payload` into the tail. A tail too small for it grows (by copying what it holds) while
   * it gathers small fragments; otherwise it is set aside as a piece and a new one started, with
   * room for the rest of the message as far as `expectedBytes` tells. A room the allocator cannot
   * make is not reserved: only the bytes that arrived must fit.
   */
  private append(payload: Uint8Array): void {
    const length = payload.length;
    let tail = this.tail;
    let filled = this.tailFilled;
    if (tail === undefined || filled + length > tail.length) {
      const small = length < COALESCE_BELOW_BYTES;
      if (tail !== undefined && small && this.tailGrows) {
        const grown = allocateExactly(this.allocate, Math.max(filled + length, tail.length * 2));
        grown.set(tail.subarray(0, filled));
        tail = grown;
      } else {
        this.flushTail();
        filled = 0;
        const minimum = small ? Math.max(MIN_FIRST_TAIL_BYTES, length * 2) : length;
        // What the message is expected to bring from this fragment on (`total` counts it already).
        const expectedRest = this.expectedBytes - (this.total - length);
        const room = expectedRest > minimum ? this.tryAllocate(expectedRest) : undefined;
        tail = room ?? allocateExactly(this.allocate, minimum);
        this.tailGrows = small && room === undefined;
      }
      this.tail = tail;
    }
    tail.set(payload, filled);
    this.tailFilled = filled + length;
  }

  private tryAllocate(length: number): Uint8Array | undefined {
    try {
      return allocateExactly(this.allocate, length);
    } catch {
      return undefined;
    }
  }

  /** `payload` in memory of its own. */
  private copyOf(payload: Uint8Array): Uint8Array {
    const copy = allocateExactly(this.allocate, payload.length);
    copy.set(payload);
    return copy;
  }

  private flushTail(): void {
    if (this.tail === undefined) return;
    this.pieces.push(this.tail.subarray(0, this.tailFilled));
    this.tail = undefined;
    this.tailFilled = 0;
  }
}
