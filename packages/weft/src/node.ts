/**
 * `weft` for Node (ESM `import` and CJS `require`): `connect()` and a WHATWG-compatible
 * `WebSocket` implemented over `node:net`/`node:tls`, with proxies, redirects and
 * permessage-deflate.
 *
 * @packageDocumentation
 */
export { connect, WebSocket } from '@weft/node';
export type {
  NodeConnectOptions as ConnectOptions,
  WebSocketOptions,
  PerMessageDeflateOptions,
  ProxyOption,
  HandshakeResponse,
  BinaryType,
} from '@weft/node';
export * from './errors.js';
export type * from './public-types.js';

/** Which build of `weft` was loaded: `'node'` here, `'browser'` in the browser build. */
export const runtime = 'node' as 'browser' | 'node';
