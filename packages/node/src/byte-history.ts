/**
 * The newest `capacity` bytes of everything appended, in a ring that is never reallocated: what
 * an inflate context needs to restart its stream with the window it had (see `ZlibContext`).
 * Appending copies (the caller may reuse or hand out its bytes); reading the history copies too.
 */
export class ByteHistory {
  readonly #bytes: Uint8Array;
  /** Where the next byte goes. */
  #end = 0;
  /** Whether the ring has wrapped, so every byte of it is history. */
  #full = false;

  constructor(capacity: number) {
    this.#bytes = new Uint8Array(capacity);
  }

  append(data: Uint8Array): void {
    const ring = this.#bytes;
    const capacity = ring.length;
    if (data.length >= capacity) {
      ring.set(data.subarray(data.length - capacity));
      this.#end = 0;
      this.#full = true;
      return;
    }
    const first = Math.min(data.length, capacity - this.#end);
    ring.set(data.subarray(0, first), this.#end);
    ring.set(data.subarray(first), 0);
    const end = this.#end + data.length;
    if (end >= capacity) this.#full = true;
    this.#end = end % capacity;
  }

  /** The history, oldest byte first (a copy). */
  snapshot(): Uint8Array {
    const ring = this.#bytes;
    if (!this.#full) return ring.slice(0, this.#end);
    const ordered = new Uint8Array(ring.length);
    ordered.set(ring.subarray(this.#end));
    ordered.set(ring.subarray(0, this.#end), ring.length - this.#end);
    return ordered;
  }
}
