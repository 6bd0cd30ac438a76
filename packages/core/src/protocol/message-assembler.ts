import { Opcode, type Frame, type FrameDecoder } from '../codec/index.js';
import { ProtocolError } from '../errors/index.js';
import type { Utf8Validator } from '../utf8/index.js';
import type { EventQueue } from './event-queue.js';
import { decodeMessage, finishValidatedText, IncomingMessage, protocolViolation, tooBig, type MessageResult } from './incoming-message.js';
import type { ResolvedProtocolOptions } from './protocol-options.js';

/**
 * Data frames → messages (RFC 6455 §5.4): a message of one frame is decoded at once; the
 * fragments of a longer one are kept in an {@link IncomingMessage} until its final frame, and one
 * such message at a time may be in flight. Completed messages go to the event queue. What must
 * fail the connection is returned, not acted on: the connection's state belongs to
 * `ClientProtocol`, which asks this class only about frames it did not take on its fast path.
 */
export class MessageAssembler {
  /**
   * @internal The fragmented message in flight, if any (read it, never write it). A plain field,
   * not a getter: the protocol reads it for every frame, and a young process runs that code
   * unoptimised, call by call.
   */
  inFlight: IncomingMessage | undefined;
  /** The last fragmented message: its size, its first fragment's and whether it was compressed (see {@link roomFor}). */
  private lastFragmentedBytes = 0;
  private lastFirstFragmentBytes = -1;
  private lastCompressed = false;
  /** Payload bytes of the first fragment of the message in flight. */
  private firstFragmentBytes = 0;
  private readonly options: ResolvedProtocolOptions;
  private readonly decoder: FrameDecoder;
  private readonly events: EventQueue;

  constructor(options: ResolvedProtocolOptions, decoder: FrameDecoder, events: EventQueue) {
    this.options = options;
    this.decoder = decoder;
    this.events = events;
  }

  /** Drops the message in flight (the connection closed or failed: it never completes). */
  abandon(): void {
    this.inFlight = undefined;
  }

  /**
   * A text or binary frame: a message, or the first fragment of one. `validator` saw the first
   * `validated` bytes of its payload while they arrived (see `PartialFrameCheck`).
   */
  receiveStart(frame: Frame, validator: Utf8Validator | undefined, validated: number): ProtocolError | undefined {
    // §5.4: fragments of different messages MUST NOT be interleaved.
    if (this.inFlight !== undefined) return protocolViolation('ERR_UNEXPECTED_DATA_FRAME', 'a new data frame arrived inside a fragmented message');
    const isText = frame.opcode === Opcode.Text;
    const limits = this.options;
    if (frame.fin && !isText && !frame.rsv1) {
      // One uncompressed binary frame the protocol's loop did not take (it may be over the limit,
      // when frames may exceed messages): handed on as it is.
      const length = this.decoder.payloadLength;
      if (length > limits.maxMessageBytes) return tooBig(length, limits.maxMessageBytes);
      this.events.pushMessage({ type: 'binary', data: this.decoder.ownPayload() });
      return undefined;
    }
    if (frame.fin) {
      // One-frame message: no fragment bookkeeping; text is validated and decoded in one pass.
      // Its size was already checked from the header (the decoder's limit is ≤ maxMessageBytes).
      if (validated > 0 && validator !== undefined) return this.deliver(finishValidatedText(frame.payload, validator, validated, limits));
      return this.deliver(decodeMessage(isText, frame.rsv1, frame.payload, limits.extension, limits));
    }
    const firstFragmentBytes = this.decoder.payloadLength;
    const message = new IncomingMessage(isText, frame.rsv1, limits.utf8, validated > 0 ? validator : undefined, limits.borrowedInput,
      limits.allocate, this.roomFor(firstFragmentBytes, isText, frame.rsv1));
    this.inFlight = message;
    this.firstFragmentBytes = firstFragmentBytes;
    return this.addFragment(message, frame, validated);
  }

  /** A continuation frame; `validated` as for {@link receiveStart}. */
  receiveContinuation(frame: Frame, validated: number): ProtocolError | undefined {
    // §5.4: a continuation frame only continues a message that was started.
    const message = this.inFlight;
    if (message === undefined) return protocolViolation('ERR_UNEXPECTED_CONTINUATION', 'a continuation frame arrived with no message to continue');
    return this.addFragment(message, frame, validated);
  }

  private addFragment(message: IncomingMessage, frame: Frame, validated: number): ProtocolError | undefined {
    const error = message.addFragment(frame.payload, this.options, validated);
    if (error !== undefined || !frame.fin) return error;
    this.inFlight = undefined;
    this.lastFragmentedBytes = message.receivedBytes;
    this.lastFirstFragmentBytes = this.firstFragmentBytes;
    this.lastCompressed = message.compressed;
    return this.deliver(message.finish(this.options.extension, this.options));
  }

  /**
   * Room to reserve for the fragments of a new message (see `FragmentBuffer`): none unless it starts
   * like the last fragmented message (a first fragment of the same length, compressed or not alike:
   * a sender that cuts its messages at a fixed size), then that message's size, and half as much
   * again for bytes that are only decoded, never handed on (text, compressed data): those are
   * decoded from a view of the part they filled, so room to spare saves the join of a message a
   * little longer than the last. Never over the message's limit, nor {@link ROOM_PER_FIRST_FRAGMENT}
   * times its first fragment: a peer must send bytes to make the client reserve memory.
   */
  private roomFor(firstFragmentBytes: number, isText: boolean, compressed: boolean): number {
    if (firstFragmentBytes !== this.lastFirstFragmentBytes || compressed !== this.lastCompressed) return 0;
    const last = this.lastFragmentedBytes;
    const limit = compressed ? this.options.maxEncodedBytes : this.options.maxMessageBytes;
    return Math.min(limit, firstFragmentBytes * ROOM_PER_FIRST_FRAGMENT, isText || compressed ? Math.floor(last * 1.5) : last);
  }

  private deliver(result: MessageResult): ProtocolError | undefined {
    if (result instanceof ProtocolError) return result;
    this.events.pushMessage(result);
    return undefined;
  }
}

/** Most room reserved per byte of a message's first fragment (4 KiB fragments: 1 MiB). */
const ROOM_PER_FIRST_FRAGMENT = 256;
