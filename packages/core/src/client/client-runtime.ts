import { classifyClose, classifySocketClose, type CloseClassifier } from '../policies/index.js';
import { describeClose, describeHandshakeClose, type CloseDescriber } from './close-cause.js';
import type { PingProbe } from './heartbeat-driver.js';
import { createReadFlow, type ReadFlow } from './read-flow.js';
import type { IterationOptions } from './client-options.js';
import type { Connection } from './connection.js';

/**
 * What the client can do depends on what the runtime's connections expose. Injected into
 * `createClient`, so a browser bundle carries only what a native WebSocket can use: it never
 * exposes the HTTP status of a refused handshake, and it cannot send ping frames.
 */
export interface ClientRuntime {
  /** Why a connection ended. */
  describeClose: CloseDescriber;
  /** Retry or stop, given why. */
  classifyClose: CloseClassifier;
  /** Heartbeat over protocol pings; absent: the application-level probe only. */
  ping?: PingProbe;
  /**
   * Backpressure from async iterators, for connections that can pause reading (see
   * `createReadFlow`); absent: iterators are bounded by `iteration.maxMessages` only.
   */
  flow?: (options: IterationOptions | undefined, current: () => Connection | undefined) => ReadFlow;
}

/** Native WebSockets (browsers): close codes and network failures only. `createClient`'s default. */
export const socketRuntime: ClientRuntime = { describeClose, classifyClose: classifySocketClose };

/**
 * Runtimes that implement the protocol themselves (Node): a handshake answered 401/403/404
 * stops, 429/503 retries after `Retry-After`, heartbeat probes are ping frames when the
 * connection has `ping()`, and slow async iterators pause reading.
 */
export const protocolRuntime: ClientRuntime = {
  describeClose: describeHandshakeClose,
  classifyClose,
  flow: createReadFlow,
  ping(connection, answered) {
    if (connection.ping === undefined) return false;
    // Reading paused (an async iterator is behind): a pong would wait unread behind the pause,
    // and the silence is ours, not the peer's. Killing the connection would not help the
    // consumer, and the pause carries over to the next one, which would die the same way.
    if (connection.isPaused === true) answered();
    else connection.ping().then(answered, () => {}); // closed before the pong: its close is handled elsewhere
    return true;
  },
};
