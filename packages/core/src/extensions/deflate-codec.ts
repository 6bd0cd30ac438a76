/**
 * Synchronous raw DEFLATE (RFC 1951), injected by the adapter (Node: `node:zlib`). Context
 * takeover is done without long-lived streams: the previous window is passed as a preset
 * dictionary, so the codec itself keeps no state between calls.
 *
 * Node implements it as
 * `inflateRawSync(data, { dictionary, maxOutputLength, finishFlush: Z_SYNC_FLUSH })` and
 * `deflateRawSync(data, { dictionary, windowBits, finishFlush: Z_SYNC_FLUSH })`.
 */
export interface DeflateCodec {
  /**
   * Inflates `data` (which ends with a sync-flush marker, so a complete stream end is not
   * required). Throws a `RangeError` when the output would exceed `maxOutputBytes` (what
   * Node's `maxOutputLength` does); any other throw means the data is invalid.
   */
  inflateRaw(data: Uint8Array, dictionary: Uint8Array | undefined, maxOutputBytes: number): Uint8Array;
  /**
   * Deflates `data` with an LZ77 window of 2^`windowBits` bytes (9..15) and ends the output
   * with a sync flush (an empty stored block, `00 00 ff ff`).
   */
  deflateRaw(data: Uint8Array, dictionary: Uint8Array | undefined, windowBits: number): Uint8Array;
}
