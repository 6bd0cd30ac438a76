/** From this length a held rest goes into reusable memory; shorter ones are plain copies. */
export const HELD_REST_REUSE_MIN_BYTES = 16 * 1024;

/**
 * Largest memory kept as the spare: Node reads at most 256 KiB at a time, while a transport that
 * hands over bigger chunks (an in-memory pipe) would otherwise leave its biggest rest allocated
 * for the life of the process.
 */
export const HELD_REST_SPARE_MAX_BYTES = 1024 * 1024;

/**
 * Memory of a held rest that has been processed, kept for the whole process and taken by
 * whichever decoder holds a read back next. One buffer at most: it bounds what idle decoders
 * keep to nothing, while a consumer that pauses in every read reuses warm memory.
 */
let spare: Uint8Array | undefined;

/**
 * The rest of a borrowed read that the application paused in (`FrameDecoder.detachInput`), in
 * memory of the decoder's own until it has been processed. Why not a fresh copy each time: an
 * async iterator that falls behind pauses in every read, so each 256 KiB read leaves about
 * 250 KiB behind, and fresh memory of that size faults its pages in (about 0.5 ms per read on
 * Node 20, the copy itself 3 µs).
 */
export class HeldRest {
  /** The memory the rest last held is in, until it goes back to the spare. */
  private memory: Uint8Array | undefined;

  /**
   * `bytes` copied into memory of the decoder's own: a view of exactly their length. The
   * decoder's previous rest must have been released ({@link releaseUnless}).
   */
  hold(bytes: Uint8Array, allocate: (length: number) => Uint8Array): Uint8Array {
    const length = bytes.length;
    let memory: Uint8Array;
    if (length < HELD_REST_REUSE_MIN_BYTES) {
      memory = allocate(length);
    } else {
      if (spare !== undefined && spare.length >= length) {
        memory = spare;
        spare = undefined;
      } else {
        // Room for the next rest too, which is rarely longer: the next power of two.
        memory = allocate(2 ** Math.ceil(Math.log2(length)));
      }
      this.memory = memory;
    }
    const view = memory.length === length ? memory : memory.subarray(0, length);
    view.set(bytes);
    return view;
  }

  /** True when `chunk` is a view of the rest this holds. */
  holds(chunk: Uint8Array): boolean {
    return this.memory !== undefined && chunk.buffer === this.memory.buffer;
  }

  /**
   * The decoder no longer parses the rest (its input has moved on to `chunk`, which is not a
   * view of it): its memory goes back to the spare. Call only where no view of it is in use (the
   * decoder's `detachInput`: the caller has finished with every payload view by then).
   */
  releaseUnless(chunk: Uint8Array): void {
    const memory = this.memory;
    if (memory === undefined || chunk.buffer === memory.buffer) return;
    this.memory = undefined;
    if (memory.length <= HELD_REST_SPARE_MAX_BYTES && (spare === undefined || spare.length < memory.length)) spare = memory;
  }
}
