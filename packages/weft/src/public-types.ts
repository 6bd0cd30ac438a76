/** Types of `connect()` and the socket it returns, identical in the Node and browser builds. */
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
