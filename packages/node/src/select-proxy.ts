import type { ProxyOption } from './options.js';
import { resolveProxyFromEnv } from './proxy-from-env.js';
import type { ProxyEnv } from './proxy-from-env.js';
import type { Target } from './target-url.js';

/**
 * The proxy to use for `target`, or undefined for a direct connection. `'env'` consults the
 * environment (see {@link resolveProxyFromEnv}); a URL must be `http:` or `https:`.
 * Throws a TypeError for any other proxy value (caller misuse, found at construction).
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
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`proxy scheme must be http: or https:; got ${url.protocol}`);
  }
  return url;
}
