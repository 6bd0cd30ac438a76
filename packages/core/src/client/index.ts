export { createClient } from './create-client.js';
export { DRAIN_POLL_MS } from './client-engine.js';
export type { WeftSocket } from './weft-socket.js';
export { protocolRuntime, socketRuntime } from './client-runtime.js';
export type { ClientRuntime } from './client-runtime.js';
export { createReadFlow } from './read-flow.js';
export type { ReadFlow } from './read-flow.js';
export type { CloseDescriber } from './close-cause.js';
export type { ClientOptions, HeartbeatOptions, IterationOptions, UrlSource } from './client-options.js';
export { isPongByDefault } from './client-options.js';
export type {
  ClientControl,
  Connection,
  ConnectionCloseEvent,
  ConnectionFactory,
  ConnectionHandlers,
} from './connection.js';
export type { SocketEventMap, SocketEventName, SocketListener, SocketState } from './socket-events.js';
export type { SendData } from './outgoing-message.js';
export { snapshotMessage } from './outgoing-message.js';
export { validateCloseArguments } from './close-arguments.js';
