import { randomInt } from 'node:crypto';
import {
  createClient,
  protocolRuntime,
  type ClientOptions,
  type Clock,
  type Connection,
  type ConnectionFactory,
  type ConnectionHandlers,
  type TimerHandle,
  type UrlSource,
  type WeftSocket,
} from '@weft/core';
import type { WebSocketOptions } from './options.js';
import { readTimeOrNow } from './read-time.js';
import { routeEvents, WebSocket } from './websocket.js';

/**
 * Options of the Node `connect()`: the shared {@link ClientOptions} plus every option of
 * {@link WebSocket}. `fragment: { sizeBytes }` becomes the WebSocket's `fragmentBytes`
 * (RFC 6455 continuation frames, transparent to any server).
 */
export type NodeConnectOptions = ClientOptions & Omit<WebSocketOptions, 'maxMessageBytes'>;

/**
 * Timers for the reconnecting client. Not `unref()`ed: a pending reconnect must keep the
 * process alive, as a socket would; `close()` clears every one of them. `now` is the time of
 * the socket read being processed when there is one (any socket's: reads are processed one at a
 * time), so the heartbeat's note of every message costs no clock read. Inside a long synchronous
 * handler that time stays at the read's start: the heartbeat may then probe once more than
 * needed and the reconnect policy sees a shorter uptime, never a dead connection; timers fire
 * outside reads and read the real time.
 */
const clientClock: Clock = {
  now: readTimeOrNow,
  setTimeout: (fn: () => void, ms: number): TimerHandle => setTimeout(fn, ms),
  clearTimeout: (handle: TimerHandle): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Uniform in [0, 1) from the CSPRNG (48 bits), so jitter cannot be predicted across clients. */
function cryptoRandom(): number {
  return randomInt(0, 2 ** 48 - 1) / 2 ** 48;
}

/** One Weft `WebSocket` per attempt: protocol pings, continuation frames, pause/resume reading. */
const nodeFactory: ConnectionFactory<NodeConnectOptions> = {
  open(url: string, options: NodeConnectOptions, handlers: ConnectionHandlers): Connection {
    const fragmentBytes = options.fragment ? options.fragment.sizeBytes : options.fragmentBytes;
    const ws = new WebSocket(url, options.protocols, { ...options, fragmentBytes });
    // Its events come straight to the client: messages as strings and Buffers (views of the
    // received bytes, no copy per message), and no event object or listener per connection.
    routeEvents(ws, handlers);
    // The WebSocket is the connection: it has every method the client calls (send, close,
    // terminate, bufferedAmount, drained, ping, pause, resume), so no wrapper is made per attempt.
    return ws;
  },
};

/**
 * Open a reconnecting WebSocket in Node. Starts connecting at once; see `WeftSocket` for the
 * API (`opened`, `send`, `on`, async iteration with backpressure, `close`, `state`,
 * `bufferedAmount`). Heartbeat uses real ping/pong frames; a handshake answered 401/403/404
 * stops, 429/503 retries after `Retry-After`.
 *
 * @param url - a `ws:`/`wss:` URL, or a (sync or async) function called before every attempt.
 * @throws TypeError, RangeError or a `SyntaxError` DOMException for invalid options or URL.
 */
export function connect(url: UrlSource, options: NodeConnectOptions = {}): WeftSocket<NodeConnectOptions> {
  return createClient(nodeFactory, url, options, clientClock, cryptoRandom, protocolRuntime);
}
