import type { Socket } from 'node:net';
import { HandshakeError } from '@weft/core';
import type { CancelSignal } from './cancellation.js';

/**
 * Feeds socket chunks to `push` until it returns a result (a parsed response head), then pauses
 * the socket so no later byte is lost before the next reader attaches. Rejects with what `push`
 * throws, with `ERR_HANDSHAKE_EOF` when the peer closes first, or with `signal.reason` on abort.
 */
export function readUntil<T>(socket: Socket, push: (chunk: Uint8Array) => T | undefined, signal: CancelSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Uint8Array): void => {
      let result: T | undefined;
      try {
        result = push(chunk);
      } catch (error) {
        fail(error);
        return;
      }
      if (result === undefined) return;
      socket.pause();
      cleanup();
      resolve(result);
    };
    const onEnd = (): void => fail(new HandshakeError('ERR_HANDSHAKE_EOF', 'connection closed before the response head was complete'));
    const onError = (error: Error): void => fail(error);
    const onAbort = (): void => fail(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.resume();
  });
}

/** Where {@link readBody} puts body bytes; `push` returns true once it wants no more. */
export interface BodySink {
  push(chunk: Uint8Array): boolean;
}

/**
 * Feeds a response body to `sink`, starting with `initial` (the bytes after the head): stops
 * when the sink is satisfied, at EOF, after `idleMs` without data, `deadlineMs` after the start,
 * or on abort. Never rejects: the body only decorates an error that is already decided.
 * Destroys the socket when done.
 */
export function readBody(
  socket: Socket,
  initial: Uint8Array,
  sink: BodySink,
  timing: { readonly idleMs: number; readonly deadlineMs: number },
  signal: CancelSignal,
): Promise<void> {
  if ((initial.byteLength > 0 && sink.push(initial)) || socket.destroyed || signal.aborted) {
    socket.destroy();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    let idle = setTimeout(done, timing.idleMs);
    const deadline = setTimeout(done, timing.deadlineMs);
    function done(): void {
      clearTimeout(idle);
      clearTimeout(deadline);
      socket.off('data', onData);
      socket.off('end', done);
      socket.off('close', done);
      socket.off('error', done);
      signal.removeEventListener('abort', done);
      socket.destroy();
      resolve();
    }
    function onData(chunk: Uint8Array): void {
      if (sink.push(chunk)) {
        done();
        return;
      }
      clearTimeout(idle);
      idle = setTimeout(done, timing.idleMs);
    }
    socket.on('data', onData);
    socket.once('end', done);
    socket.once('close', done);
    socket.once('error', done);
    signal.addEventListener('abort', done, { once: true });
    socket.resume();
  });
}
