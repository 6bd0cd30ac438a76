import { Buffer } from 'node:buffer';
import { createMaskArena } from '@weft/core';
import { frameClassBytes } from './frame-size-class.js';
import { IdleBuffers } from './idle-buffers.js';

/**
 * Bytes of one arena: the frames of two 16 MiB messages and more besides (as much again as the
 * pool may keep in idle heap buffers). Only the pages frames have used are resident.
 */
export const FRAME_ARENA_BYTES = 40 * 1024 * 1024;

/**
 * An arena holding more idle pieces than this at a release, more than frames reused from idle
 * pieces in the period, is let go even while in use: a burst of big frames followed by a trickle
 * does not keep the burst's memory for good, while many connections streaming big messages (many
 * pieces idle at any moment, all of them reused) keep their arena.
 */
const ARENA_MAX_IDLE_BYTES = FRAME_ARENA_BYTES / 2;

/** Longer frames are not carved from an arena: one would leave room for no other. */
export const ARENA_MAX_FRAME_BYTES = FRAME_ARENA_BYTES / 2;

/**
 * Shorter frames are not carved from an arena. Masking in place saves 16–37 % of the masking time
 * (64 KiB 2.9 → 2.2 µs, 256 KiB 16.9 → 11.5, 1 MiB 78 → 49, 16 MiB 1.80 → 1.51 ms), but at 64 KiB
 * the bookkeeping and the full GC that a new arena starts cost as much again (upload binary
 * 64 KiB, medians of the paired user-CPU ratios: 1.09, 1.13, 1.03, and 1.07 on Node 24), while
 * from 1 MiB the client's user CPU fell by 16–23 % (Node 20; 1–11 % on Node 24).
 */
export const ARENA_MIN_FRAME_BYTES = 256 * 1024;

/** The arena that owns each arena's memory, for pieces coming back from a socket. */
const arenas = new WeakMap<ArrayBufferLike, FrameArena>();

/**
 * Frame buffers carved from a mask arena of core (`createMaskArena`): WebAssembly memory that
 * core's masking XORs where it lies, where a buffer of the heap is masked through a 64 KiB window
 * (copied in, XORed, copied out). Pieces are carved in order, each of its size class
 * ({@link frameClassBytes}), and never carved again: a piece that comes back from the socket waits
 * among the idle ones for a frame of its class, which gets a view of the piece of its own length.
 * When the pool lets idle buffers go, it keeps an arena that served frames since the last time,
 * never lacked room and holds few idle pieces or reuses them ({@link ARENA_MAX_IDLE_BYTES}; a sender streaming
 * messages keeps warm memory, and V8 starts a full GC for every new arena's external memory), and
 * drops any other whole: pieces still being written keep its memory alive until they are done
 * (one stalled write keeps the whole arena), and nothing ever writes into them again.
 */
export class FrameArena {
  readonly #bytes: Uint8Array;
  #used = 0;
  /** Pieces handed out and not yet claimed for a write, by the offset where each view handed out ends. */
  readonly #issued = new Map<number, Buffer>();
  /**
   * Pieces back from the socket, by piece size: each the view its last frame had (a frame of the
   * same length takes it as it is, one of another length a new view of the same memory).
   */
  readonly #idle = new IdleBuffers();
  /**
   * Since the last {@link keepsThrough}: whether {@link take} was called, and the bytes it took
   * from idle pieces; and whether a piece ever failed to fit.
   */
  #taken = false;
  #reusedBytes = 0;
  #overflowed = false;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    arenas.set(bytes.buffer, this);
  }

  /** A new arena, or undefined where core cannot make one (no WebAssembly SIMD, memory refused). */
  static create(): FrameArena | undefined {
    const bytes = createMaskArena(FRAME_ARENA_BYTES);
    return bytes === undefined ? undefined : new FrameArena(bytes);
  }

  /** The arena `memory` belongs to, or undefined for any other memory. */
  static of(memory: ArrayBufferLike): FrameArena | undefined {
    return arenas.get(memory);
  }

  /** Bytes of idle pieces. */
  get idleBytes(): number {
    return this.#idle.bytes;
  }

  /** A piece of exactly `length` bytes (garbage inside): an idle one, else a new one, else undefined (full). */
  take(length: number): Buffer | undefined {
    this.#taken = true;
    const bytes = frameClassBytes(length);
    const piece = this.#takeIdle(bytes, length) ?? this.#carve(bytes, length);
    if (piece === undefined) this.#overflowed = true;
    else this.#issued.set(piece.byteOffset + length, piece);
    return piece;
  }

  /**
   * Asked when the pool releases idle buffers: true to keep this arena for another period (it
   * served frames since the last time, every one fitted, and its idle pieces are few or being
   * reused), false to drop it.
   */
  keepsThrough(): boolean {
    const idleBytes = this.#idle.bytes;
    const idleInUse = idleBytes <= ARENA_MAX_IDLE_BYTES || idleBytes <= this.#reusedBytes;
    const keep = this.#taken && !this.#overflowed && idleInUse;
    this.#taken = false;
    this.#reusedBytes = 0;
    return keep;
  }

  /**
   * The piece that `chunk` (a piece, or the last view of one) ends, now claimed: a later chunk
   * ending there does not claim it again until it has been taken anew. Undefined otherwise.
   */
  claim(chunk: Uint8Array): Buffer | undefined {
    const end = chunk.byteOffset + chunk.byteLength;
    const piece = this.#issued.get(end);
    if (piece !== undefined) this.#issued.delete(end);
    return piece;
  }

  /** Puts a piece the socket is done with among the idle ones. */
  putIdle(piece: Buffer): void {
    this.#idle.put(frameClassBytes(piece.length), piece);
  }

  #takeIdle(bytes: number, length: number): Buffer | undefined {
    const piece = this.#idle.takeViewOf(bytes, length);
    if (piece !== undefined) this.#reusedBytes += bytes;
    return piece;
  }

  #carve(bytes: number, length: number): Buffer | undefined {
    const start = this.#used;
    if (start + bytes > this.#bytes.length) return undefined;
    this.#used = start + bytes;
    return Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset + start, length);
  }
}
