import type { ConnectionOptions } from 'node:tls';

/** RFC 7692 §7.1 parameters Weft offers, plus when to compress. */
export interface PerMessageDeflateOptions {
  /**
   * `client_max_window_bits` offered: `true` (default) offers it bare so the server may shrink
   * our window; a number 8..15 also promises our window is no larger; `false` omits it.
   */
  clientMaxWindowBits?: number | boolean;
  /** Ask the server to limit its window (`server_max_window_bits`, 8..15). Default: not asked. */
  serverMaxWindowBits?: number;
  /** Offer `client_no_context_takeover` (our compressor resets per message). Default false. */
  clientNoContextTakeover?: boolean;
  /** Ask for `server_no_context_takeover`. Default false. */
  serverNoContextTakeover?: boolean;
  /** Messages shorter than this many bytes are sent uncompressed. Default 1024. */
  thresholdBytes?: number;
}

/**
 * A proxy: an `http:`/`https:` URL for HTTP CONNECT (user-info becomes `Proxy-Authorization`),
 * a `socks5:` URL (host names resolved locally) or `socks5h:` URL (resolved by the proxy), with
 * optional RFC 1929 `user:pass@`; or `'env'`.
 */
export type ProxyOption = string | URL | 'env' | false;

/** The third argument of `new WebSocket(url, protocols, options)`. Every field is optional. */
export interface WebSocketOptions {
  /** Extra request headers for the Upgrade. CR/LF or non-token names throw a TypeError. */
  headers?: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  /** `Origin` header value. Default: none (Node is not a browser). */
  origin?: string;
  /** Offer permessage-deflate (RFC 7692). Default false; see README for the measurements. */
  perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /** Largest message accepted, after inflation. Default 64 MiB; larger fails with 1009. */
  maxMessageBytes?: number;
  /**
   * Largest single frame accepted. Default: `maxMessageBytes` (for a compressed frame, the most
   * that a message of that size can take once deflated, so the limit applies to the inflated size).
   */
  maxFrameBytes?: number;
  /** Most fragments per message. Default 65 536 (core's). */
  maxFragments?: number;
  /** Deadline for DNS + TCP + proxy + TLS + the 101 answer. Default 30 000 ms. */
  handshakeTimeoutMs?: number;
  /** After our close frame, how long to wait for the server's close and TCP close. Default 5 000 ms. */
  closeTimeoutMs?: number;
  /** Redirects followed during the handshake. Default 0 (none). */
  maxRedirects?: number;
  /** HTTP CONNECT or SOCKS5 proxy URL, `'env'` for HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY, or false. Default false. */
  proxy?: ProxyOption;
  /** Passed to `tls.connect` (ca, cert, key, rejectUnauthorized, servername, …). */
  tls?: ConnectionOptions;
  /** Split every outgoing message into frames of at most this many bytes. Default 0 (never split). */
  fragmentBytes?: number;
  /** Debug hook; called with an event name and details. Costs nothing when absent. */
  debug?: (event: string, details?: unknown) => void;
}

/** {@link WebSocketOptions} with every default applied, validated once at construction. */
export interface ResolvedOptions {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly origin: string | undefined;
  readonly perMessageDeflate: Required<Omit<PerMessageDeflateOptions, 'clientMaxWindowBits' | 'serverMaxWindowBits'>>
    & Pick<PerMessageDeflateOptions, 'clientMaxWindowBits' | 'serverMaxWindowBits'> | undefined;
  readonly maxMessageBytes: number;
  readonly maxFrameBytes: number | undefined;
  readonly maxFragments: number | undefined;
  readonly handshakeTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly maxRedirects: number;
  readonly proxy: ProxyOption;
  readonly tls: ConnectionOptions | undefined;
  readonly fragmentBytes: number;
  readonly debug: ((event: string, details?: unknown) => void) | undefined;
}

/** Defaults of {@link WebSocketOptions}, in one place. */
export const DEFAULTS = Object.freeze({
  maxMessageBytes: 64 * 1024 * 1024,
  handshakeTimeoutMs: 30_000,
  closeTimeoutMs: 5_000,
  maxRedirects: 0,
  fragmentBytes: 0,
  deflateThresholdBytes: 1024,
});

/** Applies defaults and validates; throws TypeError/RangeError on caller misuse. */
export function resolveOptions(options: WebSocketOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  const maxMessageBytes = checkCount('maxMessageBytes', o.maxMessageBytes ?? DEFAULTS.maxMessageBytes, 1);
  return {
    headers: normalizeHeaders(o.headers),
    origin: o.origin === undefined ? undefined : String(o.origin),
    perMessageDeflate: resolveDeflate(o.perMessageDeflate),
    maxMessageBytes,
    maxFrameBytes: o.maxFrameBytes === undefined ? undefined : checkCount('maxFrameBytes', o.maxFrameBytes, 1),
    maxFragments: o.maxFragments === undefined ? undefined : checkCount('maxFragments', o.maxFragments, 1),
    handshakeTimeoutMs: checkCount('handshakeTimeoutMs', o.handshakeTimeoutMs ?? DEFAULTS.handshakeTimeoutMs, 1),
    closeTimeoutMs: checkCount('closeTimeoutMs', o.closeTimeoutMs ?? DEFAULTS.closeTimeoutMs, 0),
    maxRedirects: checkCount('maxRedirects', o.maxRedirects ?? DEFAULTS.maxRedirects, 0),
    proxy: o.proxy ?? false,
    tls: o.tls,
    fragmentBytes: checkCount('fragmentBytes', o.fragmentBytes ?? DEFAULTS.fragmentBytes, 0),
    debug: o.debug,
  };
}

function resolveDeflate(value: boolean | PerMessageDeflateOptions | undefined): ResolvedOptions['perMessageDeflate'] {
  if (value === undefined || value === false) return undefined;
  const p = value === true ? {} : value;
  if (typeof p.clientMaxWindowBits === 'number') checkRange('perMessageDeflate.clientMaxWindowBits', p.clientMaxWindowBits, 8, 15);
  if (p.serverMaxWindowBits !== undefined) checkRange('perMessageDeflate.serverMaxWindowBits', p.serverMaxWindowBits, 8, 15);
  return {
    clientMaxWindowBits: p.clientMaxWindowBits ?? true,
    serverMaxWindowBits: p.serverMaxWindowBits,
    clientNoContextTakeover: p.clientNoContextTakeover === true,
    serverNoContextTakeover: p.serverNoContextTakeover === true,
    thresholdBytes: checkCount('perMessageDeflate.thresholdBytes', p.thresholdBytes ?? DEFAULTS.deflateThresholdBytes, 0),
  };
}

function normalizeHeaders(headers: WebSocketOptions['headers']): ReadonlyArray<readonly [string, string]> {
  if (headers === undefined) return [];
  const entries = Array.isArray(headers) ? headers : Object.entries(headers as Record<string, string>);
  return entries.map(([name, value]) => [String(name), String(value)] as const);
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}; got ${String(value)}`);
  }
  return value;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}; got ${String(value)}`);
  }
}
