import type { FrameDecoder, PartialFrame } from '../codec/index.js';
import { Opcode } from '../codec/index.js';
import type { ProtocolError } from '../errors/index.js';
import type { Utf8Validator } from '../utf8/index.js';
import { invalidUtf8, tooBig, type IncomingMessage, type MessageLimits } from './incoming-message.js';

/**
 * Checks on a frame whose payload is still arriving, so that a bad message fails at the chunk
 * that shows it is bad. RFC 6455 §8.1: an endpoint that "finds that the byte stream is not, in
 * fact, a valid UTF-8 stream … MUST _Fail the WebSocket Connection_" — Autobahn 6.4.3/6.4.4 send
 * one text frame in chops and expect the close before the rest arrives. And a continuation frame
 * announcing more bytes than the message may still take fails before it is buffered.
 *
 * It remembers how much of the frame in progress its validator has seen, so the completed frame
 * is only validated from there on ({@link take}).
 */
export class PartialFrameCheck {
  private validator: Utf8Validator | undefined;
  private validated = 0;

  /** {@link check} on the frame whose payload `decoder` is receiving, if any: fail fast on what arrived. */
  checkFrameInProgress(decoder: FrameDecoder, message: IncomingMessage | undefined, limits: MessageLimits): ProtocolError | undefined {
    const partial = decoder.partialFrame();
    return partial === undefined ? undefined : this.check(partial, message, limits);
  }

  /** Check what has arrived of `partial`; returns the error to fail the connection with, if any. */
  check(partial: PartialFrame, message: IncomingMessage | undefined, limits: MessageLimits): ProtocolError | undefined {
    let validator: Utf8Validator | undefined;
    // An uncompressed frame that starts a message is a message itself: frames may only exceed
    // maxMessageBytes (up to deflate's encoded bound) when they carry compressed data.
    if (message === undefined && !partial.rsv1 && partial.opcode !== Opcode.Continuation && partial.length > limits.maxMessageBytes) {
      return tooBig(partial.length, limits.maxMessageBytes);
    }
    if (partial.opcode === Opcode.Continuation && message !== undefined) {
      const total = message.receivedBytes + partial.length;
      const limit = message.compressed ? limits.maxEncodedBytes : limits.maxMessageBytes;
      if (total > limit) return tooBig(total, limit);
      validator = message.textValidator;
    } else if (partial.opcode === Opcode.Text && !partial.rsv1 && message === undefined) {
      validator = this.validator ??= limits.utf8.createValidator();
    }
    if (validator === undefined) return undefined;
    // Feed only the bytes that arrived since the last check, piece by piece (no copy).
    let skip = this.validated;
    for (const piece of partial.pieces) {
      if (skip >= piece.length) {
        skip -= piece.length;
        continue;
      }
      if (!validator.push(skip === 0 ? piece : piece.subarray(skip))) return invalidUtf8();
      skip = 0;
    }
    this.validated = partial.receivedBytes;
    return undefined;
  }

  /**
   * The frame that was in progress has completed: returns the validator that saw its head (a
   * text frame that starts a message) and how many of its bytes were validated, and resets.
   */
  take(): { validator: Utf8Validator | undefined; validated: number } {
    const taken = { validator: this.validator, validated: this.validated };
    this.validator = undefined;
    this.validated = 0;
    return taken;
  }

  /** True when nothing of the frame in progress has been validated (the common case). */
  get isIdle(): boolean {
    return this.validated === 0;
  }
}
