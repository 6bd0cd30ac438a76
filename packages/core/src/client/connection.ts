import type { MessageData } from '../policies/index.js';

/** How one underlying connection ended, as an adapter reports it. */
export interface ConnectionCloseEvent {
  /** Close code (1006 when the connection dropped without a close frame). */
  code: number;
  reason: string;
  /** True when the closing handshake completed. */
  wasClean: boolean;
}

/**
 * Callbacks the client hands to an adapter for one connection attempt. An adapter may call them
 * without a `this` (the client's are arrow functions).
 */
export interface ConnectionHandlers {
  /** The opening handshake succeeded. */
  onOpen(info: { protocol: string; extensions: string }): void;
  /** A whole message arrived (the adapter reassembles chunked ones). */
  onMessage(data: MessageData): void;
  /** The connection ended (after `onError`, if there was an error). Called at most once. */
  onClose(event: ConnectionCloseEvent): void;
  /**
   * Something failed. Pass a `HandshakeError` (with `status` and `headers`) when the server
   * refused the opening handshake, so the client can classify 401/403/404/429/503.
   */
  onError(error: unknown): void;
  /** Protocol-level traffic that is not a message (ping, pong): counts as liveness. */
  onActivity(): void;
}

/** One live connection, as the client drives it. */
export interface Connection {
  /**
   * Send a whole message; the adapter fragments it when asked to. `data` may view the caller's
   * memory: copy it if it is kept past the call.
   */
  send(data: MessageData): void;
  /** Start the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Tear down at once without waiting for the closing handshake (a dead peer never answers). */
  terminate?(): void;
  /** Bytes accepted by `send` but not yet written. */
  readonly bufferedAmount: number;
  /**
   * Resolves when the write buffer has drained below the connection's high-water mark; rejects
   * if the connection closes first. Absent (browsers): the client polls `bufferedAmount`.
   */
  drained?(): Promise<void>;
  /** Protocol-level ping; resolves when the matching pong arrives. Absent in browsers. */
  ping?(): Promise<unknown>;
  /** Stop reading from the network (backpressure from a slow consumer). */
  pause?(): void;
  /** Resume reading after `pause`. */
  resume?(): void;
  /** True while reading is paused (`pause`). */
  readonly isPaused?: boolean;
}

/** What the client lets an adapter do from outside (network and page-lifecycle events). */
export interface ClientControl {
  /** If waiting to reconnect, reconnect now instead of at the end of the delay. */
  reconnectNow(): void;
  /** If open and the connection has been silent, send a heartbeat probe now. */
  probe(): void;
  /** True while waiting to reconnect, or open but silent for a heartbeat interval. */
  isSuspect(): boolean;
}

/**
 * The adapter-facing side of `connect()`: how to open one connection. `O` is the adapter's
 * options type (the client passes the caller's options through unchanged).
 */
export interface ConnectionFactory<O> {
  /** Open one connection to `url`; report progress through `handlers`. Must not throw for network causes. */
  open(url: string, options: O, handlers: ConnectionHandlers): Connection;
  /**
   * Optional: subscribe to environment events (online, visibility) for the life of one client.
   * Returns the function that unsubscribes, called on the final close.
   */
  watch?(control: ClientControl): () => void;
}
