import { allocateZeroed } from '../bytes/index.js';
import { allocateExactly } from './allocate-exactly.js';

const EMPTY = new Uint8Array(0);

/**
 * Above this length a payload that spans chunks is copied into its own buffer as the chunks
 * arrive (peak memory ≈ 1× the frame); up to it, the decoder keeps views of the chunks and copies
 * them once, when the last byte is in (as ws does). Copying at the end costs a second frame's
 * worth of memory for a moment, but the buffer is allocated just before it is delivered: it dies
 * young, where a buffer allocated up front outlives many minor GCs, is promoted and is only freed
 * by a full GC (16 MiB frames: a third more page faults, twice the RSS, ~20 % less throughput).
 */
export const FILL_IN_PLACE_ABOVE_BYTES = 32 * 1024 * 1024;

/**
 * The payload of the frame in progress when it spans chunks: views of the chunks (or, for a
 * very large frame, one buffer filled in place), and how many bytes are in.
 */
export class PayloadAssembly {
  private target: Uint8Array = EMPTY;
  private readonly pieces: Uint8Array[] = [];
  private expected = 0;
  private filled = 0;

  /**
   * Starts a payload of `length` bytes. `fillInPlace` (borrowed input, whose chunks are reused
   * once parsed) copies every byte into the payload's own buffer as it arrives, whatever the size.
   */
  start(length: number, allocate: (length: number) => Uint8Array, fillInPlace: boolean): void {
    this.expected = length;
    this.filled = 0;
    this.target = fillInPlace || length > FILL_IN_PLACE_ABOVE_BYTES ? allocateExactly(allocate, length) : EMPTY;
  }

  /** Bytes announced by the header. */
  get length(): number {
    return this.expected;
  }

  /** Bytes received so far. */
  get receivedBytes(): number {
    return this.filled;
  }

  /** Bytes still missing. */
  get missing(): number {
    return this.expected - this.filled;
  }

  /**
   * Takes `bytes` (a view the caller will not modify; at most `missing` bytes). Bytes that already
   * lie where they belong (read straight into {@link unfilledTarget}) are not copied.
   */
  add(bytes: Uint8Array): void {
    const target = this.target;
    if (target === EMPTY) this.pieces.push(bytes);
    else if (bytes.buffer !== target.buffer || bytes.byteOffset !== target.byteOffset + this.filled) target.set(bytes, this.filled);
    this.filled += bytes.length;
  }

  /**
   * The part of the payload's own buffer that the missing bytes will fill, when it is filled in
   * place; else undefined (views of the chunks are kept instead).
   */
  unfilledTarget(): Uint8Array | undefined {
    return this.target === EMPTY ? undefined : this.target.subarray(this.filled, this.expected);
  }

  /** The bytes received so far, as views in order (valid until the next `add` or `finish`). */
  receivedPieces(): readonly Uint8Array[] {
    return this.target !== EMPTY ? [this.target.subarray(0, this.filled)] : this.pieces;
  }

  /** True when {@link finish} would return a view of a chunk (one piece, not filled in place). */
  get isSingleView(): boolean {
    return this.target === EMPTY && this.pieces.length === 1;
  }

  /**
   * The complete payload (call once `missing` is 0): the buffer filled in place, the only view
   * when one chunk held it all, or one buffer from `allocate` with every byte copied in.
   */
  finish(allocate: (length: number) => Uint8Array): Uint8Array {
    const pieces = this.pieces;
    let payload = this.target;
    if (payload === EMPTY) {
      payload = pieces.length === 1 ? pieces[0] : joinPieces(pieces, this.expected, allocate);
    }
    this.target = EMPTY;
    pieces.length = 0;
    this.expected = 0;
    this.filled = 0;
    return payload;
  }
}

/**
 * The pieces in order, copied into one buffer of `total` bytes (their summed length) from
 * `allocate` (see {@link allocateExactly}: a buffer it cannot make, or makes of another length,
 * is a 1009).
 */
export function joinPieces(pieces: readonly Uint8Array[], total: number, allocate: (length: number) => Uint8Array = allocateZeroed): Uint8Array {
  const joined = allocateExactly(allocate, total);
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  return joined;
}
