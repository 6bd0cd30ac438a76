import { checkFrameStart } from './frame-header-rules.js';

/** Longest header of a server frame: 2 bytes + 64-bit extended length (no masking key). */
const MAX_HEADER_BYTES = 10;

/**
 * A frame header that arrived split across chunks, gathered in a fixed 10-byte buffer (headers
 * are parsed complete or not at all). The first two bytes are checked as soon as both are here,
 * so a bad opcode or length form fails before the rest of the header arrives.
 */
export class SplitHeader {
  /** The header bytes gathered so far (valid up to `filled`). */
  readonly bytes = new Uint8Array(MAX_HEADER_BYTES);
  /** Bytes gathered; 0 when no header is in progress (or once one is complete). */
  filled = 0;

  /** Keeps `bytes[offset, end)` of a chunk that ends inside a header (the first 2 bytes checked by the caller). */
  keep(chunk: Uint8Array, offset: number, end: number): void {
    this.bytes.set(chunk.subarray(offset, end));
    this.filled = end - offset;
  }

  /**
   * Takes the header bytes `chunk` has from `offset` on; returns the new offset. `filled` is 0
   * afterwards exactly when the header is complete (then in {@link bytes}). Throws ProtocolError.
   */
  gather(chunk: Uint8Array, offset: number): number {
    const header = this.bytes;
    let filled = this.filled;
    if (filled < 2) {
      const taken = Math.min(2 - filled, chunk.length - offset);
      header.set(chunk.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled < 2) {
        this.filled = filled;
        return offset;
      }
    }
    const headerBytes = checkFrameStart(header[0], header[1]);
    const taken = Math.min(headerBytes - filled, chunk.length - offset);
    header.set(chunk.subarray(offset, offset + taken), filled);
    filled += taken;
    this.filled = filled === headerBytes ? 0 : filled;
    return offset + taken;
  }
}
