import type { Socket } from 'node:net';
import { ConnectionClosedError, InvalidStateError } from '@weft/core';
import type { ClientProtocol, ClosedInfo, ConnectionHandlers, ProtocolDriver, ProtocolEvent } from '@weft/core';
import type { SocketTransport } from './socket-transport.js';
import { attachProtocol } from './attach-protocol.js';
import type { ProtocolSettings } from './attach-protocol.js';
import { isBinaryType, measureSendData, toMessageData, toSendBytes } from './binary-data.js';
import type { BinaryType } from './binary-data.js';
import { BlobSendQueue } from './blob-send-queue.js';
import type { BlobSendTarget, ReadySendData, SendData } from './blob-send-queue.js';
import { checkCloseArguments } from './check-close-arguments.js';
import { DrainWaiters } from './drain-waiters.js';
import { defineEventHandlers, deliverMessage } from './event-handlers.js';
import { processRead, readTimeOrNow } from './read-time.js';
import { callReportingErrors } from './report-uncaught.js';
import { CloseEvent, ErrorEvent, MessageEvent } from './events.js';
import { HandshakeAttempt } from './handshake-attempt.js';
import { nodeClock } from './node-clock.js';
import { nodePlatform } from './node-platform.js';
import { resolveOptions } from './options.js';
import type { WebSocketOptions } from './options.js';
import type { OpenedConnection } from './perform-handshake.js';
import { PingTracker } from './ping-tracker.js';
import { normalizeProtocols, planHandshake } from './plan-handshake.js';
import { parseTarget } from './target-url.js';

/** The upgrade response of an open WebSocket. */
export interface HandshakeResponse {
  readonly status: number;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Receivers of a WebSocket's events in place of dispatched ones (core's `ConnectionHandlers`,
 * called without a `this`); see {@link routeEvents}. Messages come as strings and Buffers.
 */
export type EventRoute = ConnectionHandlers;

/**
 * @internal Sends every event of `ws` to `route` instead of dispatching it: messages (text as a
 * string, binary as a Buffer view, whatever `binaryType` is), open, error, close, and ping or pong
 * as activity. For the WebSocket that `connect()` makes and keeps to itself, which no one else
 * listens to: no event object is made, and no listener added, per message or per connection. An
 * error a receiver throws is rethrown asynchronously, like a listener's.
 */
export let routeEvents: (ws: WebSocket, route: EventRoute) => void;

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
type ReadyState = typeof CONNECTING | typeof OPEN | typeof CLOSING | typeof CLOSED;

/**
 * An RFC 6455 WebSocket client for Node, shaped like the WHATWG `WebSocket` so it can stand in for
 * the browser's: the same constructor, constants, attributes, `send`/`close` and events. Beyond
 * WHATWG: an options object (third argument), `ping()` with round-trip time, `ping`/`pong`
 * events, `pause()`/`resume()` reading, `drained()` for backpressure, `terminate()`, and
 * `handshakeResponse`. An open, idle instance keeps only what it needs: the handshake's timer
 * and cancellation are dropped once it settles, ping and drain bookkeeping are allocated on
 * first use.
 */
export class WebSocket extends EventTarget {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  declare readonly CONNECTING: 0;
  declare readonly OPEN: 1;
  declare readonly CLOSING: 2;
  declare readonly CLOSED: 3;
  declare onopen: ((this: WebSocket, event: Event) => unknown) | null;
  declare onmessage: ((this: WebSocket, event: MessageEvent) => unknown) | null;
  declare onclose: ((this: WebSocket, event: CloseEvent) => unknown) | null;
  declare onerror: ((this: WebSocket, event: ErrorEvent) => unknown) | null;
  declare onping: ((this: WebSocket, event: MessageEvent<Buffer>) => unknown) | null;
  declare onpong: ((this: WebSocket, event: MessageEvent<Buffer>) => unknown) | null;

  readonly #url: string;
  readonly #origin: string;
  readonly #fragmentBytes: number | undefined;
  #attempt: HandshakeAttempt | undefined;
  #pings: PingTracker | undefined;
  #terminated = false;
  #readyState: ReadyState = CONNECTING;
  #binaryType: BinaryType = 'arraybuffer';
  #protocol = '';
  #extensions = '';
  #response: HandshakeResponse | undefined;
  #socket: Socket | undefined;
  #driver: ProtocolDriver | undefined;
  #wire: ClientProtocol | undefined;
  #transport: SocketTransport | undefined;
  #paused = false;
  #discardedBytes = 0;
  #blobQueue: BlobSendQueue | undefined;
  #route: EventRoute | undefined;
  readonly #drainWaiters = new DrainWaiters();
  #closedInfo: ClosedInfo | undefined;

  static {
    routeEvents = (ws, route) => {
      ws.#route = route;
      ws.#matchCopiesToBinaryType();
    };
  }

  /**
   * Starts connecting at once. Throws a `SyntaxError` DOMException for a bad URL or subprotocol
   * list, a `TypeError` for a header with CR/LF or invalid characters (before any byte is sent),
   * and a `RangeError` for an out-of-range option.
   */
  constructor(url: string | URL, protocols?: string | readonly string[], options?: WebSocketOptions) {
    super();
    const target = parseTarget(url);
    const resolved = resolveOptions(options);
    const plan = planHandshake(target, normalizeProtocols(protocols), resolved, process.env, nodePlatform);
    this.#url = target.url.href;
    this.#origin = target.url.origin;
    this.#fragmentBytes = resolved.fragmentBytes || undefined;
    const attempt = new HandshakeAttempt(plan, resolved.handshakeTimeoutMs);
    this.#attempt = attempt;
    attempt.settled.then(
      (opened) => this.#open(opened, attempt, resolved),
      (error: unknown) => this.#failHandshake(error),
    );
  }

  /** The URL, with `http(s):` mapped to `ws(s):`. */
  get url(): string { return this.#url; }
  /** `CONNECTING` (0), `OPEN` (1), `CLOSING` (2) or `CLOSED` (3). */
  get readyState(): ReadyState { return this.#readyState; }
  /** The subprotocol the server selected, `''` when none. */
  get protocol(): string { return this.#protocol; }
  /** The `Sec-WebSocket-Extensions` value the server answered, `''` when none. */
  get extensions(): string { return this.#extensions; }
  /** Status and headers of the 101 answer, once open. */
  get handshakeResponse(): HandshakeResponse | undefined { return this.#response; }
  /** True between `pause()` and `resume()` until closing (which ends a pause), as ws's `isPaused`. */
  get isPaused(): boolean { return this.#paused && this.#readyState < CLOSING; }

  /** `'arraybuffer'` (default), `'nodebuffer'` (zero-copy `Buffer`) or `'blob'`. */
  get binaryType(): BinaryType { return this.#binaryType; }
  set binaryType(value: BinaryType) {
    // WHATWG: an unknown value is ignored.
    if (isBinaryType(value)) this.#binaryType = value;
    this.#matchCopiesToBinaryType();
  }

  /**
   * An ArrayBuffer is handed out whole, so its message is copied out of the read to exactly its
   * length (one copy); Buffers are views of a window copy shared by the messages of a read, and
   * Blobs copy the bytes themselves. A route always gets Buffers.
   */
  #matchCopiesToBinaryType(): void {
    this.#wire?.copyPayloadsExactly(this.#binaryType === 'arraybuffer' && this.#route === undefined);
  }

  /** Bytes queued but not yet handed to the kernel, plus bytes discarded by `send` after close. */
  get bufferedAmount(): number {
    return (this.#socket?.writableLength ?? 0) + (this.#transport?.pendingBytes ?? 0) + this.#discardedBytes;
  }

  /**
   * Sends a message: a string as text, binary data or a Blob as binary (Blobs are read first;
   * order is kept). Throws `InvalidStateError` (`ERR_NOT_OPEN`) while connecting; after close the
   * data is discarded and counted in `bufferedAmount`, as WHATWG specifies.
   */
  send(data: SendData): void {
    if (this.#readyState === CONNECTING) {
      throw new InvalidStateError('cannot send while the WebSocket is connecting', 'ERR_NOT_OPEN');
    }
    if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data) && !(data instanceof Blob)) {
      throw new TypeError('send() expects a string, ArrayBuffer, ArrayBufferView or Blob');
    }
    if (this.#readyState !== OPEN) {
      this.#discardedBytes += measureSendData(data);
      return;
    }
    if (this.#blobQueue !== undefined) return void this.#blobQueue.push(data);
    if (data instanceof Blob) {
      this.#blobQueue = new BlobSendQueue(data, this.#blobTarget());
      if (this.#blobQueue.flush()) this.#blobQueueEmptied();
      return;
    }
    this.#sendNow(data);
  }

  /**
   * Starts the closing handshake. `code` must be 1000 or 3000–4999 (else `InvalidAccessError`),
   * `reason` at most 123 UTF-8 bytes (else `SyntaxError`). While connecting, the connection
   * attempt is abandoned (`error`, then `close` with 1006).
   */
  close(code?: number, reason?: string): void {
    const args = checkCloseArguments(code, reason);
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    if (this.#readyState === CONNECTING) {
      this.#abandonHandshake('closed');
      return;
    }
    this.#readyState = CLOSING;
    this.#driver?.close(args.code, args.reason);
  }

  /**
   * Destroys the socket now, without the closing handshake or its timeout (as `ws` does): for a
   * peer that stopped answering. Then `close` follows with 1006 and `wasClean` false (unless both
   * close frames were already exchanged); no `error` event. While connecting, the attempt is
   * abandoned as by `close()`. Does nothing once closed.
   */
  terminate(): void {
    if (this.#readyState === CLOSED || this.#terminated) return;
    if (this.#readyState === CONNECTING) {
      this.#abandonHandshake('terminated');
      return;
    }
    this.#terminated = true;
    this.#readyState = CLOSING;
    this.#driver?.abandonHeldInput();
    // The socket's `close` event reports the closure through the driver, on the next tick.
    this.#socket?.destroy();
  }

  /** Sends a ping; resolves with the round-trip time in ms when the matching pong arrives. */
  ping(data?: ArrayBuffer | ArrayBufferView | string): Promise<number> {
    const driver = this.#driver;
    if (this.#readyState !== OPEN || driver === undefined) {
      return Promise.reject(new InvalidStateError('cannot ping: the WebSocket is not open', 'ERR_NOT_OPEN'));
    }
    const bytes = data === undefined ? undefined : typeof data === 'string' ? Buffer.from(data, 'utf8') : toSendBytes(data);
    if (bytes !== undefined && bytes.byteLength > 125) {
      return Promise.reject(new RangeError(`ping payload is ${bytes.byteLength} bytes; the limit is 125 (RFC 6455 §5.5)`));
    }
    const { payload, rtt } = (this.#pings ??= new PingTracker()).start(bytes, nodeClock.now());
    driver.sendPing(payload);
    return rtt;
  }

  /** Stops delivering messages (the rest of the read in progress too) and reading the socket. */
  pause(): void {
    this.#paused = true;
    this.#driver?.pauseInput();
  }

  /** Delivers the messages held since `pause()` (as one read's) before it returns; reads again. */
  resume(): void {
    this.#paused = false;
    if (this.#driver !== undefined) processRead(this.#driver.resumeInput, this.#driver, undefined);
  }

  /**
   * Resolves when the socket's write buffer has drained below its high-water mark (at once if it
   * is not above it); rejects with `ConnectionClosedError` if the connection closes first.
   */
  drained(): Promise<void> {
    const info = this.#closedInfo;
    if (info !== undefined) return Promise.reject(new ConnectionClosedError(info.code, info.reason, info.closedBy));
    // What this tick queued goes to the socket first, so its high-water mark sees every byte.
    this.#transport?.flush();
    if (this.#socket !== undefined && !this.#socket.writableNeedDrain && this.#blobQueue === undefined) return Promise.resolve();
    return this.#drainWaiters.add();
  }

  #sendNow(data: ReadySendData): void {
    const driver = this.#driver as ProtocolDriver;
    // readyState may still read OPEN while the events of one read are dispatched after the
    // peer's close frame was processed; WHATWG send() never throws then: the data is discarded.
    if (!driver.canSend) {
      this.#discardedBytes += measureSendData(data);
      return;
    }
    const fragmentBytes = this.#fragmentBytes;
    if (typeof data === 'string') driver.sendText(data, fragmentBytes);
    else driver.sendBinary(toSendBytes(data), fragmentBytes);
  }

  #blobTarget(): BlobSendTarget {
    return {
      canSend: () => this.#readyState === OPEN,
      sendNow: (data) => this.#sendNow(data),
      fail: (error) => this.#driver?.transportError(error),
      emptied: () => this.#blobQueueEmptied(),
    };
  }

  #blobQueueEmptied(): void {
    this.#blobQueue = undefined;
    this.#settleDrainWaiters();
  }

  #open(opened: OpenedConnection, attempt: HandshakeAttempt, settings: ProtocolSettings): void {
    this.#attempt = undefined;
    const { socket, response, outcome } = opened;
    if (this.#readyState !== CONNECTING) {
      // close() was called while the 101 was on its way: the attempt is abandoned.
      socket.destroy();
      this.#failHandshake(attempt.reason);
      return;
    }
    const { driver, transport, protocol } = attachProtocol(opened, settings, {
      // Bound, not wrapped in an arrow: one JavaScript frame fewer per message.
      onEvent: this.#receiveEvent.bind(this),
      onClosed: (info) => this.#closed(info),
    }, () => this.#settleDrainWaiters());
    this.#socket = socket;
    this.#driver = driver;
    this.#transport = transport;
    this.#wire = protocol;
    this.#matchCopiesToBinaryType();
    this.#protocol = outcome.protocol;
    this.#extensions = response.headers['sec-websocket-extensions'] ?? '';
    this.#response = { status: response.status, headers: response.headers };
    this.#readyState = OPEN;
    const route = this.#route;
    if (route === undefined) this.dispatchEvent(new Event('open'));
    else callReportingErrors(route.onOpen, { protocol: this.#protocol, extensions: this.#extensions });
    // pause() before open (or in the open handler) holds back the frames that came with the 101.
    if (this.#paused) driver.pauseInput();
    // RFC 6455 §4.1: bytes after the 101 head are already WebSocket frames.
    if (opened.head.byteLength > 0) driver.receive(opened.head);
    if (!this.#paused) socket.resume();
  }

  #abandonHandshake(verb: 'closed' | 'terminated'): void {
    this.#readyState = CLOSING;
    this.#attempt?.abort(new ConnectionClosedError(1006, `${verb} before the connection was established`, 'local',
      'ERR_CLOSED_DURING_HANDSHAKE'));
  }

  #receiveEvent(event: ProtocolEvent): void {
    switch (event.type) {
      case 'text':
      case 'binary': {
        const route = this.#route;
        // A route always gets Buffers, whatever `binaryType` says.
        const data = event.type === 'text' ? event.data : toMessageData(event.data, route === undefined ? this.#binaryType : 'nodebuffer');
        if (route === undefined) deliverMessage(this, data, this.#origin, readTimeOrNow());
        else callReportingErrors(route.onMessage, data as string | Buffer);
        return;
      }
      case 'ping':
      case 'pong': {
        if (event.type === 'pong') this.#pings?.receivePong(event.data, nodeClock.now());
        const route = this.#route;
        if (route === undefined) this.dispatchEvent(new MessageEvent(event.type, { data: Buffer.from(event.data) }));
        else callReportingErrors(route.onActivity, undefined);
        return;
      }
      case 'close':
      case 'failure':
        // WHATWG: once a close frame was received or the connection failed, the state is CLOSING.
        if (this.#readyState === OPEN) this.#readyState = CLOSING;
        return;
      default: {
        const unexpected: never = event;
        throw new TypeError(`unknown protocol event ${JSON.stringify(unexpected)}`);
      }
    }
  }

  #closed(reported: ClosedInfo): void {
    // terminate() is a local decision, not a failure: no `error` event.
    const info: ClosedInfo = this.#terminated ? { ...reported, closedBy: 'local' } : reported;
    this.#closedInfo = info;
    this.#readyState = CLOSED;
    this.#socket?.destroy();
    this.#pings?.rejectAll(info.code, info.reason, info.closedBy);
    this.#settleDrainWaiters();
    const route = this.#route;
    if (!this.#terminated && (info.error !== undefined || info.code === 1006)) {
      const error = info.error ?? new ConnectionClosedError(1006, 'connection closed without a close frame', 'remote',
        'ERR_ABNORMAL_CLOSURE');
      if (route === undefined) this.dispatchEvent(new ErrorEvent('error', { error }));
      else callReportingErrors(route.onError, error);
    }
    const { code, reason, wasClean } = info;
    if (route === undefined) this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
    else callReportingErrors(route.onClose, { code, reason, wasClean });
  }

  #failHandshake(error: unknown): void {
    this.#attempt = undefined;
    const closedByUs = error instanceof ConnectionClosedError && error.code === 'ERR_CLOSED_DURING_HANDSHAKE';
    this.#closed({ code: 1006, reason: '', wasClean: false, closedBy: closedByUs ? 'local' : 'remote', error });
  }

  #settleDrainWaiters(): void {
    if (!this.#drainWaiters.pending) return;
    const info = this.#closedInfo;
    if (info !== undefined) this.#drainWaiters.rejectAll(info);
    else if (this.#socket?.writableNeedDrain === false && this.#blobQueue === undefined) this.#drainWaiters.resolveAll();
  }
}

for (const [name, value] of [['CONNECTING', CONNECTING], ['OPEN', OPEN], ['CLOSING', CLOSING], ['CLOSED', CLOSED]] as const) {
  Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
}
defineEventHandlers(WebSocket.prototype, ['open', 'message', 'close', 'error', 'ping', 'pong']);
