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
 * With `borrowedInput` (the views point into a read buffer the transport reuses) every fragment
 * is copied as it is added.
 */
export class FragmentBuffer {
  private readonly borrowedInput: boolean;
  private readonly allocate: (length: number) => Uint8Array;
  private readonly pieces: Uint8Array[] = [];
  private tail: Uint8Array | undefined;
  private tailFilled = 0;
  private total = 0;
  private fragments = 0;

  /**
   * `allocate` (the platform's, garbage allowed: only written bytes are read) makes every buffer
   * this keeps: copies, the growing buffer of small fragments and the joined message. On Node
   * small ones are pieces of a shared slab, not an `ArrayBuffer` each. Absent: zero-filled arrays.
   * A buffer it cannot make, or makes of another length, is a ProtocolError (1009), thrown by
   * `add` or `join`.
   */
  constructor(borrowedInput = false, allocate: (length: number) => Uint8Array = allocateZeroed) {
    this.borrowedInput = borrowedInput;
    this.allocate = allocate;
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
    if (payload.length < COALESCE_BELOW_BYTES) return this.append(payload);
    this.flushTail();
    const copy = this.borrowedInput || payload.length * 2 < payload.buffer.byteLength;
    this.pieces.push(copy ? this.copyOf(payload) : payload);
  }

  /**
   * All bytes in order, in one buffer (the only piece itself when there is just one): every byte
   * of what `allocate` returned for it was written. The buffer of small fragments is handed on only
   * when they fill it, else copied to the exact length: its unwritten end would show through
   * `.buffer` (on Node, a slab piece's `.buffer` still shows the rest of its slab: see SECURITY).
   */
  join(): Uint8Array {
    const tail = this.tail;
    if (tail !== undefined && this.pieces.length === 0 && this.tailFilled === tail.length) return tail;
    this.flushTail();
    const pieces = this.pieces;
    if (pieces.length === 1 && tail === undefined) return pieces[0];
    return joinPieces(pieces, this.total, this.allocate);
  }

  private append(payload: Uint8Array): void {
    let tail = this.tail;
    const needed = this.tailFilled + payload.length;
    if (tail === undefined || needed > tail.length) {
      const grown = allocateExactly(this.allocate, tail === undefined ? Math.max(MIN_FIRST_TAIL_BYTES, needed * 2) : Math.max(needed, tail.length * 2));
      if (tail !== undefined) grown.set(tail.subarray(0, this.tailFilled));
      tail = this.tail = grown;
    }
    tail.set(payload, this.tailFilled);
    this.tailFilled = needed;
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
