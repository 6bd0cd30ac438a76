import type { Socket } from 'node:net';
import type { ByteTransport } from '@weft/core';
import { takeRecycler, type Recycler } from './frame-buffer-pool.js';
import { noteWrittenOut, reserveInWriteSlab, WRITE_SLAB_PIECE_MAX_BYTES, writeSlab } from './write-slab.js';

/**
 * V8 keeps the bytes of a typed array up to this size on its heap, and gives it an ArrayBuffer
 * only when asked for one (`.buffer`), at a cost.
 */
const ON_HEAP_TYPED_ARRAY_MAX_BYTES = 64;

/**
 * Queued bytes from which a write goes to the socket at once instead of on the next tick: it
 * bounds what one tick holds back, so a sender looping on `bufferedAmount` sees it grow.
 */
const FLUSH_AT_BYTES = 256 * 1024;

/**
 * A chunk this big (a whole frame, or the payload of a frame whose header came apart, of 64 KiB or
 * more) goes to the socket at once, with whatever the tick queued before it, instead of waiting to
 * share a `writev` with the frames of the next messages: a peer that parses what it reads (a `ws`
 * server) starts on it sooner (+5 to +24 % there), while a syscall per chunk this size costs a peer
 * that only counts bytes a few percent at most. Smaller chunks keep gathering. Measured both ways
 * in docs/BENCHMARKS.md ("An independent harness against a `ws` server", 2026-12-07).
 */
const WRITE_AT_ONCE_BYTES = 64 * 1024;

/** The empty write whose callback tells that a batch before it is written. */
const NOTHING = new Uint8Array(0);

/**
 * Core's {@link ByteTransport} over a `net.Socket` (or `tls.TLSSocket`), writing in batches.
 *
 * Everything written in one tick leaves together, on `process.nextTick` of that tick — or at once
 * when {@link FLUSH_AT_BYTES} have gathered or a chunk of {@link WRITE_AT_ONCE_BYTES} is queued —
 * under cork, so the kernel gets one `writev` for a burst of smaller `send()` calls instead of a
 * syscall per message, and a lone message (an echo answered from a `message` handler) still
 * leaves within its tick.
 * Small chunks (frames of small messages, headers sent apart from big payloads) are copied into
 * a process-wide slab (a frame the Node platform built there, see `allocateInWriteSlab`, is not
 * copied but taken where it lies); a transport's small chunks are one contiguous region of it
 * until a chunk does not start where the region ends (another connection appended in between, or
 * frames were built in one order and written in another): the region is then queued and a new
 * one starts.
 * Big chunks are queued as they are (no copy); a frame buffer from the frame
 * pool is returned to it once written — at once when the kernel took every byte synchronously.
 */
export class SocketTransport implements ByteTransport {
  /** A socket reports what it reads, and its errors, from the event loop: never inside `write`. */
  readonly writesWithoutReentry = true;
  readonly #socket: Socket;
  /** The slab holding this transport's open region of small chunks, if any. */
  #slab: Buffer | undefined;
  #pendingStart = 0;
  #pendingEnd = 0;
  /** Chunks waiting for the flush, in order (closed slab regions and big chunks); lazily made. */
  #queue: Uint8Array[] | undefined;
  /** The frame-pool recyclers of queued chunks (undefined for the others), parallel to #queue. */
  #recyclers: (Recycler | undefined)[] | undefined;
  #queuedBytes = 0;
  #flushScheduled = false;

  constructor(socket: Socket) {
    this.#socket = socket;
  }

  /** Bytes accepted by {@link write} that the socket has not been given yet (at most one tick). */
  get pendingBytes(): number {
    return this.#queuedBytes + this.#pendingEnd - this.#pendingStart;
  }

  /**
   * Queues the chunks in order; false when the socket is above its high-water mark (wait for
   * its `drain`). They leave on the next `process.nextTick` at the latest.
   */
  write(chunks: readonly Uint8Array[]): boolean {
    const socket = this.#socket;
    if (socket.destroyed) return true;
    let atOnce = false;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i];
      const length = chunk.byteLength;
      if (length <= WRITE_SLAB_PIECE_MAX_BYTES) {
        this.#append(chunk, length);
      } else {
        this.#closeRegion();
        (this.#queue ??= []).push(chunk);
        // A pooled frame buffer goes back to the pool once the socket is done with its bytes.
        (this.#recyclers ??= []).push(takeRecycler(chunk));
        this.#queuedBytes += length;
        if (length >= WRITE_AT_ONCE_BYTES) atOnce = true;
      }
    }
    if (atOnce || this.pendingBytes >= FLUSH_AT_BYTES) this.flush();
    else if (this.pendingBytes > 0 && !this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(flushTransport, this);
    }
    return !socket.writableNeedDrain;
  }

  /** Hands every pending chunk to the socket now, in one `writev` when there are several. */
  flush(): void {
    if (this.#queue === undefined) {
      // The usual case, small chunks only: one write of the open region, no queue at all.
      const region = this.#takeRegion();
      if (region === undefined || this.#socket.destroyed) return;
      this.#socket.write(region);
      if (this.#socket.writableLength === 0) noteWrittenOut(region);
      return;
    }
    this.#closeRegion();
    const queue = this.#queue;
    const recyclers = this.#recyclers as (Recycler | undefined)[];
    this.#queue = this.#recyclers = undefined;
    this.#queuedBytes = 0;
    const socket = this.#socket;
    if (socket.destroyed) return;
    const batched = queue.length > 1;
    if (batched) {
      // One writev, without callbacks: Node runs those of a corked batch through one closure that
      // holds every chunk of the batch until the next tick, even when the kernel took them at
      // once, and a sender that never yields would keep each batch's frames alive that long.
      socket.cork();
      for (let i = 0; i < queue.length; i++) socket.write(queue[i]);
      socket.uncork();
    } else if (recyclers[0] === undefined) {
      socket.write(queue[0]);
    } else {
      socket.write(queue[0], recyclers[0]);
    }
    // Nothing pending: the kernel took every byte synchronously and the buffers are free now. A
    // sender that keeps writing without yielding (write callbacks only run on the next tick) then
    // reuses warm buffers instead of faulting in fresh memory for every message.
    if (socket.writableLength === 0) {
      for (let i = 0; i < queue.length; i++) {
        const recycler = recyclers[i];
        if (recycler === undefined) noteWrittenOut(queue[i]);
        else recycler.releaseNow();
      }
    } else if (batched && recyclers.some((recycler) => recycler !== undefined)) {
      // A socket writes in order: once an empty write queued after the batch is done, so is the
      // batch, and its frame buffers go back to the pool (dropped after an error). Node may send
      // that empty write together with the next batch, so the buffers can come back a batch late.
      // On TLS, whose socket always holds a write when `write` returns, every batch with a frame
      // buffer takes this path (one zero-byte write more).
      socket.write(NOTHING, (error) => {
        for (let i = 0; i < recyclers.length; i++) recyclers[i]?.(error);
      });
    }
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
    this.#queue = this.#recyclers = undefined;
    this.#queuedBytes = 0;
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

  /** The open slab region as a view, now closed; or undefined. Its bytes stay as they are until a socket has taken them. */
  #takeRegion(): Buffer | undefined {
    const start = this.#pendingStart;
    const end = this.#pendingEnd;
    if (end === start) return undefined;
    const region = (this.#slab as Buffer).subarray(start, end);
    this.#slab = undefined;
    this.#pendingStart = this.#pendingEnd = 0;
    return region;
  }

  /** Moves the open slab region, if any, to the queue. */
  #closeRegion(): void {
    const region = this.#takeRegion();
    if (region === undefined) return;
    (this.#queue ??= []).push(region);
    (this.#recyclers ??= []).push(undefined);
    this.#queuedBytes += region.length;
  }

  #append(chunk: Uint8Array, length: number): void {
    const current = writeSlab.memory;
    // Only a chunk over 64 bytes can be such a piece (core allocates smaller frames itself), and
    // reading `.buffer` of a smaller typed array would move its bytes off V8's heap into an
    // ArrayBuffer made for the purpose: upload binary 16 B ran at a third of its rate.
    if (length > ON_HEAP_TYPED_ARRAY_MAX_BYTES && current !== undefined && chunk.buffer === current.buffer) {
      // Carved from the write slab by allocateInWriteSlab: in place already, no copy.
      this.#extendRegion(current, chunk.byteOffset, length);
      return;
    }
    const at = reserveInWriteSlab(length);
    const slab = writeSlab.memory as Buffer;
    if (length < 64) {
      for (let i = 0; i < length; i++) slab[at + i] = chunk[i];
    } else {
      slab.set(chunk, at);
    }
    this.#extendRegion(slab, at, length);
  }

  /** Adds the `length` bytes at `at` of `slab` to the open region, or opens a new one there. */
  #extendRegion(slab: Buffer, at: number, length: number): void {
    // The open region must stay contiguous: if the slab changed or another transport appended
    // after it, it is closed (queued as it is) and a new one starts here.
    if (this.#pendingEnd !== this.#pendingStart && (this.#slab !== slab || this.#pendingEnd !== at)) this.#closeRegion();
    if (this.#pendingEnd === this.#pendingStart) {
      this.#slab = slab;
      this.#pendingStart = at;
    }
    this.#pendingEnd = at + length;
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
