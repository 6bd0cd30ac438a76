import { ProtocolError } from '../errors/index.js';
import type { DeflateCodec } from './deflate-codec.js';
import type { PerMessageExtension } from './per-message-extension.js';
import { MAX_WINDOW_BITS, MIN_WINDOW_BITS, PERMESSAGE_DEFLATE, isWindowBits } from './per-message-deflate-params.js';
import type { PerMessageDeflateAgreement } from './per-message-deflate-params.js';
import { SlidingWindow } from './sliding-window.js';

/** RFC 7692 §7.2.1/§7.2.2: the empty stored block a sync flush ends with. */
const FLUSH_TAIL = [0x00, 0x00, 0xff, 0xff] as const;
const WINDOW_BYTES = 1 << MAX_WINDOW_BITS;
/** Default of {@link PerMessageDeflateOptions.thresholdBytes}. */
export const DEFAULT_DEFLATE_THRESHOLD_BYTES = 1024;

/** How to run permessage-deflate once negotiated. */
export interface PerMessageDeflateOptions {
  /** The raw DEFLATE implementation (injected by the adapter). */
  codec: DeflateCodec;
  /** What `negotiatePerMessageDeflate` agreed. */
  agreement: PerMessageDeflateAgreement;
  /**
   * Messages shorter than this are sent uncompressed: below ~1 KiB compression rarely pays for
   * its CPU and header bytes. Default 1024; 0 compresses everything.
   */
  thresholdBytes?: number;
}

/**
 * RFC 7692 permessage-deflate over an injected {@link DeflateCodec}. Context takeover keeps the
 * last 32 KiB of plain data of each direction and hands it to the codec as a preset dictionary.
 */
export class PerMessageDeflate implements PerMessageExtension {
  /** {@inheritDoc PerMessageExtension.name} */
  readonly name = PERMESSAGE_DEFLATE;
  private readonly codec: DeflateCodec;
  private readonly agreement: PerMessageDeflateAgreement;
  private readonly thresholdBytes: number;
  private readonly inflateWindow: SlidingWindow | undefined;
  private readonly deflateWindow: SlidingWindow | undefined;

  /** Throws `RangeError`/`TypeError` on invalid options. */
  constructor(options: PerMessageDeflateOptions) {
    const { codec, agreement, thresholdBytes = DEFAULT_DEFLATE_THRESHOLD_BYTES } = options;
    if (typeof codec?.inflateRaw !== 'function' || typeof codec.deflateRaw !== 'function') {
      throw new TypeError('codec must implement inflateRaw and deflateRaw');
    }
    if (!isWindowBits(agreement.clientMaxWindowBits) || !isWindowBits(agreement.serverMaxWindowBits)) {
      throw new RangeError('agreed window bits must be integers 8..15');
    }
    if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 0) {
      throw new RangeError(`thresholdBytes must be a non-negative integer, got ${thresholdBytes}`);
    }
    this.codec = codec;
    this.agreement = { ...agreement };
    this.thresholdBytes = thresholdBytes;
    this.inflateWindow = agreement.serverNoContextTakeover ? undefined : new SlidingWindow(WINDOW_BYTES);
    this.deflateWindow = agreement.clientNoContextTakeover ? undefined : new SlidingWindow(WINDOW_BYTES);
  }

  /** {@inheritDoc PerMessageExtension.decodeMessage} */
  decodeMessage(payload: Uint8Array, maxBytes: number): Uint8Array {
    // §7.2.2: append 0x00 0x00 0xff 0xff to the payload, then inflate.
    const data = new Uint8Array(payload.length + 4);
    data.set(payload);
    data.set(FLUSH_TAIL, payload.length);
    let output: Uint8Array;
    try {
      // §7.2.2 with context takeover: the server may refer back into earlier messages' data.
      output = this.codec.inflateRaw(data, this.inflateWindow?.tail(), maxBytes);
    } catch (error) {
      if (error instanceof RangeError) throw tooBig(maxBytes, error);
      throw new ProtocolError('ERR_INVALID_COMPRESSED_DATA', 1007, 'compressed message is not valid DEFLATE data', {
        cause: error,
      });
    }
    if (output.length > maxBytes) throw tooBig(maxBytes);
    this.inflateWindow?.append(output);
    return output;
  }

  /** {@inheritDoc PerMessageExtension.encodeMessage} */
  encodeMessage(payload: Uint8Array, _isText: boolean): Uint8Array | undefined {
    const windowBits = this.agreement.clientMaxWindowBits;
    // zlib cannot produce a 256-byte window (it silently uses 512), so with an agreed window
    // of 8 bits we send uncompressed messages, which RFC 7692 §6 always allows.
    if (payload.length < this.thresholdBytes || windowBits === MIN_WINDOW_BITS) return undefined;
    const dictionary = this.deflateWindow?.tail(1 << windowBits);
    const compressed = this.codec.deflateRaw(payload, dictionary, windowBits);
    // §7.2.1: remove the trailing 0x00 0x00 0xff 0xff. Output that does not end with it (a
    // final block, §7.2.3.4) is sent as is.
    const body = endsWithFlushTail(compressed) ? compressed.subarray(0, compressed.length - 4) : compressed;
    // Not worth it (or empty): send uncompressed. The peer's window then does not include this
    // message, so ours must not either.
    if (body.length >= payload.length) return undefined;
    this.deflateWindow?.append(payload);
    return body;
  }
  /**
   * Worst case of raw deflate on incompressible input: stored blocks of at least 16 383 bytes
   * cost 5 header bytes each, plus the block that a sync flush appends (RFC 7692 §7.2.1).
   */
  maxEncodedBytes(decodedBytes: number): number {
    return decodedBytes + 5 * Math.ceil(decodedBytes / 16_383) + 16;
  }

}

function endsWithFlushTail(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 4 && bytes[n - 4] === 0 && bytes[n - 3] === 0 && bytes[n - 2] === 0xff && bytes[n - 1] === 0xff;
}

function tooBig(maxBytes: number, cause?: unknown): ProtocolError {
  return new ProtocolError('ERR_MESSAGE_TOO_BIG', 1009, `decompressed message exceeds ${maxBytes} bytes`, { cause });
}
