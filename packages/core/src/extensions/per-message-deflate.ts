import { ProtocolError } from '../errors/index.js';
import type { DeflateCodec, DeflateContext } from './deflate-codec.js';
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
 * RFC 7692 permessage-deflate over an injected {@link DeflateCodec}. Context takeover uses the
 * codec's long-lived contexts where it offers them (opened at the first compressed message of
 * each direction); otherwise it keeps the last 32 KiB of plain data of each direction and hands
 * it to the codec as a preset dictionary.
 */
export class PerMessageDeflate implements PerMessageExtension {
  /** {@inheritDoc PerMessageExtension.name} */
  readonly name = PERMESSAGE_DEFLATE;
  private readonly codec: DeflateCodec;
  private readonly agreement: PerMessageDeflateAgreement;
  private readonly thresholdBytes: number;
  /** How each direction carries its window: undefined until its first compressed message. */
  private inflateCarry: WindowCarry | undefined;
  private deflateCarry: WindowCarry | undefined;
  private disposed = false;

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
  }

  /** {@inheritDoc PerMessageExtension.decodeMessage} */
  decodeMessage(payload: Uint8Array, maxBytes: number): Uint8Array {
    this.assertNotDisposed();
    // §7.2.2: append 0x00 0x00 0xff 0xff to the payload, then inflate.
    const data = new Uint8Array(payload.length + 4);
    data.set(payload);
    data.set(FLUSH_TAIL, payload.length);
    // §7.2.2 with context takeover: the server may refer back into earlier messages' data.
    const carry = (this.inflateCarry ??= this.openCarry(this.agreement.serverNoContextTakeover, () => this.codec.openInflateContext?.()));
    let output: Uint8Array;
    try {
      output = carry.context !== undefined
        ? carry.context.process(data, maxBytes)
        : this.codec.inflateRaw(data, carry.window?.tail(), maxBytes);
    } catch (error) {
      if (error instanceof RangeError) throw tooBig(maxBytes, error);
      throw new ProtocolError('ERR_INVALID_COMPRESSED_DATA', 1007, 'compressed message is not valid DEFLATE data', {
        cause: error,
      });
    }
    if (output.length > maxBytes) throw tooBig(maxBytes);
    carry.window?.append(output);
    return output;
  }

  /** {@inheritDoc PerMessageExtension.encodeMessage} */
  encodeMessage(payload: Uint8Array, _isText: boolean): Uint8Array | undefined {
    this.assertNotDisposed();
    const windowBits = this.agreement.clientMaxWindowBits;
    // zlib cannot produce a 256-byte window (it silently uses 512), so with an agreed window
    // of 8 bits we send uncompressed messages, which RFC 7692 §6 always allows.
    // An empty message goes as it is too: compressed by a context, a second sync flush in a row
    // would yield no bytes at all, which the peer cannot read (§7.2.1 wants `00`).
    if (payload.length < this.thresholdBytes || windowBits === MIN_WINDOW_BITS || payload.length === 0) return undefined;
    const carry = (this.deflateCarry ??= this.openCarry(this.agreement.clientNoContextTakeover, () => this.codec.openDeflateContext?.(windowBits)));
    if (carry.failed) return undefined;
    if (carry.context !== undefined) {
      try {
        // The context has taken this message into its window, and so must the peer's: it is sent
        // compressed even when that does not pay (stored blocks add 5 bytes per 16 KiB).
        return withoutFlushTail(carry.context.process(payload, Infinity));
      } catch {
        // zlib failed (out of memory): nothing of this message reached the peer, whose window is
        // as it was. Uncompressed messages never touch it, so the rest go uncompressed (§6).
        carry.context.close();
        this.deflateCarry = { failed: true };
        return undefined;
      }
    }
    const body = withoutFlushTail(this.codec.deflateRaw(payload, carry.window?.tail(1 << windowBits), windowBits));
    // Not worth it (or empty): send uncompressed. The peer's window then does not include this
    // message, so ours must not either.
    if (body.length >= payload.length) return undefined;
    carry.window?.append(payload);
    return body;
  }

  /**
   * Worst case of raw deflate on incompressible input, whatever the sender's parameters: zlib's
   * `deflateBound` when it cannot know them, the larger of two cases. Fixed Huffman blocks with
   * 9-bit literals (`Z_FIXED`, or a small hash) cost about 13 %; stored blocks of 127 bytes
   * (`memLevel` 1, as uWebSockets' small compressor) about 4 %. Plus the block a sync flush
   * appends (RFC 7692 §7.2.1).
   */
  maxEncodedBytes(decodedBytes: number): number {
    const n = decodedBytes;
    const fixed = n + Math.floor(n / 8) + Math.floor(n / 256) + Math.floor(n / 512) + 4;
    const stored = n + Math.floor(n / 32) + Math.floor(n / 128) + Math.floor(n / 2048) + 7;
    return Math.max(fixed, stored) + 16;
  }

  /** {@inheritDoc PerMessageExtension.dispose} */
  dispose(): void {
    this.disposed = true;
    this.inflateCarry?.context?.close();
    this.deflateCarry?.context?.close();
  }

  /** A direction's carry: nothing without context takeover, else the codec's context, else a SlidingWindow. */
  private openCarry(noContextTakeover: boolean, openContext: () => DeflateContext | undefined): WindowCarry {
    if (noContextTakeover) return {};
    const context = openContext();
    return context !== undefined ? { context } : { window: new SlidingWindow(WINDOW_BYTES) };
  }

  private assertNotDisposed(): void {
    if (this.disposed) throw new Error('permessage-deflate was disposed: the connection is closed');
  }
}

/**
 * How one direction carries its LZ77 window from message to message (RFC 7692 §7.2.1, §7.2.2):
 * a codec context, a window passed back as a dictionary, or neither (no context takeover).
 */
interface WindowCarry {
  readonly context?: DeflateContext;
  readonly window?: SlidingWindow;
  /** The deflate context failed: every later message goes uncompressed. */
  readonly failed?: true;
}

/** §7.2.1: remove the trailing 0x00 0x00 0xff 0xff; output without it (a final block, §7.2.3.4) stays as is. */
function withoutFlushTail(compressed: Uint8Array): Uint8Array {
  return endsWithFlushTail(compressed) ? compressed.subarray(0, compressed.length - 4) : compressed;
}

function endsWithFlushTail(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 4 && bytes[n - 4] === 0 && bytes[n - 3] === 0 && bytes[n - 2] === 0xff && bytes[n - 1] === 0xff;
}

function tooBig(maxBytes: number, cause?: unknown): ProtocolError {
  return new ProtocolError('ERR_MESSAGE_TOO_BIG', 1009, `decompressed message exceeds ${maxBytes} bytes`, { cause });
}
