/**
 * `weft` for browsers, bundlers, Deno, Bun, workers and React Native: `connect()` over the
 * platform's native `WebSocket`, with reconnection, heartbeat, send queue and chunking.
 *
 * @packageDocumentation
 */
export { connect } from '@weft/browser';
export type { BrowserConnectOptions as ConnectOptions } from '@weft/browser';
export * from './errors.js';
export type * from './public-types.js';

/**
 * The platform's own WebSocket class (`globalThis.WebSocket`), re-exported so that code written
 * against `import { WebSocket } from 'weft'` runs unchanged everywhere. In Node, `weft` exports
 * its own RFC 6455 implementation under the same name.
 */
export const WebSocket: typeof globalThis.WebSocket = globalThis.WebSocket;

/** Which build of `weft` was loaded: `'browser'` here, `'node'` in the Node build. */
export const runtime = 'browser' as 'browser' | 'node';
