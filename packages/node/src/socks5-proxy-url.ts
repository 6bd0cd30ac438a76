/** The URL schemes that select a SOCKS5 proxy: `socks5h:` resolves host names at the proxy. */
export const SOCKS5_SCHEMES: ReadonlySet<string> = new Set(['socks5:', 'socks5h:']);

/** RFC 1929 §2 credentials as the bytes that go on the wire. */
export interface SocksCredentials {
  readonly username: Uint8Array;
  readonly password: Uint8Array;
}

/**
 * The username/password of a `socks5://user:pass@host` URL, percent-decoded and UTF-8 encoded,
 * or undefined when the URL has none. RFC 1929 §2 gives each field 1..255 bytes: anything else
 * throws a TypeError (caller misuse, found when the proxy is selected at construction).
 */
export function readSocksCredentials(proxy: URL): SocksCredentials | undefined {
  if (proxy.username === '' && proxy.password === '') return undefined;
  const username = Buffer.from(decodeURIComponent(proxy.username), 'utf8');
  const password = Buffer.from(decodeURIComponent(proxy.password), 'utf8');
  for (const [name, bytes] of [['username', username], ['password', password]] as const) {
    if (bytes.byteLength < 1 || bytes.byteLength > 255) {
      throw new TypeError(`SOCKS5 proxy ${name} is ${bytes.byteLength} bytes; RFC 1929 allows 1..255`);
    }
  }
  return { username, password };
}
