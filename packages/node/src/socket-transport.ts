import type { Socket } from 'node:net';
import type { ByteTransport } from '@weft/core';
import { takeRecycler } from './frame-buffer-pool.js';

/**
 * Chunks up to this size are copied into a shared slab and written together once per tick:
 * copying a frame of a few KiB costs far less than the syscall or `writev` entry it saves
 * (measured: 16 B and 1 KiB uploads, one write per message → one write per ~64 KiB).
 */
const COPY_MAX_BYTES = 16 * 1024;

/** Size of a slab; when its free tail is too short for a chunk, a new one starts. */
const SLAB_BYTES = 64 * 1024;

/**
 * The slab every transport of the process appends to: an idle connection holds no write buffer
 * of its own. Bytes once appended are never overwritten (a full slab is replaced, not reused), so
 * regions handed to sockets stay valid for as long as the sockets hold them.
 */
const shared: { slab: Buffer | undefined; filled: number } = { slab: undefined, filled: 0 };

/**
 * Core's {@link ByteTransport} over a `net.Socket` (or `tls.TLSSocket`), writing in batches.
 *
 * Small chunks (frames of small messages, headers of big ones) are appended to a process-wide
 * slab and handed to the socket once, on `process.nextTick` of the tick that wrote them — so a
 * burst of `send()` calls costs one write, and a lone message (an echo answered from a `message`
 * handler) still leaves within the same tick. A transport's pending bytes are one contiguous
 * region of the slab: when another connection appended in between, the region is written first.
 * Big chunks go to the socket as they are (no copy), after the pending bytes, under cork so
 * consecutive chunks reach the kernel in one `writev`; a frame buffer from the frame pool is
 * returned to it when its write completes.
 */
export class SocketTransport implements ByteTransport {
  readonly #socket: Socket;
  /** The slab holding this transport's pending region, if any. */
  #slab: Buffer | undefined;
  #pendingStart = 0;
  #pendingEnd = 0;
  #flushScheduled = false;

  constructor(socket: Socket) {
    this.#socket = socket;
  }

  /** Bytes accepted by {@link write} that the socket has not been given yet (at most one tick). */
  get pendingBytes(): number {
    return this.#pendingEnd - this.#pendingStart;
  }

  /**
   * Queues the chunks in order; false when the socket is above its high-water mark (wait for
   * its `drain`). Small chunks leave on the next `process.nextTick` at the latest.
   */
  write(chunks: readonly Uint8Array[]): boolean {
    const socket = this.#socket;
    if (socket.destroyed) return true;
    let corked = false;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i];
      const length = chunk.byteLength;
      if (length <= COPY_MAX_BYTES) {
        this.#append(chunk, length);
        continue;
      }
      if (!corked && (i + 1 < chunks.length || this.#pendingEnd > this.#pendingStart)) {
        socket.cork();
        corked = true;
      }
      this.flush();
      // A pooled frame buffer goes back to the pool once the socket is done with its bytes.
      const recycler = takeRecycler(chunk);
      if (recycler === undefined) {
        socket.write(chunk);
      } else {
        socket.write(chunk, recycler);
        // Nothing pending: the kernel took every byte synchronously and the buffer is free now.
        // A sender that keeps writing without yielding (the callback only runs on the next tick)
        // then reuses one warm buffer instead of faulting in fresh memory for every message.
        if (socket.writableLength === 0) recycler.releaseNow();
      }
    }
    if (corked) socket.uncork();
    if (this.#pendingEnd > this.#pendingStart && !this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(flushTransport, this);
    }
    return !socket.writableNeedDrain;
  }

  /** Hands the pending small chunks to the socket now. */
  flush(): void {
    const start = this.#pendingStart;
    const end = this.#pendingEnd;
    if (end === start) return;
    const slab = this.#slab as Buffer;
    this.#slab = undefined;
    this.#pendingStart = this.#pendingEnd = 0;
    const socket = this.#socket;
    if (!socket.destroyed) socket.write(slab.subarray(start, end));
  }

  /** Sends FIN after pending writes (TCP half-close). */
  end(): void {
    this.flush();
    this.#socket.end();
  }

  /** Closes the socket now, dropping pending writes. */
  destroy(): void {
    this.#slab = undefined;
    this.#pendingStart = this.#pendingEnd = 0;
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

  #append(chunk: Uint8Array, length: number): void {
    let slab = shared.slab;
    if (slab === undefined || shared.filled + length > SLAB_BYTES) {
      slab = shared.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      shared.filled = 0;
    }
    const at = shared.filled;
    // The pending region must stay contiguous: if the slab changed or another transport
    // appended after it, write it now and start a new one here.
    if (this.#pendingEnd !== this.#pendingStart && (this.#slab !== slab || this.#pendingEnd !== at)) this.flush();
    if (this.#pendingEnd === this.#pendingStart) {
      this.#slab = slab;
      this.#pendingStart = at;
    }
    if (length < 64) {
      for (let i = 0; i < length; i++) slab[at + i] = chunk[i];
    } else {
      slab.set(chunk, at);
    }
    shared.filled = this.#pendingEnd = at + length;
  }

  /** @internal The nextTick flush. */
  flushScheduled(): void {
    this.#flushScheduled = false;
    this.flush();
  }
}

function flushTransport(transport: SocketTransport): void {
  transport.flushScheduled();
}
