import type { Socket } from 'node:net';
import { ClientProtocol, PerMessageDeflate, ProtocolDriver } from '@weft/core';
import type { ProtocolDriverHandlers } from '@weft/core';
import { readsIntoSharedBuffer, setBorrowedReader } from './borrowed-reads.js';
import { nodeClock } from './node-clock.js';
import { nodePlatform, sharedMaskKeys } from './node-platform.js';
import { processRead } from './read-time.js';
import type { ResolvedOptions } from './options.js';
import type { OpenedConnection } from './perform-handshake.js';
import { SocketTransport } from './socket-transport.js';
import { ZlibDeflateCodec } from './zlib-deflate-codec.js';

/** What a connection needs besides the socket: the protocol limits and the deflate settings. */
export type ProtocolSettings = Pick<ResolvedOptions, 'maxFrameBytes' | 'maxMessageBytes' | 'maxFragments' | 'perMessageDeflate' | 'closeTimeoutMs' | 'debug'>;

const DRIVER = Symbol('weft.driver');

interface DrivenSocket extends Socket {
  [DRIVER]: ProtocolDriver;
}

// One set of listener functions for every socket (`this` is the socket) instead of five
// closures per connection: idle connections are what a server-side client holds by the thousand.
function onData(this: DrivenSocket, chunk: Uint8Array): void { processRead(receiveChunk, this, chunk); }
function receiveChunk(this: DrivenSocket, chunk: Uint8Array): void { this[DRIVER].receive(chunk); }
function readTarget(this: DrivenSocket, minBytes: number): Uint8Array | undefined { return this[DRIVER].payloadReadTarget(minBytes); }
function onEnd(this: DrivenSocket): void { this[DRIVER].receiveEnd(); }
function onError(this: DrivenSocket, error: Error): void { this[DRIVER].transportError(error); }
function onClose(this: DrivenSocket): void { this[DRIVER].transportClosed(); }

/**
 * Binds an opened socket to a new {@link ClientProtocol} (with permessage-deflate when it was
 * negotiated) through a {@link ProtocolDriver}: socket bytes, EOF, errors and close go to the
 * driver; `onDrain` is called on the socket's `drain`. Returns the driver and the transport
 * (whose `pendingBytes` count toward `bufferedAmount`), and the protocol (for its per-connection
 * settings, such as how payloads are copied). The socket stays paused: the caller
 * delivers `opened.head` (RFC 6455 §4.1: bytes after the 101 are already frames) and resumes it.
 */
export function attachProtocol(opened: OpenedConnection, settings: ProtocolSettings, handlers: ProtocolDriverHandlers,
  onDrain: () => void): { driver: ProtocolDriver; transport: SocketTransport; protocol: ClientProtocol } {
  const negotiated = opened.outcome.extensions[0];
  const deflate = settings.perMessageDeflate;
  const extension = negotiated === undefined || deflate === undefined ? undefined
    : new PerMessageDeflate({ codec: new ZlibDeflateCodec(), agreement: negotiated.agreement, thresholdBytes: deflate.thresholdBytes });
  const socket = opened.socket as DrivenSocket;
  const borrowedInput = readsIntoSharedBuffer(socket);
  const protocol = new ClientProtocol({
    platform: nodePlatform,
    borrowedInput,
    maskKeys: sharedMaskKeys,
    ...(settings.maxFrameBytes === undefined ? {} : { maxFrameBytes: settings.maxFrameBytes }),
    maxMessageBytes: settings.maxMessageBytes,
    pauseAfterMessage: true,
    ...(settings.maxFragments === undefined ? {} : { maxFragments: settings.maxFragments }),
    ...(extension === undefined ? {} : { extension }),
    ...(settings.debug === undefined ? {} : { onDebug: settings.debug }),
  });
  const transport = new SocketTransport(socket);
  const driver = new ProtocolDriver(protocol, transport, nodeClock, handlers,
    { closeTimeoutMs: settings.closeTimeoutMs });
  socket[DRIVER] = driver;
  // Reads go straight from the shared buffer (or a big payload's own) to the driver; `data`
  // still carries what the handshake left in the socket's readable side.
  if (borrowedInput) setBorrowedReader(socket, onData, readTarget);
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('error', onError);
  socket.on('close', onClose);
  socket.on('drain', onDrain);
  return { driver, transport, protocol };
}
