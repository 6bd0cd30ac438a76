import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { borrowedReadOptions, markBorrowingSocket } from './borrowed-reads.js';
import type { CancelSignal } from './cancellation.js';

/**
 * Opens a TCP connection (DNS included) to `host:port`. Rejects with the socket error, or with
 * `signal.reason` when the signal aborts first (the socket is destroyed then). `sharedReads`
 * makes it read into the process's shared buffer (see {@link borrowedReadOptions}): only for a
 * socket that will carry WebSocket frames itself, never one that TLS will wrap (TLS reads the
 * socket's handle itself).
 */
export function dialTcp(host: string, port: number, signal: CancelSignal, sharedReads = false): Promise<Socket> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const socket = sharedReads ? netConnect({ host, port, onread: borrowedReadOptions() }) : netConnect({ host, port });
  if (sharedReads) markBorrowingSocket(socket);
  return awaitSocket(socket, 'connect', signal);
}

/**
 * Starts TLS — over `options.socket` when given (a proxy tunnel), else on a new connection — and
 * resolves once the handshake succeeded and the certificate was verified (`secureConnect`).
 * `sharedReads` makes the TLS socket hand its decrypted bytes over in the process's shared buffer
 * (see {@link borrowedReadOptions}) instead of a new 16 KiB buffer per TLS record; Node honours
 * `onread` only for a connection TLS opens itself, so not over a tunnel.
 */
export function dialTls(options: ConnectionOptions, signal: CancelSignal, sharedReads = false): Promise<TLSSocket> {
  if (signal.aborted) {
    options.socket?.destroy();
    return Promise.reject(signal.reason);
  }
  const borrowing = sharedReads && options.socket === undefined;
  // Documented for tls.connect (Node 20 and later) but missing from @types/node's ConnectionOptions.
  const withSharedReads: ConnectionOptions & { onread?: ReturnType<typeof borrowedReadOptions> } = borrowing
    ? { ...options, onread: borrowedReadOptions() }
    : options;
  const socket = tlsConnect(withSharedReads);
  if (borrowing) markBorrowingSocket(socket);
  return awaitSocket(socket, 'secureConnect', signal);
}

/**
 * Resolves with `socket` on `readyEvent`; rejects on `error`, on an early `close`, or on abort.
 * Every listener added here is removed again, whatever happens.
 */
export function awaitSocket<S extends Socket>(socket: S, readyEvent: string, signal: CancelSignal): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const cleanup = (): void => {
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const onReady = (): void => {
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    };
    const onError = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(Object.assign(new Error(`socket closed before ${readyEvent}`), { code: 'ECONNRESET' }));
    };
    const onAbort = (): void => {
      cleanup();
      socket.destroy();
      reject(signal.reason);
    };
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
    socket.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
