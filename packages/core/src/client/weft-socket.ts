import type { Clock } from '../platform/index.js';
import type { MessageData } from '../policies/index.js';
import { startClient, type ClientEngine } from './client-engine.js';
import { socketRuntime, type ClientRuntime } from './client-runtime.js';
import type { ClientOptions, UrlSource } from './client-options.js';
import type { ConnectionFactory } from './connection.js';
import type { SendData } from './outgoing-message.js';
import type { SocketEventName, SocketListener, SocketState } from './socket-events.js';

/**
 * The reconnecting socket `connect()` returns, identical in every runtime. It starts connecting
 * at once, retries the first connect like any later one, queues sends while not open and
 * flushes them in order before any new send, and stops for good on `close()`. The behaviour
 * lives in {@link startClient}; this class is its public face.
 */
export class WeftSocket<O extends ClientOptions = ClientOptions> implements AsyncIterable<MessageData> {
  /** Resolves on the first open; rejects with a WeftError if the client gives up (or is closed) first. */
  readonly opened: Promise<void>;
  readonly #engine: ClientEngine;

  constructor(factory: ConnectionFactory<O>, url: UrlSource, options: O, clock: Clock, random: () => number, runtime: ClientRuntime = socketRuntime) {
    this.#engine = startClient(factory, url, options, clock, random, runtime);
    this.opened = this.#engine.opened;
  }

  /** `'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed'`. */
  get state(): SocketState {
    return this.#engine.state();
  }

  /** Bytes sent but not yet written: the open connection's buffer, or the queue while not open. */
  get bufferedAmount(): number {
    return this.#engine.bufferedAmount();
  }

  /** Listen to an event; returns the function that removes the listener. */
  on<K extends SocketEventName>(event: K, fn: SocketListener<K>): () => void {
    return this.#engine.on(event, fn);
  }

  /**
   * Send a message: `string` as text, `ArrayBuffer`/`ArrayBufferView` as binary. While not open
   * the message is copied into the queue. Throws `ERR_QUEUE_FULL` when the queue is full and
   * `InvalidStateError` after `close()`.
   */
  send(data: SendData): void {
    this.#engine.send(data);
  }

  /**
   * Close for good: no reconnect afterwards, every timer cleared. Queued messages are reported
   * through `'unsent'`. Resolves when the connection has closed.
   */
  close(code?: number, reason?: string): Promise<void> {
    return this.#engine.close(code, reason);
  }

  /** Async iteration of messages, with backpressure (see `iteration` options). */
  [Symbol.asyncIterator](): AsyncIterator<MessageData> {
    return this.#engine.iterate();
  }
}
