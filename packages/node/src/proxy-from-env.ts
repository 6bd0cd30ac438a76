import { isIP } from 'node:net';

/** The environment variables read by {@link resolveProxyFromEnv}. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/**
 * The proxy URL for a connection to `hostname:port`, following curl's conventions:
 * `wss` uses `https_proxy`, `ws` uses `http_proxy`, both fall back to `all_proxy`; for each name
 * the lower-case variable wins over the upper-case one when both are set (as in curl and
 * Python's `urllib`). Returns `undefined` when no proxy applies or `no_proxy` excludes the host.
 * A value without a scheme (`proxy:3128`) is taken as `http://`.
 */
export function resolveProxyFromEnv(secure: boolean, hostname: string, port: number, env: ProxyEnv): string | undefined {
  if (isExcludedByNoProxy(hostname, port, readEnv(env, 'no_proxy') ?? '')) return undefined;
  const value = readEnv(env, secure ? 'https_proxy' : 'http_proxy') ?? readEnv(env, 'all_proxy');
  if (value === undefined) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

function readEnv(env: ProxyEnv, lowerName: string): string | undefined {
  const value = env[lowerName] ?? env[lowerName.toUpperCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * `NO_PROXY` matching: a comma- or space-separated list where `*` matches every host; an entry
 * matches the host itself and its subdomains (`example.com`, `.example.com` and `*.example.com`
 * all match `a.example.com`; the first two also match `example.com` itself); `host:port` restricts the
 * entry to one port; IP literals match exactly (IPv6 with or without brackets). Case-insensitive.
 */
export function isExcludedByNoProxy(hostname: string, port: number, noProxy: string): boolean {
  const host = normalizeHost(hostname);
  for (const raw of noProxy.split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') return true;
    const { entryHost, entryPort } = splitEntry(raw.toLowerCase());
    if (entryPort !== undefined && entryPort !== port) continue;
    if (entryHost === '') continue;
    if (isIP(entryHost) !== 0 || isIP(host) !== 0) {
      if (entryHost === host) return true;
      continue;
    }
    if (entryHost.startsWith('*.')) {
      if (host.endsWith(entryHost.slice(1))) return true;
    } else if (entryHost.startsWith('.')) {
      if (host === entryHost.slice(1) || host.endsWith(entryHost)) return true;
    } else if (host === entryHost || host.endsWith(`.${entryHost}`)) {
      return true;
    }
  }
  return false;
}

function splitEntry(entry: string): { entryHost: string; entryPort: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) {
    return { entryHost: bracketed[1], entryPort: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  }
  // A bare IPv6 literal contains colons but no port.
  if (isIP(entry) === 6) return { entryHost: entry, entryPort: undefined };
  const match = /^(.*?)(?::(\d+))?$/.exec(entry);
  const entryHost = normalizeHost(match?.[1] ?? entry);
  return { entryHost, entryPort: match?.[2] === undefined ? undefined : Number(match[2]) };
}

function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  const unbracketed = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}
