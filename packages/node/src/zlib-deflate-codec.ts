import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { checkAfterFinalBlock, type DeflateCodec, type DeflateContext } from '@weft/core';
import { ZlibContext } from './zlib-context.js';

/** Inflate with the largest window: it reads anything a server produces with ≤ 15 window bits. */
const INFLATE_WINDOW_BITS = 15;
const DEFLATE_MEM_LEVEL = 8;
/** zlib's raw deflate cannot run with an 8-bit window (it silently uses 9). */
const SMALLEST_ZLIB_WINDOW_BITS = 9;

/**
 * Core's {@link DeflateCodec} on synchronous `node:zlib` (one message at a time per event-loop
 * turn, so zlib work never piles up: that is the concurrency limit). Under context takeover core
 * uses its long-lived {@link ZlibContext}s where this Node can run them, and these stateless
 * calls with the previous window as a dictionary otherwise. Inflate runs with
 * `maxOutputLength`, so a decompression bomb stops at the limit — zlib throws a `RangeError`
 * (`ERR_BUFFER_TOO_LARGE`) after at most one extra 16 KiB chunk, which core maps to close 1009;
 * any other zlib error means corrupt data. Both directions end in `Z_SYNC_FLUSH`, because RFC 7692
 * §7.2.1 messages end at a sync-flush boundary (core strips and re-appends `00 00 ff ff`).
 */
export class ZlibDeflateCodec implements DeflateCodec {
  /** Inflates raw deflate `data`; throws a RangeError past `maxOutputBytes` of output. */
  inflateRaw(data: Uint8Array, dictionary: Uint8Array | undefined, maxOutputBytes: number): Uint8Array {
    const { buffer: output, engine } = inflateRawSync(data, {
      windowBits: INFLATE_WINDOW_BITS,
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: Math.max(1, maxOutputBytes),
      info: true,
      ...(dictionary !== undefined && dictionary.byteLength > 0 ? { dictionary } : {}),
      // `info` (documented, untyped in @types/node) adds the engine: how much input zlib read.
    }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    checkAfterFinalBlock(data, engine.bytesWritten);
    if (output.byteLength > maxOutputBytes) {
      throw new RangeError(`inflated message exceeds ${maxOutputBytes} bytes`);
    }
    return output;
  }

  /**
   * Deflates `data` with a window of 2^`windowBits` bytes, ending with a sync flush. For the
   * 8-bit window RFC 7692 allows but zlib cannot produce, it uses Huffman-only coding: no
   * back-reference at all, so the peer's 256-byte window is never exceeded.
   */
  deflateRaw(data: Uint8Array, dictionary: Uint8Array | undefined, windowBits: number): Uint8Array {
    const huffmanOnly = windowBits < SMALLEST_ZLIB_WINDOW_BITS;
    return deflateRawSync(data, {
      windowBits: huffmanOnly ? SMALLEST_ZLIB_WINDOW_BITS : windowBits,
      memLevel: DEFLATE_MEM_LEVEL,
      finishFlush: constants.Z_SYNC_FLUSH,
      ...(huffmanOnly ? { strategy: constants.Z_HUFFMAN_ONLY } : {}),
      ...(!huffmanOnly && dictionary !== undefined && dictionary.byteLength > 0 ? { dictionary } : {}),
    });
  }

  /** {@inheritDoc DeflateCodec.openInflateContext} */
  openInflateContext(): DeflateContext | undefined {
    return ZlibContext.inflate();
  }

  /** {@inheritDoc DeflateCodec.openDeflateContext} */
  openDeflateContext(windowBits: number): DeflateContext | undefined {
    return ZlibContext.deflate(windowBits);
  }
}
