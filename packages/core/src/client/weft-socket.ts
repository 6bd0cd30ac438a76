import type { MessageData } from '../policies/index.js';
import type { ClientOptions } from './client-options.js';
import type { SendData } from './outgoing-message.js';
import type { SocketEventName, SocketListener, SocketState } from './socket-events.js';

/**
 * The reconnecting socket `connect()` returns, identical in every runtime. It starts connecting
 * at once, retries the first connect like any later one, queues sends while not open and
 * flushes them in order before any new send, and stops for good on `close()`. `O` is the
 * options type of the runtime's `connect()`.
 */
export interface WeftSocket<O extends ClientOptions = ClientOptions> extends AsyncIterable<MessageData> {
  /** Resolves on the first open; rejects with a WeftError if the client gives up (or is closed) first. */
  readonly opened: Promise<void>;
  /** `'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed'`. */
  readonly state: SocketState;
  /** Bytes sent but not yet written: the open connection's buffer, plus the queue while not open. */
  readonly bufferedAmount: number;
  /** Listen to an event; returns the function that removes the listener. */
  on<K extends SocketEventName>(event: K, fn: SocketListener<K>): () => void;
  /**
   * Send a message: `string` as text, `ArrayBuffer`/`ArrayBufferView` as binary. While not open
   * the message is copied into the queue. Throws `ERR_QUEUE_FULL` when the queue is full and
   * `InvalidStateError` after `close()`.
   */
  send(data: SendData): void;
  /**
   * Send backpressure: resolves once `bufferedAmount` is 0, at once if nothing is buffered (even
   * while reconnecting: queued messages count until an open flushes them). Node wakes on the TCP
   * socket's `drain`; browsers have no drain event, so `bufferedAmount` is looked at every 8 ms.
   * Rejects with `InvalidStateError` (`ERR_SOCKET_CLOSED`) if the socket closes for good first,
   * at its next look (within 8 ms of the close).
   */
  drained(): Promise<void>;
  /**
   * Close for good: no reconnect afterwards, every timer cleared. Queued messages are reported
   * through `'unsent'`. Resolves when the connection has closed.
   */
  close(code?: number, reason?: string): Promise<void>;
  /** Async iteration of messages, with backpressure (see `iteration` options). */
  [Symbol.asyncIterator](): AsyncIterator<MessageData>;
}
