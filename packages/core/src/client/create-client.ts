import type { Clock } from '../platform/index.js';
import type { ClientOptions, UrlSource } from './client-options.js';
import type { ClientRuntime } from './client-runtime.js';
import type { ConnectionFactory } from './connection.js';
import { startClient } from './client-engine.js';
import type { WeftSocket } from './weft-socket.js';

/**
 * The one implementation of `connect()`: adapters call it with their {@link ConnectionFactory},
 * a real clock and a random source. Starts connecting at once.
 *
 * @param url - a URL, or a (sync or async) function re-evaluated before every attempt.
 * @param options - the shared {@link ClientOptions} plus the adapter's own, passed to the factory.
 * @param random - numbers in [0, 1) for backoff jitter.
 * @param runtime - how ends of connections are judged; default `socketRuntime` (no handshake
 *   status), Node passes `protocolRuntime`.
 * @throws TypeError or RangeError for invalid options or a URL the adapter refuses.
 */
export function createClient<O extends ClientOptions>(
  factory: ConnectionFactory<O>,
  url: UrlSource,
  options: O,
  clock: Clock,
  random: () => number,
  runtime?: ClientRuntime,
): WeftSocket<O> {
  return startClient(factory, url, options, clock, random, runtime);
}
