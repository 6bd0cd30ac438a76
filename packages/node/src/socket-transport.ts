import type { Socket } from 'node:net';
import type { ByteTransport } from '@weft/core';

/**
 * Batches up to this many bytes are joined into one buffer and written with one `write`: the
 * copy costs less than a `writev` request (measured: about 30% faster echo of 64-byte and
 * 16 KiB messages). Bigger batches go out under cork/uncork as one `writev`, without copying.
 */
const COALESCE_MAX_BYTES = 64 * 1024;

/**
 * Core's {@link ByteTransport} over a `net.Socket` (or `tls.TLSSocket`). A batch of chunks —
 * typically a frame header and its payload — reaches the kernel in one system call.
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
    let total = 0;
    for (const chunk of chunks) total += chunk.byteLength;
    if (total <= COALESCE_MAX_BYTES) return socket.write(Buffer.concat(chunks, total));
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
