import { CloseCode } from '../close/index.js';
import { ProtocolError } from '../errors/index.js';
import type { Utf8Codec, Utf8Validator } from '../utf8/index.js';
import type { PerMessageExtension } from '../extensions/index.js';
import { FragmentBuffer } from './fragment-buffer.js';
import type { ProtocolEvent } from './protocol-event.js';

/** Past `maxFragments`, the average fragment must be at least this large. */
export const MIN_AVERAGE_FRAGMENT_BYTES = 64;

/** Limits applied to every incoming message. */
export interface MessageLimits {
  readonly maxMessageBytes: number;
  /** Bound on the encoded size of a compressed (RSV1) message; ≥ maxMessageBytes. */
  readonly maxEncodedBytes: number;
  readonly maxFragments: number;
  /** How text is validated and decoded (the platform's accelerators, or the portable code). */
  readonly utf8: Utf8Codec;
  /** Allocates the buffers fragments are kept and joined in (garbage allowed: only written bytes are read). */
  readonly allocate?: ((length: number) => Uint8Array) | undefined;
}

/** A completed message, or the error that fails the connection. */
export type MessageResult = ProtocolEvent | ProtocolError;

/**
 * The fragments of one data message still in flight (RFC 6455 §5.4). Fragments are kept as the
 * decoder's views and joined once, at the end. Uncompressed text is validated fragment by
 * fragment, so invalid UTF-8 fails the connection at the first bad fragment (§8.1), not at fin.
 * Ownership: the views point into the chunks given to `receiveData`, which must stay unmodified
 * (or are copied, with `borrowedInput`).
 */
export class IncomingMessage {
  readonly isText: boolean;
  readonly compressed: boolean;
  private readonly fragments: FragmentBuffer;
  private readonly validator: Utf8Validator | undefined;

  /**
   * `validator` is the one that already checked the head of the first fragment while it was
   * arriving (see `ClientProtocol`), if any; otherwise `utf8` makes one for uncompressed text.
   * `borrowedInput`: the fragments are views of a reused read buffer, so each is copied.
   * `allocate`: see {@link MessageLimits.allocate}; every buffer the fragments are kept in.
   * `expectedBytes`: room to reserve for its bytes (0: no guess; see `FragmentBuffer`).
   */
  constructor(isText: boolean, compressed: boolean, utf8: Utf8Codec, validator?: Utf8Validator, borrowedInput = false,
    allocate?: (length: number) => Uint8Array, expectedBytes = 0) {
    this.isText = isText;
    this.compressed = compressed;
    this.fragments = new FragmentBuffer(borrowedInput, allocate, expectedBytes);
    this.validator = isText && !compressed ? validator ?? utf8.createValidator() : undefined;
  }

  /** The streaming validator of an uncompressed text message; undefined otherwise. */
  get textValidator(): Utf8Validator | undefined {
    return this.validator;
  }

  /** Bytes of the message received so far (complete fragments only). */
  get receivedBytes(): number {
    return this.fragments.byteLength;
  }

  /**
   * Add the payload of the next fragment; returns the error to fail the connection with, if any.
   * The first `validatedBytes` bytes were already fed to the text validator while they arrived.
   */
  addFragment(payload: Uint8Array, limits: MessageLimits, validatedBytes = 0): ProtocolError | undefined {
    // Limits are checked before the fragment is kept, so a hostile peer cannot grow the buffer.
    // Past maxFragments, a message may go on only while its fragments average at least
    // MIN_AVERAGE_FRAGMENT_BYTES: 16 MiB in 64-byte fragments passes, 100 000 one-byte
    // fragments (a CPU and bookkeeping attack that never reaches the byte limit) do not.
    const fragments = this.fragments;
    const count = fragments.count + 1;
    const byteLength = fragments.byteLength + payload.length;
    if (count > limits.maxFragments && byteLength < count * MIN_AVERAGE_FRAGMENT_BYTES) {
      return new ProtocolError('ERR_TOO_MANY_FRAGMENTS', CloseCode.MessageTooBig,
        `message has ${count} fragments averaging under ${MIN_AVERAGE_FRAGMENT_BYTES} bytes; the limit is ${limits.maxFragments} such fragments`);
    }
    // The limit is on the decoded size; a compressed message is bounded by its encoded worst
    // case here and by maxMessageBytes again while it is inflated.
    const limit = this.compressed ? limits.maxEncodedBytes : limits.maxMessageBytes;
    if (byteLength > limit) return tooBig(byteLength, limit);
    // §8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte
    // stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket
    // Connection_" — checked as each fragment arrives.
    if (this.validator !== undefined && !this.validator.push(validatedBytes === 0 ? payload : payload.subarray(validatedBytes))) {
      return invalidUtf8();
    }
    fragments.add(payload);
    return undefined;
  }

  /**
   * Join the fragments (the last one has fin set) and decode the message. Uncompressed text was
   * validated fragment by fragment, so it is decoded without a second validation pass.
   */
  finish(extension: PerMessageExtension | undefined, limits: MessageLimits): MessageResult {
    if (this.validator !== undefined) return decodeValidated(this.fragments.join(false), this.validator, limits.utf8);
    // Binary bytes reach the application as they are joined unless an extension decodes them first.
    const decodedFirst = this.isText || (this.compressed && extension !== undefined);
    return decodeMessage(this.isText, this.compressed, this.fragments.join(!decodedFirst), extension, limits);
  }
}

/**
 * Decode a whole message payload: decompress it when its first frame had RSV1 set, then, for
 * text, validate and decode the UTF-8 in one pass.
 */
export function decodeMessage(
  isText: boolean,
  compressed: boolean,
  payload: Uint8Array,
  extension: PerMessageExtension | undefined,
  limits: MessageLimits,
): MessageResult {
  let data = payload;
  // Frames may be as large as the encoded bound; an uncompressed message must fit the limit.
  if (!compressed && payload.length > limits.maxMessageBytes) return tooBig(payload.length, limits.maxMessageBytes);
  if (compressed && extension !== undefined) {
    try {
      data = extension.decodeMessage(payload, limits.maxMessageBytes);
    } catch (error) {
      // A ProtocolError carries its own status (1009 past maxBytes). Anything else means the
      // payload did not decode as the extension's format: RFC 6455 §7.4.1 defines 1007 as "data
      // within a message that was not consistent with the type of the message", which is what a
      // corrupt deflate stream is (ws answers it the same way); 1002 is for framing violations.
      if (error instanceof ProtocolError) return error;
      return new ProtocolError('ERR_INVALID_COMPRESSED_DATA', CloseCode.InvalidPayloadData,
        `${extension.name} could not decode the message`, { cause: error });
    }
    if (data.length > limits.maxMessageBytes) return tooBig(data.length, limits.maxMessageBytes);
  }
  if (!isText) return { type: 'binary', data };
  const text = limits.utf8.decode(data);
  return text === undefined ? invalidUtf8() : { type: 'text', data: text };
}

/**
 * A one-frame uncompressed text message whose first `validated` bytes `validator` already checked
 * while they arrived: only the rest is validated, then it is decoded without a second pass.
 */
export function finishValidatedText(payload: Uint8Array, validator: Utf8Validator, validated: number,
  limits: MessageLimits): MessageResult {
  if (payload.length > limits.maxMessageBytes) return tooBig(payload.length, limits.maxMessageBytes);
  if (!validator.push(payload.subarray(validated))) return invalidUtf8();
  return decodeValidated(payload, validator, limits.utf8);
}

/**
 * The text of `bytes`, every one of which `validator` has seen, once it confirms they end on a
 * complete character (and resets it); decoded with what it knows of their being all ASCII.
 */
function decodeValidated(bytes: Uint8Array, validator: Utf8Validator, utf8: Utf8Codec): MessageResult {
  const ascii = validator.onlyAscii;
  if (!validator.end()) return invalidUtf8();
  return { type: 'text', data: utf8.decodeValid(bytes, ascii) };
}

/** The 1002 error for a frame that breaks a framing rule (RFC 6455 §5, §7.4.1). */
export function protocolViolation(code: string, message: string): ProtocolError {
  return new ProtocolError(code, CloseCode.ProtocolError, message);
}

/** The 1009 error for a message of at least `byteLength` bytes. */
export function tooBig(byteLength: number, maxMessageBytes: number): ProtocolError {
  return new ProtocolError('ERR_MESSAGE_TOO_BIG', CloseCode.MessageTooBig,
    `message is at least ${byteLength} bytes; the limit is ${maxMessageBytes}`);
}

/** The 1007 error for a text message that is not valid UTF-8. */
export function invalidUtf8(): ProtocolError {
  return new ProtocolError('ERR_INVALID_UTF8', CloseCode.InvalidPayloadData, 'text message is not valid UTF-8');
}
