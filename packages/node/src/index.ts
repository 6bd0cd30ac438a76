/**
 * @weft/node — Weft's RFC 6455 WebSocket client for Node: a WHATWG-compatible `WebSocket` over
 * `net`/`tls` with a hand-written Upgrade, proxies (explicit or from the environment), redirects
 * without credential leaks, and permessage-deflate on `node:zlib` with a bounded inflate.
 *
 * @packageDocumentation
 */
export { WebSocket } from './websocket.js';
export { connect } from './connect.js';
export type { NodeConnectOptions } from './connect.js';
export type { HandshakeResponse } from './websocket.js';
export { MessageEvent, CloseEvent, ErrorEvent } from './events.js';
export type { BinaryType } from './binary-data.js';
export { DEFAULTS } from './options.js';
export type { WebSocketOptions, PerMessageDeflateOptions, ProxyOption } from './options.js';
export { resolveProxyFromEnv, isExcludedByNoProxy } from './proxy-from-env.js';
export type { ProxyEnv } from './proxy-from-env.js';
export { ZlibDeflateCodec } from './zlib-deflate-codec.js';
export { nodePlatform } from './node-platform.js';
export { nodeClock } from './node-clock.js';
export {
  WeftError, ProtocolError, HandshakeError, InvalidStateError, ConnectionClosedError, TimeoutError,
} from '@weft/core';
