import { Buffer } from 'node:buffer';
import { createMaskArena } from '@weft/core';

/**
 * Bytes of one arena: the frames of two 16 MiB messages and more besides (as much again as the
 * pool may keep in idle heap buffers). Only the pages frames have used are resident.
 */
export const FRAME_ARENA_BYTES = 40 * 1024 * 1024;

/**
 * An arena holding more idle pieces than this at a release is let go even while in use: a burst
 * of big frames followed by a trickle does not keep the burst's memory for good.
 */
const ARENA_MAX_IDLE_BYTES = FRAME_ARENA_BYTES / 2;

/** Longer frames are not carved from an arena: one would leave room for no other. */
export const ARENA_MAX_FRAME_BYTES = FRAME_ARENA_BYTES / 2;

/**
 * Shorter frames are not carved from an arena. Masking in place saves a third of the masking time
 * at any size (64 KiB 2.9 → 2.2 µs, 256 KiB 16.9 → 11.5), but at 64 KiB the bookkeeping and the
 * full GC that a new arena starts cost as much again (upload binary 64 KiB: user CPU 3–13 % more
 * in four A/Bs), while from 1 MiB the client's CPU falls by 9–21 %.
 */
export const ARENA_MIN_FRAME_BYTES = 256 * 1024;

/** Pieces start on this boundary (the SIMD loop's 64-byte step: no piece shares a cache line). */
const PIECE_ALIGN_BYTES = 64;

/** The arena that owns each arena's memory, for pieces coming back from a socket. */
const arenas = new WeakMap<ArrayBufferLike, FrameArena>();

/**
 * Frame buffers carved from a mask arena of core (`createMaskArena`): WebAssembly memory that
 * core's masking XORs where it lies, where a buffer of the heap is masked through a 64 KiB window
 * (copied in, XORed, copied out). Pieces are carved in order and never carved again: a piece
 * that comes back from the socket waits among the idle ones for a frame of its exact length.
 * When the pool lets idle buffers go, it keeps an arena that served frames since the last time,
 * never lacked room and holds at most {@link ARENA_MAX_IDLE_BYTES} idle (a sender streaming
 * messages keeps warm memory, and V8 starts a full GC for every new arena's external memory), and
 * drops any other whole: pieces still being written keep its memory alive until they are done
 * (one stalled write keeps the whole arena), and nothing ever writes into them again.
 */
export class FrameArena {
  readonly #bytes: Uint8Array;
  #used = 0;
  /** Pieces handed out and not yet claimed for a write, by the offset where each ends. */
  readonly #issued = new Map<number, Buffer>();
  /** Pieces back from the socket, by exact length. */
  readonly #idle = new Map<number, Buffer[]>();
  #idleBytes = 0;
  /** Whether {@link take} was called since {@link keepsThrough}, and whether a piece ever failed to fit. */
  #taken = false;
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
    return this.#idleBytes;
  }

  /** A piece of exactly `length` bytes (garbage inside): an idle one, else a new one, else undefined (full). */
  take(length: number): Buffer | undefined {
    this.#taken = true;
    const piece = this.#takeIdle(length) ?? this.#carve(length);
    if (piece === undefined) this.#overflowed = true;
    else this.#issued.set(piece.byteOffset + length, piece);
    return piece;
  }

  /**
   * Asked when the pool releases idle buffers: true to keep this arena for another period (it
   * served frames since the last time, every one fitted, and not too many pieces are idle), false
   * to drop it.
   */
  keepsThrough(): boolean {
    const keep = this.#taken && !this.#overflowed && this.#idleBytes <= ARENA_MAX_IDLE_BYTES;
    this.#taken = false;
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
    const list = this.#idle.get(piece.length);
    if (list === undefined) this.#idle.set(piece.length, [piece]);
    else list.push(piece);
    this.#idleBytes += piece.length;
  }

  #takeIdle(length: number): Buffer | undefined {
    const list = this.#idle.get(length);
    if (list === undefined) return undefined;
    const piece = list.pop() as Buffer;
    if (list.length === 0) this.#idle.delete(length);
    this.#idleBytes -= length;
    return piece;
  }

  #carve(length: number): Buffer | undefined {
    const start = this.#used;
    if (start + length > this.#bytes.length) return undefined;
    this.#used = Math.min(this.#bytes.length, (start + length + PIECE_ALIGN_BYTES - 1) & ~(PIECE_ALIGN_BYTES - 1));
    return Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset + start, length);
  }
}
