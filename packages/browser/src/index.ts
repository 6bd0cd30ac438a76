/**
 * @weft/browser — `connect()` over the native WebSocket: reconnection, app-level heartbeat,
 * a bounded send queue and the chunk envelope for fragmentation.
 *
 * @packageDocumentation
 */
export { connect } from './connect.js';
export type { BrowserConnectOptions } from './connect-options.js';
export {
  WeftError,
  ProtocolError,
  HandshakeError,
  InvalidStateError,
  ConnectionClosedError,
  TimeoutError,
} from '@weft/core';
export type {
  ClientOptions,
  HeartbeatOptions,
  IterationOptions,
  ReconnectOptions,
  SendQueueOptions,
  SendData,
  MessageData,
  SocketEventMap,
  SocketEventName,
  SocketListener,
  SocketState,
  UrlSource,
  WeftSocket,
} from '@weft/core';
