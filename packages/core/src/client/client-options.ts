import { checkChunkSize, checkOption, type HeartbeatTiming, type MessageData, type ReconnectOptions, type SendQueueOptions } from '../policies/index.js';

/** Where to connect: a URL, or a function (sync or async) called before every attempt. */
export type UrlSource = string | (() => string | Promise<string>);

/** The `heartbeat` option. */
export interface HeartbeatOptions extends HeartbeatTiming {
  /**
   * Application-level probe, used only when the connection cannot send protocol pings (browsers).
   * Default the text `'ping'`.
   */
  message?: MessageData;
  /** Recognises the application-level reply (not delivered as a message). Default: text `'pong'`. */
  isPong?: (data: MessageData) => boolean;
}

/** The `iteration` option: buffering of `for await (const data of socket)`. */
export interface IterationOptions {
  /**
   * Ask the connection to pause reading when this many messages wait. Default 256. Node only:
   * browsers' native sockets cannot pause, so there it is not used.
   */
  highWaterMark?: number;
  /** Resume reading when the buffer falls to this many. Default `min(64, highWaterMark / 4)`. Node only. */
  lowWaterMark?: number;
  /**
   * Hard bound for connections that cannot pause (browsers): past it, the iterator fails with
   * `ERR_ITERATOR_OVERFLOW` instead of growing without bound. Default 4 096.
   */
  maxMessages?: number;
}

/** Options of `connect()` shared by every runtime. */
export interface ClientOptions {
  /** Subprotocols to offer (`Sec-WebSocket-Protocol`). */
  protocols?: string | string[];
  /** `false` to never reconnect, or the reconnect policy. Default on. */
  reconnect?: false | ReconnectOptions;
  /** `false` to turn liveness probing off, or its timing. Default on. */
  heartbeat?: false | HeartbeatOptions;
  /** Split outgoing messages larger than `sizeBytes`. Default off. */
  fragment?: false | { sizeBytes: number };
  /** Bounds of the queue that holds messages sent while not open. */
  queue?: SendQueueOptions;
  /** Largest message accepted from the server. Default 64 MiB. */
  maxMessageBytes?: number;
  /** Buffering of async iteration. */
  iteration?: IterationOptions;
}

/**
 * Check the shape of the shared options once, at `connect()` (caller misuse throws at once).
 * Returns the bound of an async iterator's buffer: `iteration.maxMessages`, by default 4 096
 * or the high-water mark if larger. (The water marks are checked by `createReadFlow`, where
 * connections can pause.)
 */
export function validateClientOptions(options: ClientOptions): number {
  const { fragment, maxMessageBytes, protocols = [], iteration = {} } = options;
  if (fragment) checkChunkSize(fragment.sizeBytes);
  checkOption('maxMessageBytes', maxMessageBytes, maxMessageBytes === undefined || maxMessageBytes > 0, '> 0');
  for (const protocol of [protocols].flat()) checkOption('protocols', protocol, typeof protocol === 'string', 'strings', TypeError);
  const { maxMessages = Math.max(4_096, iteration.highWaterMark ?? 0) } = iteration;
  return checkOption('iteration.maxMessages', maxMessages, maxMessages >= 1, '>= 1');
}

/** The default `heartbeat.isPong`: the text `'pong'`. */
export function isPongByDefault(data: MessageData): boolean {
  return data === 'pong';
}
