import { FrameDecoder, Opcode, type Frame } from '../codec/index.js';
import { CloseCode, decodeClosePayload, encodeClosePayload } from '../close/index.js';
import { InvalidStateError, ProtocolError } from '../errors/index.js';
import { MaskKeySource } from '../mask/index.js';
import { encodeShortUtf8 } from '../utf8/text-codec.js';
import { EventQueue } from './event-queue.js';
import { protocolViolation } from './incoming-message.js';
import { MessageAssembler } from './message-assembler.js';
import { PartialFrameCheck } from './partial-frame-check.js';
import { reservedBitsViolation } from './reserved-bits.js';
import { checkControlPayload, checkFragmentBytes, pushFrame, pushMessageFrames, type FrameBuffers } from './outgoing-frames.js';
import type { ProtocolEvent } from './protocol-event.js';
import { frameLimitsOf, resolveProtocolOptions, type ProtocolOptions, type ResolvedProtocolOptions } from './protocol-options.js';

/**
 * `open`: data flows both ways. `closing`: we sent a close frame and wait for the peer's.
 * `closed`: the closing handshake is complete, the connection was failed, or the transport ended.
 */
export type ProtocolState = 'open' | 'closing' | 'closed';

const EMPTY = new Uint8Array(0);
/** What {@link ClientProtocol.eventsReceived} and {@link ClientProtocol.dataToSend} return when there is nothing (frozen). */
const NO_CHUNKS: readonly Uint8Array[] = Object.freeze([]);

/**
 * Sans-I/O RFC 6455 client connection (after the opening handshake), in the manner of
 * python-websockets' `Protocol`: feed bytes with {@link receiveData} / {@link receiveEof}, call
 * `send*`, then drain {@link eventsReceived} and {@link dataToSend}; when {@link closeExpected}
 * turns true, arm a timer for the TCP close. Every state transition lives in this file.
 * Peer misbehaviour never throws: it fails the connection (a `failure` event and a close frame).
 * Caller misuse throws at once (TypeError, WeftError, InvalidStateError).
 */
export class ClientProtocol {
  private currentState: ProtocolState = 'open';
  private readonly options: ResolvedProtocolOptions;
  private readonly decoder: FrameDecoder;
  private readonly maskKeys: { next(): Uint8Array };
  private readonly debug: ((message: string) => void) | undefined;
  private readonly events = new EventQueue();
  private output: Uint8Array[] = [];
  private readonly messages: MessageAssembler;
  private closeSent = false;
  private closeReceived = false;
  private eofReceived = false;
  private closure: { code: number; reason: string; wasClean: boolean } | undefined;
  private closer: 'local' | 'remote' | undefined;
  private failureError: ProtocolError | undefined;
  private readonly partial = new PartialFrameCheck();
  private frameBuffers: FrameBuffers;
  /** A frame may exceed a message (`maxFrameBytes` raised to deflate's encoded bound): then check both. */
  private readonly framesMayExceedMessages: boolean;

  /** Throws TypeError on malformed options. */
  constructor(options: ProtocolOptions) {
    this.options = resolveProtocolOptions(options);
    this.debug = this.options.onDebug;
    // A frame larger than the largest message can never be accepted: refuse it from its header.
    this.decoder = new FrameDecoder(frameLimitsOf(this.options));
    this.messages = new MessageAssembler(this.options, this.decoder, this.events);
    this.maskKeys = this.options.maskKeys ?? new MaskKeySource(this.options.fillRandom);
    this.frameBuffers = { allocate: this.options.allocateFrame };
    this.framesMayExceedMessages = this.options.maxFrameBytes > this.options.maxMessageBytes;
  }

  /** From now on, frames of 4 MiB or more go to `write` 1 MiB at a time as masked (`streamed-frame.ts`); `write` must not call back in. */
  writeEagerly(write: (chunks: Uint8Array[]) => void): void {
    this.frameBuffers = { ...this.frameBuffers, flush: write };
  }

  /** Payloads of `borrowedInput` copied to exactly their length: see `FrameDecoder.exactCopies`. */
  copyPayloadsExactly(exact: boolean): void {
    this.decoder.exactCopies = exact;
  }

  /** Current state; see {@link ProtocolState}. In `closed`, all input is discarded. */
  get state(): ProtocolState { return this.currentState; }

  /** Status of the closure once known: the peer's code, ours on failure, 1006 without a close frame. */
  get closeCode(): number | undefined { return this.closure?.code; }

  /** Reason matching {@link closeCode}. */
  get closeReason(): string | undefined { return this.closure?.reason; }

  /** Who started the closing handshake (or failed the connection); undefined while open. */
  get closedBy(): 'local' | 'remote' | undefined { return this.closer; }

  /** True once both close frames were exchanged (RFC 6455 §7.1.4) and nothing was failed. */
  get wasClean(): boolean { return this.closure?.wasClean ?? false; }

  /** The error we failed the connection with, if any. */
  get failure(): ProtocolError | undefined { return this.failureError; }

  /**
   * Feed bytes read from the transport. Never throws on peer input. The chunk is taken over: payload
   * views into it may be kept until the message completes, so do not reuse its memory — unless the
   * protocol was made with `borrowedInput`: then call {@link detachInput} first. Returns what {@link processPendingInput} returns.
   */
  receiveData(bytes: Uint8Array): boolean {
    this.holdData(bytes);
    return this.processPendingInput();
  }

  /**
   * Feed bytes without processing any: they wait, behind any held back before, for
   * {@link processPendingInput} (the driver holds them so while the application has paused
   * reading). Same contract as {@link receiveData}.
   */
  holdData(bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('received bytes must be a Uint8Array');
    if (this.currentState === 'closed') {
      if (this.debug) this.debug(`discarding ${bytes.length} bytes received in state ${this.currentState}`);
      return;
    }
    this.decoder.feed(bytes);
  }

  /** True while frames held back by `pauseAfterMessage` wait for {@link processPendingInput}. */
  hasPendingInput(): boolean {
    return this.currentState !== 'closed' && this.decoder.hasBufferedInput;
  }

  /** Where the transport may read its next bytes: {@link FrameDecoder.payloadReadTarget}; undefined once closed. */
  payloadReadTarget(minBytes: number): Uint8Array | undefined { return this.currentState === 'closed' ? undefined : this.decoder.payloadReadTarget(minBytes); }

  /**
   * The caller is about to reuse the memory of the chunks given so far (`borrowedInput`): copy
   * the input not parsed yet. Events already taken hold no view of it. No-op otherwise.
   */
  detachInput(): void {
    if (this.options.borrowedInput) this.decoder.detachInput();
  }

  /**
   * Process the frames held back by `pauseAfterMessage`, up to the next message. Returns true
   * when it stopped after a message (call again once it is handled), false when the input is
   * used up or the connection closed. Frames are processed one by one (one reused frame record),
   * those before a wire violation first: a message and then a bad frame in one TCP segment
   * deliver the message, then fail. A young process runs this loop unoptimised, call by call:
   * hence the usual message handled inline.
   */
  processPendingInput(): boolean {
    if (this.currentState === 'closed') return false;
    const decoder = this.decoder;
    const pause = this.options.pauseAfterMessage;
    try {
      let frame: Frame | undefined;
      while ((frame = decoder.next()) !== undefined) {
        const before = this.events.messagesQueued;
        const opcode = frame.opcode;
        // The most common messages, one uncompressed frame within the limits: binary handed on as
        // it is, text (not validated while it arrived) validated and decoded in one pass.
        const data = (opcode === Opcode.Binary || (opcode === Opcode.Text && this.partial.isIdle)) && frame.fin
          && !frame.rsv1 && !frame.rsv2 && !frame.rsv3 && this.messages.inFlight === undefined
          && !(this.framesMayExceedMessages && decoder.payloadLength > this.options.maxMessageBytes)
          ? (opcode === Opcode.Binary ? decoder.ownPayload() : this.options.utf8.decode(frame.payload)) : undefined;
        if (data !== undefined) {
          this.events.pushMessage(typeof data === 'string' ? { type: 'text', data } : { type: 'binary', data });
        } else {
          // Any other frame, and invalid text (decoded again there, to fail the connection).
          this.receiveFrame(frame);
          // It may close or fail the connection: drop the input after it (the cast: TS keeps the narrowing).
          if ((this.currentState as ProtocolState) === 'closed') {
            decoder.discardInput();
            return false;
          }
        }
        // Stop after a message so the application can answer it before later frames (say, a
        // close frame in the same TCP segment) change the state: an echo still goes out first.
        if (pause && this.events.messagesQueued !== before) {
          decoder.releaseFrame();
          return true;
        }
      }
    } catch (error) {
      decoder.discardInput();
      // Decoder errors are ProtocolErrors; anything else is our bug: 1011 without details.
      this.fail(error instanceof ProtocolError ? error
        : new ProtocolError('ERR_INTERNAL', CloseCode.InternalError, 'unexpected error while receiving', { cause: error }));
      return false;
    }
    const error = this.partial.checkFrameInProgress(decoder, this.messages.inFlight, this.options);
    if (error !== undefined) this.fail(error);
    return false;
  }

  /** Tell the protocol the transport reached end of input (TCP FIN or connection lost). */
  receiveEof(): void {
    if (this.eofReceived) return;
    this.eofReceived = true;
    this.messages.abandon();
    if (!this.closeReceived) {
      // §7.1.5: closed without a close frame: "_The WebSocket Connection Close Code_ is 1006".
      this.events.push({ type: 'close', code: CloseCode.AbnormalClosure, reason: '' });
      if (this.failureError === undefined) this.closure = { code: CloseCode.AbnormalClosure, reason: '', wasClean: false };
      this.closer ??= 'remote';
    }
    this.enterClosed();
  }

  /** Send a text message, optionally split into frames of at most `fragmentBytes` payload bytes. */
  sendText(text: string, fragmentBytes?: number): void {
    if (typeof text !== 'string') throw new TypeError('sendText expects a string');
    // Short text: a reused scratch the frames copy at once. Longer: our own buffer, masked in
    // place, with room for the frame's header in front of it when the platform can leave some.
    const short = encodeShortUtf8(text);
    if (short !== undefined) {
      this.sendMessage(Opcode.Text, short, fragmentBytes);
      return;
    }
    // Checked before encoding too, so a refused send leaves no encoded buffer behind.
    this.assertOpen('send a message');
    checkFragmentBytes(fragmentBytes);
    const { encodeText, textRoom, recycleText } = this.options;
    const framed = encodeText(text);
    const viewed = this.sendMessage(Opcode.Text, textRoom === 0 ? framed : framed.subarray(textRoom), fragmentBytes, true, textRoom);
    // No frame views the encoded text (the extension compressed it, or every fragment was copied
    // into a frame of its own): nothing will ever write it, so the host may have its memory back
    // now (Node: a frame buffer, which otherwise returns once a socket has written its end).
    if (!viewed) recycleText?.(framed);
  }

  /** Send a binary message; `data` is never modified. */
  sendBinary(data: Uint8Array, fragmentBytes?: number): void {
    if (!(data instanceof Uint8Array)) throw new TypeError('sendBinary expects a Uint8Array');
    this.sendMessage(Opcode.Binary, data, fragmentBytes);
  }

  /** Send a ping (payload ≤ 125 bytes, RFC 6455 §5.5). */
  sendPing(data: Uint8Array = EMPTY): void {
    this.sendControl(Opcode.Ping, data);
  }

  /** Send an unsolicited pong (a heartbeat, RFC 6455 §5.5.3). */
  sendPong(data: Uint8Array = EMPTY): void {
    this.sendControl(Opcode.Pong, data);
  }

  /**
   * Start the closing handshake (RFC 6455 §7.1.2). Without `code` the close frame is empty.
   * Throws WeftError on a code that may not be sent or a reason over 123 UTF-8 bytes.
   */
  sendClose(code?: number, reason = ''): void {
    this.assertOpen('start the closing handshake');
    this.queueClose(encodeClosePayload(code, reason));
    this.closer = 'local';
    this.currentState = 'closing';
  }

  /** Events since the last call, in order (drains). */
  eventsReceived(): ProtocolEvent[] {
    return this.events.drain();
  }

  /** The oldest event not yet taken: {@link eventsReceived} one at a time, without an array per call. */
  nextEvent(): ProtocolEvent | undefined {
    return this.events.next();
  }

  /** Chunks to write to the transport, in order (drains); an empty array means nothing to write. */
  dataToSend(): Uint8Array[] {
    const output = this.output;
    if (output.length === 0) return NO_CHUNKS as Uint8Array[];
    this.output = [];
    return output;
  }

  /**
   * True when the TCP connection is expected to close: a close frame was sent (closing handshake
   * started or connection failed) and the transport has not ended yet. The I/O layer should then
   * arm its close timer, and half-close the transport once {@link state} is `closed`.
   */
  closeExpected(): boolean {
    return this.closeSent && !this.eofReceived;
  }

  private receiveFrame(frame: Frame): void {
    const violation = frame.rsv1 || frame.rsv2 || frame.rsv3 ? reservedBitsViolation(frame, this.options.extension !== undefined) : undefined;
    if (violation !== undefined) return this.failProtocol('ERR_RESERVED_BITS', violation);
    // The frame that just completed is the one whose head checkFrameInProgress may have validated
    // (never the case for a frame that arrived in one chunk: the usual small message).
    const partial = this.partial.isIdle ? undefined : this.partial.take();
    switch (frame.opcode) {
      case Opcode.Text:
      case Opcode.Binary:
        return this.failIf(this.messages.receiveStart(frame, partial?.validator, partial?.validated ?? 0));
      case Opcode.Continuation:
        return this.failIf(this.messages.receiveContinuation(frame, partial?.validated ?? 0));
      case Opcode.Close:
        return this.receiveClose(frame.payload);
      case Opcode.Ping:
        // §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response"
        // with "identical Application data". Once our close frame is out nothing may follow it.
        if (this.currentState === 'open') this.queueFrame(Opcode.Pong, frame.payload);
        this.events.push({ type: 'ping', data: this.decoder.ownPayload() });
        return;
      case Opcode.Pong:
        this.events.push({ type: 'pong', data: this.decoder.ownPayload() });
        return;
      default:
        // §5.2: reserved opcodes fail the connection (the decoder already refuses them).
        return this.failProtocol('ERR_RESERVED_OPCODE', `opcode ${frame.opcode} is reserved`);
    }
  }

  private receiveClose(payload: Uint8Array): void {
    const decoded = decodeClosePayload(payload);
    if (!decoded.ok) return this.fail(decoded.error);
    const { code, reason } = decoded;
    this.closeReceived = true;
    this.messages.abandon();
    this.events.push({ type: 'close', code, reason });
    if (this.currentState === 'open') {
      // §5.5.1: "If an endpoint receives a Close frame and did not previously send a Close frame,
      // the endpoint MUST send a Close frame in response" — echoing the status code (§5.5.1).
      this.closer = 'remote';
      this.queueClose(code === CloseCode.NoStatusReceived ? EMPTY : encodeClosePayload(code));
    }
    // §7.1.4: both close frames are exchanged: the closing handshake is complete.
    this.closure = { code, reason, wasClean: true };
    this.enterClosed();
  }

  /** The one way into `closed`: the extension frees what it holds, once (nothing is coded after). */
  private enterClosed(): void {
    if (this.currentState !== 'closed') this.options.extension?.dispose?.();
    this.currentState = 'closed';
  }

  private failIf(error: ProtocolError | undefined): void {
    if (error !== undefined) this.fail(error);
  }

  private failProtocol(code: string, message: string): void {
    this.fail(protocolViolation(code, message));
  }

  /** §7.1.7 "Fail the WebSocket Connection": send a close frame if not sent yet, then ignore input. */
  private fail(error: ProtocolError): void {
    if (this.debug) this.debug(`failing the connection with ${error.closeCode}: ${error.message}`);
    this.failureError = error;
    this.messages.abandon();
    this.events.push({ type: 'failure', error });
    // §7.1.7: "the endpoint MAY send a Close frame with an appropriate status code" — we do; the
    // reason stays empty so no internal detail reaches the peer.
    if (!this.closeSent) this.queueClose(encodeClosePayload(error.closeCode));
    this.closer ??= 'local';
    this.closure = { code: error.closeCode, reason: '', wasClean: false };
    this.enterClosed();
  }

  /**
   * `room`: bytes of the payload's buffer right before it that are ours to overwrite. True when a
   * frame views `payload` (see `pushMessageFrames`).
   */
  private sendMessage(opcode: number, payload: Uint8Array, fragmentBytes: number | undefined, payloadIsOwned = false, room = 0): boolean {
    // §5.5.1: "the endpoint MUST NOT send any more data frames after sending a Close frame."
    this.assertOpen('send a message');
    checkFragmentBytes(fragmentBytes);
    // RSV1 marks a message the extension encoded (RFC 7692 §6); its output is not ours to mask in place.
    const encoded = this.options.extension?.encodeMessage(payload, opcode === Opcode.Text);
    const rsv1 = encoded !== undefined;
    return pushMessageFrames(this.output, opcode, encoded ?? payload, rsv1, fragmentBytes, this.maskKeys, payloadIsOwned && !rsv1, this.frameBuffers, room);
  }

  private sendControl(opcode: number, data: Uint8Array): void {
    this.assertOpen(opcode === Opcode.Ping ? 'send a ping' : 'send a pong');
    checkControlPayload(data);
    this.queueFrame(opcode, data);
  }

  private queueClose(payload: Uint8Array): void {
    this.queueFrame(Opcode.Close, payload);
    this.closeSent = true;
  }

  private queueFrame(opcode: number, payload: Uint8Array): void {
    // §5.3: every client frame is masked with a fresh key.
    pushFrame(this.output, opcode, payload, { fin: true, rsv1: false, maskKey: this.maskKeys });
  }

  private assertOpen(action: string): void {
    if (this.currentState !== 'open') {
      throw new InvalidStateError(`cannot ${action}: the connection is ${this.currentState}`);
    }
  }
}

