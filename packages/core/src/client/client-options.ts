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
  /** Ask the connection to pause reading when this many messages wait. Default 256. */
  highWaterMark?: number;
  /** Resume reading when the buffer falls to this many. Default 64. */
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

/** `iteration` with its defaults applied and checked. */
export function resolveIterationOptions(options: IterationOptions = {}): Required<IterationOptions> {
  const highWaterMark = options.highWaterMark ?? 256;
  const lowWaterMark = options.lowWaterMark ?? Math.min(64, Math.floor(highWaterMark / 4));
  const maxMessages = options.maxMessages ?? Math.max(4_096, highWaterMark);
  checkOption(
    'iteration lowWaterMark/highWaterMark/maxMessages',
    `${lowWaterMark}/${highWaterMark}/${maxMessages}`,
    lowWaterMark >= 0 && highWaterMark >= 1 && lowWaterMark <= highWaterMark && highWaterMark <= maxMessages,
    'ordered, high >= 1',
  );
  return { highWaterMark, lowWaterMark, maxMessages };
}

/** Check the shape of the shared options once, at `connect()` (caller misuse throws at once). */
export function validateClientOptions(options: ClientOptions): void {
  const { fragment, maxMessageBytes, protocols = [] } = options;
  if (fragment) checkChunkSize(fragment.sizeBytes);
  checkOption('maxMessageBytes', maxMessageBytes, maxMessageBytes === undefined || maxMessageBytes > 0, '> 0');
  for (const protocol of [protocols].flat()) checkOption('protocols', protocol, typeof protocol === 'string', 'strings', TypeError);
}

/** The default `heartbeat.isPong`: the text `'pong'`. */
export function isPongByDefault(data: MessageData): boolean {
  return data === 'pong';
}
