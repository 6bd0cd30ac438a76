import { Buffer } from 'node:buffer';

/**
 * Uninitialised Buffers carved one after another out of shared ArrayBuffers of a fixed size; when
 * the current one's tail is too short for a piece, a new one starts, and the old one lives on as
 * long as any piece of it does. V8 gives every typed array over 64 bytes an ArrayBuffer of its
 * own, which costs 1–8 µs (more than filling a few KiB); a piece of a slab costs a view. Since a
 * kept piece pins its whole slab, only pieces far smaller than the slab, or short-lived ones, belong
 * in one.
 */
export class Slab {
  readonly slabBytes: number;
  #memory: ArrayBuffer | undefined;
  #offset: number;

  constructor(slabBytes: number) {
    this.slabBytes = slabBytes;
    this.#offset = slabBytes;
  }

  /** A Buffer of `length` bytes (at most `slabBytes`), garbage inside, 8-byte aligned. */
  carve(length: number): Buffer {
    // An empty piece would still pin its slab (and show it through `.buffer`): a buffer of its own.
    if (length === 0) return Buffer.alloc(0);
    let offset = this.#offset;
    if (this.#memory === undefined || offset + length > this.slabBytes) {
      this.#memory = Buffer.allocUnsafeSlow(this.slabBytes).buffer as ArrayBuffer;
      offset = 0;
    }
    // 8-byte alignment keeps every piece usable as a Float64Array or BigInt64Array view.
    this.#offset = (offset + length + 7) & ~7;
    return Buffer.from(this.#memory, offset, length);
  }
}
