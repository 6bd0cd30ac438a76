import type { FrameLimits } from '../codec/index.js';
import type { Platform } from '../platform/index.js';
import type { PerMessageExtension } from '../extensions/index.js';
import { createUtf8Codec, encodeUtf8, type Utf8Codec } from '../utf8/index.js';
import { MAX_MASKED_HEAD_BYTES } from './outgoing-frames.js';

/** Options of {@link ClientProtocol}; validated once, at construction. */
export interface ProtocolOptions {
  /**
   * Source of the random masking keys (RFC 6455 §5.3 requires them to be unpredictable), and the
   * platform's optional accelerators (`allocate`, `recycle`, `encodeUtf8`, `encodeUtf8WithRoom`,
   * `isValidUtf8`, `isAscii`, `decodeUtf8`, `decodeUtf8IfValid`), used when present.
   */
  platform: Pick<Platform, 'fillRandom' | 'allocate' | 'recycle' | 'encodeUtf8' | 'encodeUtf8WithRoom' | 'isValidUtf8' | 'isAscii' | 'decodeUtf8'
    | 'decodeUtf8IfValid'> & {
    /**
     * Optional: the buffer of an outgoing masked frame of `length` bytes, contents may be garbage
     * (core writes every byte of it before the frame leaves). Only ever passed to the transport,
     * never to the application, so a host may recycle it once written. Absent: `allocate`.
     */
    allocateFrame?(length: number): Uint8Array;
  };
  /**
   * A key source shared by many connections (a `MaskKeySource` over the same CSPRNG). Each key
   * is still handed out once; sharing saves each idle connection its own 4 KiB random pool.
   * Default: a pool of this connection's own, filled from `platform.fillRandom`.
   */
  maskKeys?: { next(): Uint8Array };
  /**
   * Largest frame payload accepted, checked from the frame header before buffering.
   * Default: the message limit (as it may be encoded on the wire, see `maxEncodedBytes` of the
   * extension), so a single-frame message at the limit passes and a 2^63 header is refused.
   */
  maxFrameBytes?: number;
  /**
   * Largest message accepted, fragments summed (after decompression when an extension is used).
   * Default 64 MiB, for the same reason. Exceeding it fails the connection with 1009.
   */
  maxMessageBytes?: number;
  /**
   * Most fragments one message may have. Default 65 536: a stream of tiny fragments would
   * otherwise cost an array entry each without ever reaching `maxMessageBytes`. 65 536 admits a
   * 4 MiB message in 64-byte fragments (Autobahn 9.3.1) and refuses 100 000 one-byte fragments.
   */
  maxFragments?: number;
  /** The extension negotiated in the opening handshake, if any: it owns the RSV1 bit. */
  extension?: PerMessageExtension;
  /** Debug hook; when absent no debug message is even formatted. */
  onDebug?: (message: string) => void;
  /**
   * Stop processing input after each complete data message, until
   * {@link ClientProtocol.processPendingInput} is called. An I/O layer that dispatches each
   * message to the application before parsing on (as `ProtocolDriver` does) lets a handler answer
   * a message even when the peer's close frame arrived in the same read. Default false.
   */
  pauseAfterMessage?: boolean;
  /**
   * The transport passes views of one read buffer that it reuses for the next read once
   * {@link ClientProtocol.detachInput} has been called (Node's `onread`). The protocol then keeps
   * no view of it: payloads spanning reads fill buffers of their own as they arrive, and the
   * payloads of binary, ping and pong events are copies. Default false: each chunk is taken
   * over, and payload views into it are handed out and kept.
   */
  borrowedInput?: boolean;
}

/** {@link ProtocolOptions} with every default applied. */
export interface ResolvedProtocolOptions {
  readonly fillRandom: (target: Uint8Array) => void;
  readonly maskKeys: { next(): Uint8Array } | undefined;
  readonly maxFrameBytes: number;
  readonly maxMessageBytes: number;
  /** Largest encoded (RSV1) message: the extension's bound for maxMessageBytes. */
  readonly maxEncodedBytes: number;
  readonly maxFragments: number;
  readonly extension: PerMessageExtension | undefined;
  readonly onDebug: ((message: string) => void) | undefined;
  readonly pauseAfterMessage: boolean;
  readonly borrowedInput: boolean;
  /** `platform.allocate` (bound), or undefined: payload buffers are then zero-filled. */
  readonly allocate: ((length: number) => Uint8Array) | undefined;
  /** `platform.recycle` (bound) when `allocate` is given too, else undefined. */
  readonly recycle: ((buffer: Uint8Array) => void) | undefined;
  /** `platform.allocateFrame` (bound), else {@link allocate}: buffers of outgoing frames. */
  readonly allocateFrame: ((length: number) => Uint8Array) | undefined;
  /**
   * Text to UTF-8 in a buffer of its own, after {@link textRoom} bytes of room for the frame's
   * header: `platform.encodeUtf8WithRoom`, else `platform.encodeUtf8` (bound), else `TextEncoder`.
   */
  readonly encodeText: (text: string) => Uint8Array;
  /** Bytes of room before the UTF-8 that {@link encodeText} returns: the longest masked header, or 0. */
  readonly textRoom: number;
  /**
   * {@link recycle} when the platform encodes text ({@link encodeText} is its method), else
   * undefined: what core's own `TextEncoder` returned is no buffer of the host's to take back.
   */
  readonly recycleText: ((buffer: Uint8Array) => void) | undefined;
  /** UTF-8 validation and decoding, with the platform's accelerators where it has them. */
  readonly utf8: Utf8Codec;
}

/** The defaults of {@link ProtocolOptions}, in one place. */
export const DEFAULT_PROTOCOL_LIMITS = Object.freeze({
  maxFrameBytes: 64 * 1024 * 1024,
  maxMessageBytes: 64 * 1024 * 1024,
  maxFragments: 65_536,
});

/** Apply defaults and reject malformed options with a TypeError. */
export function resolveProtocolOptions(options: ProtocolOptions): ResolvedProtocolOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('protocol options must be an object');
  const fillRandom = options.platform?.fillRandom;
  if (typeof fillRandom !== 'function') throw new TypeError('options.platform.fillRandom must be a function');
  const { extension, onDebug } = options;
  if (extension !== undefined && (typeof extension.decodeMessage !== 'function' || typeof extension.encodeMessage !== 'function')) {
    throw new TypeError('options.extension must have decodeMessage and encodeMessage methods');
  }
  if (onDebug !== undefined && typeof onDebug !== 'function') throw new TypeError('options.onDebug must be a function');
  const platform = options.platform;
  const allocate = platform.allocate;
  const allocateFrame = platform.allocateFrame;
  const maxMessageBytes = readLimit(options.maxMessageBytes, 'maxMessageBytes', DEFAULT_PROTOCOL_LIMITS.maxMessageBytes);
  // The message limit is on the decoded size (RFC 7692 §8.1); on the wire an incompressible
  // message may be a little larger, and no frame can usefully exceed that.
  const maxEncodedBytes = Math.max(maxMessageBytes, extension?.maxEncodedBytes?.(maxMessageBytes) ?? maxMessageBytes);
  const recycle = typeof allocate === 'function' && typeof platform.recycle === 'function'
    ? (buffer: Uint8Array) => (platform.recycle as (buffer: Uint8Array) => void).call(platform, buffer) : undefined;
  return {
    fillRandom: (target) => fillRandom.call(options.platform, target),
    maskKeys: options.maskKeys,
    maxFrameBytes: Math.min(readLimit(options.maxFrameBytes, 'maxFrameBytes', maxEncodedBytes), maxEncodedBytes),
    maxMessageBytes,
    maxEncodedBytes,
    maxFragments: readLimit(options.maxFragments, 'maxFragments', DEFAULT_PROTOCOL_LIMITS.maxFragments),
    extension,
    onDebug,
    pauseAfterMessage: options.pauseAfterMessage === true,
    borrowedInput: options.borrowedInput === true,
    allocate: typeof allocate === 'function' ? (length) => allocate.call(platform, length) : undefined,
    recycle,
    recycleText: resolveTextRecycler(platform, recycle),
    allocateFrame: typeof allocateFrame === 'function' ? (length) => allocateFrame.call(platform, length)
      : typeof allocate === 'function' ? (length) => allocate.call(platform, length) : undefined,
    ...resolveTextEncoder(platform),
    utf8: createUtf8Codec(platform),
  };
}

/** `recycle` for encoded text that no frame views, when the platform is what encoded it. */
function resolveTextRecycler(platform: ProtocolOptions['platform'], recycle: ResolvedProtocolOptions['recycle']): ResolvedProtocolOptions['recycleText'] {
  const encodes = typeof platform.encodeUtf8WithRoom === 'function' || typeof platform.encodeUtf8 === 'function';
  return encodes ? recycle : undefined;
}

/** The decoder's limits under these options (maxFrameBytes, the allocator, borrowed input). */
export function frameLimitsOf(options: ResolvedProtocolOptions): FrameLimits {
  const { maxFrameBytes, borrowedInput, allocate, recycle } = options;
  return {
    maxFrameBytes,
    borrowedInput,
    ...(allocate === undefined ? {} : { allocate }),
    ...(recycle === undefined ? {} : { recycle }),
  };
}

function readLimit(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`options.${name} must be a positive integer; got ${String(value)}`);
  }
  return value;
}

/** How long text is encoded for sending: with room for the frame's header where the platform can leave some. */
function resolveTextEncoder(platform: ProtocolOptions['platform']): Pick<ResolvedProtocolOptions, 'encodeText' | 'textRoom'> {
  const { encodeUtf8WithRoom: withRoom, encodeUtf8: plain } = platform;
  if (typeof withRoom === 'function') {
    return { encodeText: (text) => withRoom.call(platform, text, MAX_MASKED_HEAD_BYTES), textRoom: MAX_MASKED_HEAD_BYTES };
  }
  return { encodeText: typeof plain === 'function' ? (text) => plain.call(platform, text) : encodeUtf8, textRoom: 0 };
}
