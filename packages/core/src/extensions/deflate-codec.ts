/**
 * Synchronous raw DEFLATE (RFC 1951), injected by the adapter (Node: `node:zlib`).
 *
 * Context takeover works with every codec through the two stateless calls: the previous window
 * is passed as a preset dictionary, so the codec keeps no state between calls. A codec that can
 * also keep a compression context alive between messages offers it through the optional
 * `open…Context` calls; {@link PerMessageDeflate} then uses it instead, which saves re-reading
 * the 32 KiB dictionary on every message (most of the cost of a small message).
 *
 * Node implements the stateless calls as
 * `inflateRawSync(data, { dictionary, maxOutputLength, finishFlush: Z_SYNC_FLUSH })` and
 * `deflateRawSync(data, { dictionary, windowBits, finishFlush: Z_SYNC_FLUSH })`.
 */
export interface DeflateCodec {
  /**
   * Inflates `data` (which ends with a sync-flush marker, so a complete stream end is not
   * required). Throws a `RangeError` when the output would exceed `maxOutputBytes` (what
   * Node's `maxOutputLength` does); any other throw means the data is invalid, which includes
   * anything but zero padding after a final block (`checkAfterFinalBlock` decides).
   */
  inflateRaw(data: Uint8Array, dictionary: Uint8Array | undefined, maxOutputBytes: number): Uint8Array;
  /**
   * Deflates `data` with an LZ77 window of 2^`windowBits` bytes (9..15) and ends the output
   * with a sync flush (an empty stored block, `00 00 ff ff`).
   */
  deflateRaw(data: Uint8Array, dictionary: Uint8Array | undefined, windowBits: number): Uint8Array;
  /**
   * Optional: a raw inflate context with a 2^15-byte window that lives from message to message,
   * or `undefined` when the codec cannot make one now (the dictionary route is used instead).
   */
  openInflateContext?(): DeflateContext | undefined;
  /** Optional: a raw deflate context with a 2^`windowBits`-byte window (9..15); as above. */
  openDeflateContext?(windowBits: number): DeflateContext | undefined;
}

/** A raw DEFLATE stream kept between messages (RFC 7692 context takeover). */
export interface DeflateContext {
  /**
   * Runs one message through the stream and ends the output with a sync flush; the output is
   * the caller's (never reused by the context). An inflate context throws a `RangeError` when
   * the output would exceed `maxOutputBytes`, and any other error on invalid data; after a
   * throw the context is unusable.
   */
  process(data: Uint8Array, maxOutputBytes: number): Uint8Array;
  /** Frees the stream's memory now. Safe to call more than once. */
  close(): void;
}
