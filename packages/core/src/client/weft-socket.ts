import { ConnectionClosedError, InvalidStateError, WeftError } from '../errors/index.js';
import type { Clock, TimerHandle } from '../platform/index.js';
import { ReconnectPolicy, SendQueue, type CloseInfo, type MessageData } from '../policies/index.js';
import { resolveIterationOptions, validateClientOptions, type ClientOptions, type UrlSource } from './client-options.js';
import { validateCloseArguments } from './close-arguments.js';
import { createGiveUpError, describeClose } from './close-cause.js';
import type { Connection, ConnectionCloseEvent, ConnectionFactory } from './connection.js';
import { createHeartbeatDriver, type HeartbeatDriver } from './heartbeat-driver.js';
import { createMessageIterator, type MessageIterator } from './message-iterator.js';
import { snapshotMessage, toMessageData, type SendData } from './outgoing-message.js';
import { createEmitter, type SocketEventName, type SocketListener, type SocketState } from './socket-events.js';

/**
 * The reconnecting socket `connect()` returns, identical in every runtime. It starts connecting
 * at once, retries the first connect like any later one, queues sends while not open and
 * flushes them in order before any new send, and stops for good on `close()`.
 */
export class WeftSocket<O extends ClientOptions = ClientOptions> implements AsyncIterable<MessageData> {
  /** Resolves on the first open; rejects with a WeftError if the client gives up (or is closed) first. */
  readonly opened: Promise<void>;
  #currentState: SocketState = 'connecting';
  #connection: Connection | undefined;
  #connectionOpen = false;
  #token = 0;
  #reconnectTimer: TimerHandle | undefined;
  #lastError: unknown;
  #everOpened = false;
  #closing: { code: number; reason: string } | undefined;
  readonly #emitter = createEmitter();
  readonly #queue: SendQueue;
  readonly #reconnect: ReconnectPolicy | undefined;
  readonly #heartbeat: HeartbeatDriver | undefined;
  readonly #iterators = new Set<MessageIterator>();
  readonly #behind = new Set<MessageIterator>();
  readonly #unwatch: (() => void) | undefined;
  #settleOpened!: { resolve: () => void; reject: (error: unknown) => void };
  #settleClosed!: () => void;
  readonly #closed: Promise<void>;
  readonly #factory: ConnectionFactory<O>;
  readonly #url: UrlSource;
  readonly #options: O;
  readonly #clock: Clock;

  constructor(factory: ConnectionFactory<O>, url: UrlSource, options: O, clock: Clock, random: () => number) {
    if (typeof url !== 'string' && typeof url !== 'function') throw new TypeError(`url must be a string or a function; got ${typeof url}`);
    validateClientOptions(options);
    resolveIterationOptions(options.iteration);
    this.#factory = factory;
    this.#url = url;
    this.#options = options;
    this.#clock = clock;
    this.#queue = new SendQueue(options.queue);
    this.#reconnect = options.reconnect === false ? undefined : new ReconnectPolicy(options.reconnect ?? {}, random);
    this.#heartbeat = options.heartbeat === false ? undefined : createHeartbeatDriver(options.heartbeat ?? {}, clock, () => this.#handleDead());
    this.opened = new Promise((resolve, reject) => (this.#settleOpened = { resolve, reject }));
    this.opened.catch(() => {}); // a rejection nobody awaits must not crash the process
    this.#closed = new Promise((resolve) => (this.#settleClosed = resolve));
    this.#startAttempt(true);
    this.#unwatch = factory.watch?.({
      reconnectNow: () => this.#reconnectNow(),
      probe: () => this.#heartbeat?.probeNow(),
      isSuspect: () => this.#currentState === 'reconnecting' || (this.#heartbeat?.isSuspect() ?? false),
    });
  }

  /** `'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed'`. */
  get state(): SocketState {
    return this.#currentState;
  }

  /** Bytes sent but not yet written: the open connection's buffer, or the queue while not open. */
  get bufferedAmount(): number {
    const inConnection = this.#connectionOpen && this.#connection !== undefined ? this.#connection.bufferedAmount : 0;
    return inConnection + this.#queue.bytes;
  }

  /** Listen to an event; returns the function that removes the listener. */
  on<K extends SocketEventName>(event: K, fn: SocketListener<K>): () => void {
    return this.#emitter.on(event, fn);
  }

  /**
   * Send a message: `string` as text, `ArrayBuffer`/`ArrayBufferView` as binary. While not open
   * the message is copied into the queue. Throws `ERR_QUEUE_FULL` when the queue is full and
   * `InvalidStateError` after `close()`.
   */
  send(data: SendData): void {
    if (this.#currentState === 'closing' || this.#currentState === 'closed') {
      throw new InvalidStateError(`cannot send while the socket is ${this.#currentState}`, 'ERR_SOCKET_CLOSED');
    }
    const message = toMessageData(data);
    if (this.#connectionOpen && this.#connection !== undefined) this.#connection.send(message);
    else this.#queue.enqueue(snapshotMessage(message));
  }

  /**
   * Close for good: no reconnect afterwards, every timer cleared. Queued messages are reported
   * through `'unsent'`. Resolves when the connection has closed.
   */
  close(code?: number, reason?: string): Promise<void> {
    if (this.#currentState === 'closing' || this.#currentState === 'closed') return this.#closed;
    validateCloseArguments(code, reason);
    this.#closing = { code: code ?? 1000, reason: reason ?? '' };
    this.#clearReconnectTimer();
    this.#heartbeat?.stop();
    const connection = this.#connection;
    if (connection !== undefined && this.#connectionOpen) {
      this.#setState('closing');
      connection.close(this.#closing.code, this.#closing.reason);
    } else {
      // Still connecting (or waiting to reconnect): abandon the attempt at once.
      this.#dropConnection();
      if (connection?.terminate !== undefined) connection.terminate();
      else connection?.close(this.#closing.code, this.#closing.reason);
      this.#finish({ code: this.#closing.code, reason: this.#closing.reason, wasClean: false }, undefined);
    }
    return this.#closed;
  }

  /** Async iteration of messages, with backpressure (see `iteration` options). */
  [Symbol.asyncIterator](): AsyncIterator<MessageData> {
    const iterator = createMessageIterator(resolveIterationOptions(this.#options.iteration), {
      setBackpressure: (it, isBehind) => this.#setBackpressure(it, isBehind),
      detach: (it) => {
        this.#iterators.delete(it);
        this.#setBackpressure(it, false);
      },
    });
    if (this.#currentState === 'closed') iterator.end();
    else this.#iterators.add(iterator);
    return iterator;
  }

  #startAttempt(first: boolean): void {
    const token = ++this.#token;
    if (typeof this.#url === 'string') {
      this.#open(token, this.#url, first);
      return;
    }
    let resolved: string | Promise<string>;
    try {
      resolved = this.#url();
    } catch (error) {
      this.#attemptFailed(token, error);
      return;
    }
    if (typeof resolved === 'string') {
      this.#open(token, resolved, false);
      return;
    }
    Promise.resolve(resolved).then(
      (url) => {
        if (token !== this.#token) return;
        if (typeof url !== 'string') this.#attemptFailed(token, new TypeError(`the url function returned ${typeof url}, not a string`));
        else this.#open(token, url, false);
      },
      (error: unknown) => this.#attemptFailed(token, error),
    );
  }

  #open(token: number, url: string, first: boolean): void {
    let connection: Connection;
    try {
      connection = this.#factory.open(url, this.#options, {
        onOpen: (info) => token === this.#token && this.#handleOpen(url, info),
        onMessage: (data) => token === this.#token && this.#handleMessage(data),
        onClose: (event) => token === this.#token && this.#handleClose(event),
        onError: (error) => token === this.#token && this.#handleError(error),
        onActivity: () => token === this.#token && this.#heartbeat?.recordTraffic(),
      });
    } catch (error) {
      // A URL the adapter refuses is caller misuse: throw from connect() on the first attempt.
      if (first) throw error;
      this.#handleError(error);
      this.#finish({ code: 1006, reason: '', wasClean: false }, createGiveUpError('the adapter refused the url', { kind: 'network' }, error));
      return;
    }
    if (token !== this.#token) return;
    this.#connection = connection;
    if (this.#behind.size > 0) connection.pause?.();
  }

  #attemptFailed(token: number, error: unknown): void {
    if (token !== this.#token) return;
    this.#handleError(error);
    this.#afterEnd({ kind: 'network', error }, { code: 1006, reason: '', wasClean: false });
  }

  #handleOpen(url: string, info: { protocol: string; extensions: string }): void {
    const connection = this.#connection!;
    this.#connectionOpen = true;
    this.#everOpened = true;
    this.#lastError = undefined;
    this.#reconnect?.recordOpen(this.#clock.now());
    // Queued messages go first, before any listener can send a new one.
    for (const data of this.#queue.drain()) connection.send(data);
    this.#heartbeat?.start(connection);
    this.#setState('open');
    this.#settleOpened.resolve();
    this.#emitter.emit('open', { url, protocol: info.protocol, extensions: info.extensions });
  }

  #handleMessage(data: MessageData): void {
    if (this.#heartbeat?.recordTraffic(data)) return;
    for (const iterator of this.#iterators) iterator.push(data);
    this.#emitter.emit('message', data);
  }

  #handleError(error: unknown): void {
    this.#lastError = error;
    this.#emitter.emit('error', error);
  }

  #handleClose(event: ConnectionCloseEvent): void {
    const wasOpen = this.#connectionOpen;
    this.#dropConnection();
    this.#heartbeat?.stop();
    if (this.#closing !== undefined) {
      this.#finish(event, undefined);
      return;
    }
    this.#afterEnd(describeClose(event, wasOpen, this.#lastError), event);
  }

  /** The heartbeat declared the connection dead: tear it down now and decide as for a drop. */
  #handleDead(): void {
    const connection = this.#connection;
    this.#dropConnection();
    if (connection?.terminate !== undefined) connection.terminate();
    else connection?.close(4000, 'heartbeat timeout');
    this.#afterEnd({ kind: 'heartbeat' }, { code: 1006, reason: 'heartbeat timeout', wasClean: false });
  }

  #afterEnd(info: CloseInfo, event: ConnectionCloseEvent): void {
    const decision = this.#reconnect === undefined
      ? { action: 'stop' as const, reason: 'reconnect is off' }
      : this.#reconnect.decide(info, this.#clock.now());
    if (decision.action === 'stop') {
      const cleanEnd = info.kind === 'server-close' && (info.code === 1000 || info.code === 1001) && this.#everOpened;
      this.#finish(event, cleanEnd ? undefined : createGiveUpError(decision.reason, info, this.#lastError));
      return;
    }
    this.#setState('reconnecting');
    this.#reconnectTimer = this.#clock.setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#startAttempt(false);
    }, decision.delayMs);
    this.#emitter.emit('close', { ...event, willReconnect: true });
    this.#emitter.emit('reconnecting', { attempt: decision.attempt, delayMs: decision.delayMs, reason: decision.reason });
  }

  /** The final close: clear everything, report unsent messages, settle the promises. */
  #finish(event: ConnectionCloseEvent, error: WeftError | undefined): void {
    this.#token++;
    this.#clearReconnectTimer();
    this.#heartbeat?.stop();
    this.#unwatch?.();
    const unsent = this.#queue.drain();
    this.#setState('closed');
    for (const iterator of this.#iterators) iterator.end(error);
    this.#iterators.clear();
    this.#behind.clear();
    if (!this.#everOpened) {
      this.#settleOpened.reject(error ?? new ConnectionClosedError(event.code, event.reason, 'local', 'ERR_CLOSED_BEFORE_OPEN'));
    }
    this.#emitter.emit('close', { ...event, willReconnect: false });
    if (unsent.length > 0) this.#emitter.emit('unsent', unsent);
    this.#settleClosed();
  }

  #reconnectNow(): void {
    if (this.#currentState !== 'reconnecting' || this.#reconnectTimer === undefined) return;
    this.#clearReconnectTimer();
    this.#startAttempt(false);
  }

  #dropConnection(): void {
    this.#token++;
    this.#connection = undefined;
    this.#connectionOpen = false;
  }

  #clearReconnectTimer(): void {
    if (this.#reconnectTimer === undefined) return;
    this.#clock.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
  }

  #setBackpressure(iterator: MessageIterator, isBehind: boolean): void {
    const before = this.#behind.size;
    if (isBehind) this.#behind.add(iterator);
    else this.#behind.delete(iterator);
    if (before === 0 && this.#behind.size > 0) this.#connection?.pause?.();
    else if (before > 0 && this.#behind.size === 0) this.#connection?.resume?.();
  }

  #setState(state: SocketState): void {
    if (state === this.#currentState) return;
    this.#currentState = state;
    this.#emitter.emit('state', state);
  }
}
