import { HandshakeError } from '@weft/core';
import { parseTarget, withoutCredentials } from './target-url.js';
import type { Target } from './target-url.js';

/** HTTP statuses followed as redirects (RFC 9110 §15.4) when `maxRedirects` allows. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Header names never forwarded to another origin: they carry the caller's credentials. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The next hop of a redirect: where to go and with which caller headers. */
export interface RedirectHop {
  readonly target: Target;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/**
 * Computes the hop a redirect response leads to. `location` is resolved against the current URL;
 * `http(s):` maps to `ws(s):`. Refuses a downgrade from `wss:` to `ws:` (`ERR_REDIRECT_DOWNGRADE`)
 * and any other scheme (`ERR_REDIRECT_SCHEME`). On a cross-origin hop (scheme, host and port;
 * `ws` ≡ `http`, `wss` ≡ `https`) it drops `Authorization`, `Cookie`, `Proxy-Authorization` and
 * the URL user-info; on a same-origin hop without user-info of its own, the previous one is kept.
 */
export function followRedirect(
  current: Target,
  status: number,
  location: string | undefined,
  headers: ReadonlyArray<readonly [string, string]>,
): RedirectHop {
  if (location === undefined || location === '') {
    throw new HandshakeError('ERR_REDIRECT_LOCATION', `redirect ${status} has no Location header`, { status });
  }
  let next: Target;
  try {
    next = parseTarget(location, current.url);
  } catch (cause) {
    throw new HandshakeError('ERR_REDIRECT_SCHEME',
      `redirect ${status} to ${JSON.stringify(location)} is not a ws:, wss:, http: or https: URL`, { status, cause });
  }
  if (current.secure && !next.secure) {
    throw new HandshakeError('ERR_REDIRECT_DOWNGRADE',
      `refusing redirect ${status} from ${current.url.origin} to insecure ${next.url.origin}`, { status });
  }
  if (next.originKey !== current.originKey) {
    return {
      target: withoutCredentials(next),
      headers: headers.filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())),
    };
  }
  if (next.credentials === undefined && current.credentials !== undefined) {
    const url = new URL(next.url.href);
    url.username = current.url.username;
    url.password = current.url.password;
    return { target: { ...next, url, credentials: current.credentials }, headers };
  }
  return { target: next, headers };
}
