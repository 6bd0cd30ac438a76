/** Limits the {@link FrameDecoder} enforces from the frame header, before buffering any payload. */
export interface FrameLimits {
  /**
   * Largest payload accepted in one frame, in bytes. Default {@link DEFAULT_MAX_FRAME_BYTES}
   * (64 MiB): large enough for any sane message, small enough that a hostile length cannot make
   * the decoder allocate gigabytes. A larger frame fails with 1009 (message too big).
   */
  maxFrameBytes?: number;
  /**
   * Allocates the buffer of a payload that spans chunks; its initial contents may be garbage
   * (say, `Buffer.allocUnsafe`). The decoder writes every byte before the frame is returned, and
   * `partialFrame()` only shows bytes received. Default: a zero-filled `Uint8Array`.
   */
  allocate?: (length: number) => Uint8Array;
  /**
   * The caller reuses the memory of each chunk it feeds (a transport's one read buffer) once it
   * has called {@link FrameDecoder.detachInput}. The decoder then never keeps a view of a chunk:
   * a payload that spans chunks is copied into its own buffer as it arrives, and
   * {@link FrameDecoder.payloadIsBorrowed} tells which returned payloads are views the caller
   * must copy before keeping them. Default false: chunks are taken over and views kept.
   */
  borrowedInput?: boolean;
  /**
   * With `borrowedInput`: takes back a payload buffer from `allocate` that the caller is done
   * with. A payload the decoder assembled is recycled at the next `next()` call unless the caller
   * kept it with {@link FrameDecoder.claimPayload}. Default: none (left to the GC).
   */
  recycle?: (buffer: Uint8Array) => void;
}

/** Default of {@link FrameLimits.maxFrameBytes}: 64 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Validates caller-given limits once, at construction; returns the resolved byte limit. */
export function resolveMaxFrameBytes(limits: FrameLimits | undefined): number {
  const value = limits?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`maxFrameBytes must be a non-negative safe integer; got ${String(value)}`);
  }
  return value;
}
