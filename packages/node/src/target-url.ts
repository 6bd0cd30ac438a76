import { isIP } from 'node:net';

/** Where a WebSocket connects, resolved once from the URL the caller gave. */
export interface Target {
  /** The `ws:`/`wss:` URL (an `http(s):` URL is mapped to `ws(s):`). */
  readonly url: URL;
  readonly secure: boolean;
  /** Host name or IP address to dial, IPv6 without brackets. */
  readonly hostname: string;
  readonly port: number;
  /** `Host` header value: brackets kept for IPv6, port only when not the default one. */
  readonly hostHeader: string;
  /** Request target: path and query (`/` at least). */
  readonly resource: string;
  /** Origin used to decide whether a redirect crosses origins (`ws` ≡ `http`, `wss` ≡ `https`). */
  readonly originKey: string;
  /** True when `hostname` is an IPv4 or IPv6 literal (no SNI is sent for those). */
  readonly isIpLiteral: boolean;
  /** Decoded URL user-info, sent as Basic authorization when present. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'ws:': 80, 'wss:': 443 };

/**
 * Parses a WebSocket URL the way the WHATWG `WebSocket` constructor does: `http(s):` maps to
 * `ws(s):`, any other scheme or a fragment throws a `SyntaxError` DOMException.
 */
export function parseTarget(input: string | URL, base?: string | URL): Target {
  let url: URL;
  try {
    url = new URL(String(input), base);
  } catch (cause) {
    throw syntaxError(`invalid WebSocket URL ${JSON.stringify(String(input))}`, cause);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw syntaxError(`WebSocket URL scheme must be ws:, wss:, http: or https:; got ${url.protocol}`);
  }
  if (url.hash !== '' || String(input).includes('#')) {
    throw syntaxError('WebSocket URL must not contain a fragment');
  }
  if (url.hostname === '') throw syntaxError('WebSocket URL has no host');
  const secure = url.protocol === 'wss:';
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const credentials = url.username === '' && url.password === ''
    ? undefined
    : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  return {
    url,
    secure,
    hostname,
    port,
    hostHeader: url.host,
    resource: `${url.pathname || '/'}${url.search}`,
    originKey: `${secure ? 'https' : 'http'}://${url.hostname}:${port}`,
    isIpLiteral: isIP(hostname) !== 0,
    credentials,
  };
}

/** The same target without URL user-info (used when a redirect crosses origins). */
export function withoutCredentials(target: Target): Target {
  if (target.credentials === undefined) return target;
  const url = new URL(target.url.href);
  url.username = '';
  url.password = '';
  return { ...target, url, credentials: undefined };
}

function syntaxError(message: string, cause?: unknown): DOMException {
  const error = new DOMException(message, 'SyntaxError');
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}
