/** What `buildUpgradeRequest` and `formatUpgradeRequest` need to write the client's opening handshake. */
export interface UpgradeRequestOptions {
  /** `Host` value: the authority, `host[:port]` (IPv6 in brackets), port omitted when default. */
  host: string;
  /** Request target: absolute path and optional query, starting with `/` (RFC 6455 §3 resource name). */
  path: string;
  /** `Sec-WebSocket-Key`, as made by `generateKey` (base64 of 16 random bytes). */
  key: string;
  /** `Origin` header, sent only when given (browsers always send it; other clients may). */
  origin?: string;
  /** Requested subprotocols, most preferred first; each an RFC 7230 token, no duplicates. */
  protocols?: readonly string[];
  /** `Sec-WebSocket-Extensions` value offered, e.g. from `formatPerMessageDeflateOffer`. */
  extensions?: string;
  /**
   * Extra headers. They may not repeat a header the handshake writes itself (`Host`, `Upgrade`,
   * `Connection`, `Sec-WebSocket-*`, nor `Origin`/`Authorization` when those options are set),
   * nor body framing headers (`Content-Length`, `Transfer-Encoding`), nor each other.
   */
  headers?: Readonly<Record<string, string>> | readonly (readonly [name: string, value: string])[];
  /** `Authorization` value, e.g. `Basic …` from URL credentials or `Bearer …`. */
  authorization?: string;
}
