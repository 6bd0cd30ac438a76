import { allocateExactly } from './allocate-exactly.js';
import { frameHeaderBytes } from './encode-frame.js';

/**
 * About this many bytes of a borrowed chunk are copied at once when a payload in it must be kept:
 * the payloads after it in the same chunk are then views of that one copy. A stream of small
 * binary messages costs one allocation and one copy per window instead of one per message. A kept
 * message pins at most the larger of its own length and 4/3 of this (see {@link windowBytesFor}; a
 * socket's default 64 KiB reads pinned more).
 */
export const COPY_WINDOW_BYTES = 16 * 1024;

/**
 * Owned copies of payloads that are views of a borrowed chunk (see `FrameDecoder.ownPayload`),
 * made window by window: the first payload needing a copy copies about {@link COPY_WINDOW_BYTES}
 * of the chunk from its start (whole frames of its size, see {@link windowBytesFor}); the next
 * ones inside that window are views of the copy.
 */
export class WindowCopy {
  private source: Uint8Array | undefined;
  private copy: Uint8Array | undefined;
  private from = 0;
  /** Makes the views of the current copy: see {@link viewMaker}. */
  private makeView: ViewConstructor = Uint8Array;

  /**
   * An owned copy of `chunk[start, start + length)`: a view of the current window when it holds
   * those bytes, else a new window (or, from about 10.7 KiB or when nothing follows it in the
   * chunk, a buffer of exactly that length; for an empty payload, an empty one of its own).
   */
  take(chunk: Uint8Array, start: number, length: number, allocate: (length: number) => Uint8Array): Uint8Array {
    // Nothing to copy: a window here would only pin the bytes after it.
    if (length === 0) return allocateExactly(allocate, 0);
    let copy = this.copy;
    const end = start + length;
    if (copy === undefined || this.source !== chunk || start < this.from || end > this.from + copy.length) {
      const windowEnd = Math.min(chunk.length, start + windowBytesFor(length));
      copy = allocateExactly(allocate, windowEnd - start);
      copy.set(chunk.subarray(start, windowEnd));
      if (windowEnd === end) {
        // The payload fills the copy: nothing after it to share, so no window to keep.
        this.release();
        return copy;
      }
      this.source = chunk;
      this.copy = copy;
      this.from = start;
      this.makeView = viewMaker(copy);
    }
    return new this.makeView(copy.buffer, copy.byteOffset + start - this.from, length);
  }

  /** Forgets the window (the chunk is about to be reused, or is gone). */
  release(): void {
    this.source = undefined;
    this.copy = undefined;
    this.from = 0;
  }
}

/**
 * The bytes a new window copies, from the start of a payload of `length` bytes: a whole number of
 * frames like it (header and payload), as many as come nearest to {@link COPY_WINDOW_BYTES}, so a
 * run of equal messages is not cut at the window's end. A plain 16 KiB window held one 8 KiB
 * message and all but 4 bytes of the next (its 4-byte header took them): every 8 KiB message
 * allocated and copied a 16 KiB window of its own, and 4 KiB messages got three per window, not
 * four. From about 10.7 KiB a payload is copied alone; the most a window copies is 4/3 of
 * {@link COPY_WINDOW_BYTES} (two frames just under 10.7 KiB).
 */
export function windowBytesFor(length: number): number {
  const header = frameHeaderBytes(length);
  const frames = Math.max(1, Math.round(COPY_WINDOW_BYTES / (length + header)));
  return frames * (length + header) - header;
}

type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;

/**
 * The constructor `bytes.subarray()` would make its views with (the species of its class, as
 * the spec's TypedArraySpeciesCreate finds it: Node's `FastBuffer` for a Buffer), looked up once
 * per window. Calling it directly skips what a `subarray` call costs per payload on top (in Node
 * 20 a JavaScript wrapper and two offset checks): a young process runs this code unoptimised.
 */
function viewMaker(bytes: Uint8Array): ViewConstructor {
  const made = (bytes.constructor as { [Symbol.species]?: unknown } | undefined)?.[Symbol.species];
  return typeof made === 'function' ? made as ViewConstructor : Uint8Array;
}
