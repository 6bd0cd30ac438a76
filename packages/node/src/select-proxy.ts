import type { ProxyOption } from './options.js';
import { resolveProxyFromEnv } from './proxy-from-env.js';
import type { ProxyEnv } from './proxy-from-env.js';
import { SOCKS5_SCHEMES, readSocksCredentials } from './socks5-proxy-url.js';
import type { Target } from './target-url.js';

/**
 * The proxy to use for `target`, or undefined for a direct connection. `'env'` consults the
 * environment (see {@link resolveProxyFromEnv}); a URL must be `http:`/`https:` (HTTP CONNECT)
 * or `socks5:`/`socks5h:` (SOCKS5). Throws a TypeError for any other proxy value, or SOCKS5
 * credentials RFC 1929 cannot carry (caller misuse, found at construction).
 */
export function selectProxy(option: ProxyOption, target: Target, env: ProxyEnv): URL | undefined {
  if (option === false || option === undefined) return undefined;
  let text: string | undefined;
  if (option === 'env') {
    text = resolveProxyFromEnv(target.secure, target.hostname, target.port, env);
    if (text === undefined) return undefined;
  } else {
    text = String(option);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`proxy ${JSON.stringify(text)} is not a valid URL`);
  }
  if (SOCKS5_SCHEMES.has(url.protocol)) {
    readSocksCredentials(url);
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`proxy scheme must be http:, https:, socks5: or socks5h:; got ${url.protocol}`);
  }
  return url;
}
