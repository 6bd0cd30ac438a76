/**
 * The last `capacity` bytes of everything appended: the LZ77 window carried from one message
 * to the next under context takeover (RFC 7692 §7.2.1, §7.2.2), passed to zlib as a dictionary
 * (the stateless route) or kept to restart an inflate stream that a final block ended (Node's
 * `ZlibContext`). A ring that is never reallocated: appending copies the bytes in (the caller may
 * reuse or hand out its buffer), reading copies them out in order.
 */
export class SlidingWindow {
  private readonly ring: Uint8Array;
  /** Where the next byte goes. */
  private end = 0;
  /** How many bytes of the ring are history (all of them once it has wrapped). */
  private filled = 0;

  /** `capacity`: how many of the newest bytes to keep (32 KiB for a 2^15 window). */
  constructor(capacity: number) {
    this.ring = new Uint8Array(capacity);
  }

  /** The newest `size` bytes (all of them when fewer), oldest first, as a copy; `undefined` while empty. */
  tail(size: number = this.ring.length): Uint8Array | undefined {
    const length = Math.min(size, this.filled);
    if (length === 0) return undefined;
    const ring = this.ring;
    const start = this.end - length;
    if (start >= 0) return ring.slice(start, this.end);
    const ordered = new Uint8Array(length);
    ordered.set(ring.subarray(ring.length + start));
    ordered.set(ring.subarray(0, this.end), -start);
    return ordered;
  }

  /** Appends a copy of `data`, dropping the oldest bytes past the capacity. */
  append(data: Uint8Array): void {
    const ring = this.ring;
    const capacity = ring.length;
    if (data.length >= capacity) {
      ring.set(data.subarray(data.length - capacity));
      this.end = 0;
      this.filled = capacity;
      return;
    }
    const first = Math.min(data.length, capacity - this.end);
    ring.set(data.subarray(0, first), this.end);
    ring.set(data.subarray(first), 0);
    this.end = (this.end + data.length) % capacity;
    this.filled = Math.min(capacity, this.filled + data.length);
  }
}
