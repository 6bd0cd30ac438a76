import { InvalidStateError, TimeoutError } from '../errors/index.js';
import type { Clock, TimerHandle } from '../platform/index.js';
import type { ClientProtocol } from '../protocol/index.js';
import type { ProtocolEvent } from '../protocol/index.js';
import type { ByteTransport } from './byte-transport.js';

/** How the connection ended, reported once through {@link ProtocolDriverHandlers.onClosed}. */
export interface ClosedInfo {
  /** The peer's close code (1005 when its frame had none), ours if we failed, else 1006. */
  readonly code: number;
  readonly reason: string;
  /** True when both close frames were exchanged (RFC 6455 §7.1.4) and nothing was failed. */
  readonly wasClean: boolean;
  /** `'local'` when we started the closing handshake or failed the connection. */
  readonly closedBy: 'local' | 'remote';
  /** Why it ended abnormally: the ProtocolError we failed with, a transport error, or a TimeoutError. */
  readonly error?: unknown;
}

/** Callbacks of a {@link ProtocolDriver}. They should not throw. */
export interface ProtocolDriverHandlers {
  /** Every protocol event, in order (messages, pings, pongs, the peer's close, failures). */
  onEvent(event: ProtocolEvent): void;
  /** Called exactly once, after the last event, when the transport is gone. */
  onClosed(info: ClosedInfo): void;
}

/** Options of {@link ProtocolDriver}. */
export interface ProtocolDriverOptions {
  /**
   * Milliseconds allowed, from the first close frame we send (or from the end of input), for the
   * closing handshake and the TCP close to finish before the transport is destroyed.
   * Default {@link DEFAULT_CLOSE_TIMEOUT_MS} (5000), as browsers and ws wait a few seconds.
   */
  closeTimeoutMs?: number;
}

/** Default of {@link ProtocolDriverOptions.closeTimeoutMs}. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5000;

/**
 * Binds a {@link ClientProtocol} to a {@link ByteTransport} and a {@link Clock}; the one piece of
 * glue every adapter (and every in-memory test) shares.
 *
 * - Feed it transport callbacks: {@link receive} (bytes), {@link receiveEnd} (peer FIN),
 *   {@link transportError}, {@link transportClosed}.
 * - Send through it: {@link sendText}, {@link sendBinary}, {@link sendPing}, {@link sendPong},
 *   {@link close}. Each call runs the protocol, then writes everything the protocol produced in
 *   one `transport.write(chunks)` call and returns its backpressure answer.
 * - Closing (as ws does, RFC 6455 §7.1.1): when the closing handshake starts — we sent a close
 *   frame, failed the connection or input ended — it arms one close timer of `closeTimeoutMs`;
 *   once the protocol is `closed` it half-closes the transport (`end()`) and waits for
 *   {@link transportClosed}. If the timer fires first, the transport is destroyed.
 * - It reports `onClosed` exactly once, after the last event, and clears its timer first; no
 *   timer outlives it. Handlers may call back into the driver (send, close) re-entrantly.
 *
 * @example Wiring a Node socket (what `@weft/node` does, minus TLS and options)
 * ```ts
 * const driver = new ProtocolDriver(new ClientProtocol({ platform }), {
 *   write: (chunks) => { socket.cork(); let ok = true; for (const c of chunks) ok = socket.write(c); socket.uncork(); return ok; },
 *   end: () => socket.end(), destroy: () => socket.destroy(),
 *   pause: () => socket.pause(), resume: () => socket.resume(),
 * }, clock, { onEvent, onClosed });
 * if (trailingBytes.length > 0) driver.receive(trailingBytes); // bytes that followed the 101
 * socket.on('data', (chunk) => driver.receive(chunk));
 * socket.on('end', () => driver.receiveEnd());
 * socket.on('error', (error) => driver.transportError(error));
 * socket.on('close', () => driver.transportClosed());
 * ```
 */
export class ProtocolDriver {
  private readonly protocol: ClientProtocol;
  private readonly transport: ByteTransport;
  private readonly clock: Clock;
  private readonly handlers: ProtocolDriverHandlers;
  private readonly closeTimeoutMs: number;
  private closeTimer: TimerHandle | undefined;
  private timerArmed = false;
  private ended = false;
  private finished = false;
  private finalError: unknown;
  private dispatching = false;
  /** The application paused reading ({@link pauseInput}): no frame is processed until resumed. */
  private inputPaused = false;
  /** Inside {@link receive} or {@link resumeInput}'s loop: a resume there lets that loop go on. */
  private processing = false;
  /**
   * The peer's end of input (and the transport's closure after it) that came while frames were
   * held: they wait for those frames ({@link resumeInput}), as a paused stream's end waits for
   * its data. A transport error or a local teardown does not wait: see {@link abandonHeldInput}.
   */
  private readonly endsAfterHeld: (() => void)[] = [];
  private closedInfo: ClosedInfo | undefined;
  private reported = false;

  /** Throws TypeError when `closeTimeoutMs` is not a non-negative number. */
  constructor(protocol: ClientProtocol, transport: ByteTransport, clock: Clock, handlers: ProtocolDriverHandlers,
    options: ProtocolDriverOptions = {}) {
    const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    if (typeof closeTimeoutMs !== 'number' || !(closeTimeoutMs >= 0) || !Number.isFinite(closeTimeoutMs)) {
      throw new TypeError(`closeTimeoutMs must be a non-negative finite number; got ${String(closeTimeoutMs)}`);
    }
    this.protocol = protocol;
    this.transport = transport;
    this.clock = clock;
    this.handlers = handlers;
    this.closeTimeoutMs = closeTimeoutMs;
    if (transport.writesWithoutReentry === true) protocol.writeEagerly((chunks) => void transport.write(chunks));
  }

  /** True once `onClosed` has been reported. */
  get closed(): boolean {
    return this.finished;
  }

  /**
   * True while data messages may still be sent: the protocol is open (no close frame sent or
   * received, nothing failed). An adapter with WHATWG semantics discards sends when it is false.
   */
  get canSend(): boolean {
    return !this.finished && this.protocol.state === 'open';
  }

  /**
   * Bytes read from the transport. Ignored once closed. With a protocol made with
   * `borrowedInput`, the transport may reuse the memory of `bytes` as soon as this returns.
   */
  receive(bytes: Uint8Array): void {
    if (this.finished) return;
    this.protocol.holdData(bytes);
    if (this.inputPaused) this.protocol.detachInput();
    else this.processInput();
  }

  /**
   * The application stops reading (backpressure from a slow consumer): no message is delivered
   * from now on, not even one of the read being processed (it needs `pauseAfterMessage`), and
   * the transport stops reading, so TCP flow control slows the peer. Ignored once closing.
   */
  pauseInput(): void {
    // Once closing has started, the peer's close frame must be read: no pause then.
    if (this.finished || this.inputPaused || this.protocol.state !== 'open') return;
    this.inputPaused = true;
    this.transport.pause();
  }

  /**
   * Reading goes on: the frames held back since {@link pauseInput} are processed first, now
   * (their messages dispatched before this returns, unless a handler pauses again), then the
   * transport reads again. Called from a handler while a read is processed, that read goes on.
   */
  resumeInput(): void {
    if (this.finished || !this.inputPaused) return;
    this.inputPaused = false;
    // processInput runs the ends that waited, once the held frames are processed.
    if (!this.processing) this.processInput();
    if (!this.finished && !this.inputPaused) this.transport.resume();
  }

  /**
   * The connection is being torn down here (`terminate()`): frames held by a pause are dropped
   * and nothing waits for them, so its closure is reported as soon as the transport closes.
   */
  abandonHeldInput(): void {
    this.inputPaused = false;
    this.runEnds();
  }

  /** True while the application has paused reading and frames wait: the peer's end waits too. */
  private holdsInput(end: () => void): boolean {
    if (!this.inputPaused || !this.protocol.hasPendingInput()) return false;
    this.endsAfterHeld.push(end);
    return true;
  }

  /** The ends that waited for held frames, once those are processed and reading is not paused. */
  private runEndsAfterHeld(): void {
    if (this.endsAfterHeld.length === 0 || this.finished || this.inputPaused || this.protocol.hasPendingInput()) return;
    this.runEnds();
  }

  /** Runs the ends that waited, in the order they came (each sees the pause lifted). */
  private runEnds(): void {
    for (const end of this.endsAfterHeld.splice(0)) end();
  }

  /**
   * Processes the input fed and not yet parsed. With `pauseAfterMessage`, each message is
   * dispatched (and may be answered) before the frames after it in the same read are processed,
   * and a handler that pauses reading stops the rest of the read too: it waits, parsed no
   * further, for resumeInput. Then the input is detached: a borrowed read's rest is copied, a
   * rest held before is not copied again (its memory goes back for the next once processed);
   * bytes fed while paused are copied at each detach (Node's socket, paused, feeds none).
   */
  private processInput(): void {
    const protocol = this.protocol;
    // A transport that delivers synchronously (an in-memory pipe) may feed it re-entrantly.
    const outer = this.processing;
    this.processing = true;
    try {
      let more = true;
      while (more && !this.finished && !this.inputPaused) {
        more = protocol.processPendingInput();
        this.settle();
      }
    } finally {
      this.processing = outer;
      protocol.detachInput();
    }
    // A handler may have paused, an end come, and the pause been lifted, all within this loop.
    if (!outer) this.runEndsAfterHeld();
  }

  /**
   * Memory the transport may read its next bytes into instead of its own buffer, then passing a
   * view of them (from the start) to {@link receive}: see {@link ClientProtocol.payloadReadTarget}.
   * Undefined once closed (the protocol is closed before the driver finishes).
   */
  payloadReadTarget(minBytes: number): Uint8Array | undefined {
    return this.protocol.payloadReadTarget(minBytes);
  }

  /** The peer half-closed the transport (end of input). */
  receiveEnd(): void {
    if (this.finished || this.holdsInput(() => this.receiveEnd())) return;
    this.protocol.receiveEof();
    this.settle();
  }

  /** The transport failed: it is destroyed and the connection reported closed (1006 unless known). */
  transportError(error: unknown): void {
    // Not after held frames: the transport is gone, and waiting would keep a dead connection
    // open (sends silently lost) for as long as the application stays paused.
    if (this.finished) return;
    this.finalError ??= error;
    this.transport.destroy();
    this.protocol.receiveEof();
    this.finish();
  }

  /** The transport is fully closed: report the closure. */
  transportClosed(): void {
    // After held frames only when the peer's end waits for them too (a clean end, then the close).
    if (this.finished || (this.endsAfterHeld.length > 0 && this.holdsInput(() => this.transportClosed()))) return;
    this.protocol.receiveEof();
    this.finish();
  }

  /** Send a text message; returns false when the transport asks to wait for drain. */
  sendText(text: string, fragmentBytes?: number): boolean {
    this.assertUsable();
    this.protocol.sendText(text, fragmentBytes);
    return this.settle();
  }

  /** Send a binary message; returns false when the transport asks to wait for drain. */
  sendBinary(data: Uint8Array, fragmentBytes?: number): boolean {
    this.assertUsable();
    this.protocol.sendBinary(data, fragmentBytes);
    return this.settle();
  }

  /** Send a ping (≤ 125 bytes). */
  sendPing(data?: Uint8Array): boolean {
    this.assertUsable();
    this.protocol.sendPing(data);
    return this.settle();
  }

  /** Send a pong (≤ 125 bytes). */
  sendPong(data?: Uint8Array): boolean {
    this.assertUsable();
    this.protocol.sendPong(data);
    return this.settle();
  }

  /**
   * Start the closing handshake. Does nothing once closing has started (idempotent); throws
   * WeftError on a code that may not be sent or a reason over 123 UTF-8 bytes.
   */
  close(code?: number, reason?: string): void {
    if (this.finished || this.protocol.state !== 'open') return;
    this.protocol.sendClose(code, reason);
    this.settle();
    // The closing handshake needs the peer's close frame, which may be held or not read yet:
    // closing ends the pause (the held messages are delivered first, in order).
    this.resumeInput();
  }

  private assertUsable(): void {
    if (this.finished) throw new InvalidStateError('cannot send: the connection is closed');
  }

  /** Write what the protocol produced, advance the closing lifecycle, dispatch events. */
  private settle(): boolean {
    const protocol = this.protocol;
    const chunks = protocol.dataToSend();
    const writable = chunks.length === 0 || this.transport.write(chunks);
    if (protocol.state !== 'open') this.advanceClosing();
    this.dispatch();
    return writable;
  }

  /** The closing handshake has started: arm the close timer once; half-close once `closed`. */
  private advanceClosing(): void {
    if (!this.timerArmed) {
      this.timerArmed = true;
      this.closeTimer = this.clock.setTimeout(() => this.expireCloseTimer(), this.closeTimeoutMs);
    }
    // §7.1.1: once both close frames are exchanged the client MAY close the TCP connection.
    if (this.protocol.state === 'closed' && !this.ended) {
      this.ended = true;
      this.transport.end();
    }
  }

  private expireCloseTimer(): void {
    this.closeTimer = undefined;
    if (this.finished) return;
    // The handshake did not complete in time: that is an abnormal closure.
    if (!this.protocol.wasClean) this.finalError ??= new TimeoutError('close', this.closeTimeoutMs);
    this.transport.destroy();
    this.protocol.receiveEof();
    this.finish();
  }

  /**
   * Deliver the protocol's pending events, then the closure report if one is due. Re-entrant
   * calls (a handler that sends or closes) return at once, so events keep their order and
   * `onClosed` comes last.
   */
  private dispatch(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      // Events are taken from the protocol one at a time (no array per read); those a handler's
      // re-entrant call produces queue up behind them there, so the order is kept.
      const protocol = this.protocol;
      let event: ProtocolEvent | undefined;
      while ((event = protocol.nextEvent()) !== undefined) this.handlers.onEvent(event);
      const info = this.closedInfo;
      if (info !== undefined && !this.reported) {
        this.reported = true;
        this.handlers.onClosed(info);
      }
    } finally {
      this.dispatching = false;
    }
  }

  private finish(): void {
    this.finished = true;
    if (this.closeTimer !== undefined) {
      this.clock.clearTimeout(this.closeTimer);
      this.closeTimer = undefined;
    }
    const protocol = this.protocol;
    const error = protocol.failure ?? this.finalError;
    this.closedInfo = {
      code: protocol.closeCode ?? 1006,
      reason: protocol.closeReason ?? '',
      wasClean: protocol.wasClean,
      closedBy: protocol.closedBy ?? 'remote',
      ...(error === undefined ? {} : { error }),
    };
    this.dispatch();
  }
}
