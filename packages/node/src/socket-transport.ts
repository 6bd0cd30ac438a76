import type { Socket } from 'node:net';
import type { ByteTransport } from '@weft/core';

/**
 * Core's {@link ByteTransport} over a `net.Socket` (or `tls.TLSSocket`). A batch of chunks —
 * typically a frame header and its payload — is written under cork/uncork, so Node hands them to
 * the kernel in one `writev` without concatenating them first.
 */
export class SocketTransport implements ByteTransport {
  readonly #socket: Socket;

  constructor(socket: Socket) {
    this.#socket = socket;
  }

  /** Writes the chunks as one batch; false when the socket is above its high-water mark. */
  write(chunks: readonly Uint8Array[]): boolean {
    const socket = this.#socket;
    if (socket.destroyed) return true;
    if (chunks.length === 1) return socket.write(chunks[0]);
    socket.cork();
    let writable = true;
    for (const chunk of chunks) writable = socket.write(chunk);
    socket.uncork();
    return writable;
  }

  /** Sends FIN after pending writes (TCP half-close). */
  end(): void {
    this.#socket.end();
  }

  /** Closes the socket now, dropping pending writes. */
  destroy(): void {
    this.#socket.destroy();
  }

  /** Stops reading from the socket (TCP backpressure toward the server). */
  pause(): void {
    this.#socket.pause();
  }

  /** Resumes reading. */
  resume(): void {
    this.#socket.resume();
  }
}
