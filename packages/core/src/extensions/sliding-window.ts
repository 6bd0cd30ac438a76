import { copyBytes } from '../bytes/index.js';

/**
 * The last `capacity` bytes of everything appended: the LZ77 window carried from one message
 * to the next under context takeover (RFC 7692 §7.2.1, §7.2.2).
 */
export class SlidingWindow {
  private bytes = new Uint8Array(0);

  /** `capacity`: how many of the newest bytes to keep (32 KiB for a 2^15 window). */
  constructor(private readonly capacity: number) {}

  /** The newest `size` bytes (all of them when fewer), or `undefined` while empty. */
  tail(size: number = this.capacity): Uint8Array | undefined {
    if (this.bytes.length === 0) return undefined;
    return this.bytes.length <= size ? this.bytes : this.bytes.subarray(this.bytes.length - size);
  }

  /** Appends `data`, dropping the oldest bytes past the capacity. Copies: `data` is not kept. */
  append(data: Uint8Array): void {
    if (data.length >= this.capacity) {
      this.bytes = copyBytes(data.subarray(data.length - this.capacity));
      return;
    }
    const keep = Math.min(this.bytes.length, this.capacity - data.length);
    const next = new Uint8Array(keep + data.length);
    next.set(this.bytes.subarray(this.bytes.length - keep));
    next.set(data, keep);
    this.bytes = next;
  }
}
