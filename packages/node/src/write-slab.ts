import { Buffer } from 'node:buffer';

/**
 * Chunks up to this size are gathered in the write slab (copied there by `SocketTransport`, or
 * built there by {@link allocateInWriteSlab}) and written together once per tick: copying a frame
 * of a few KiB costs far less than the syscall or `writev` entry it saves (measured: 16 B and
 * 1 KiB uploads, one write per message → one write per ~64 KiB).
 */
export const WRITE_SLAB_PIECE_MAX_BYTES = 16 * 1024;

/** Size of a write slab; when its free tail is too short for a piece, a new one starts. */
export const WRITE_SLAB_BYTES = 64 * 1024;

/**
 * Full slabs kept for reuse (256 KiB at most): the most recent ones, each until every byte it
 * handed out has been taken by a socket (then it becomes the current slab again) or newer ones
 * push it out (then it is garbage once the sockets are done with it).
 */
const RETIRED_SLABS_MAX = 4;

/** A write slab and what became of its bytes. */
interface SlabState {
  memory: Buffer;
  /** Bytes handed out (pieces, regions), from the start. */
  filled: number;
  /** Bytes of those that sockets took synchronously (see {@link noteWrittenOut}). */
  written: number;
}

/**
 * The slab every transport of the process writes small chunks from: an idle connection holds no
 * write buffer of its own. Pieces are not aligned, so consecutive pieces stay contiguous.
 */
export const writeSlab: Omit<SlabState, 'memory'> & { memory: Buffer | undefined } = { memory: undefined, filled: 0, written: 0 };

/** Replaced slabs, oldest first, that may come back. */
const retired: SlabState[] = [];

/**
 * Reserves `length` bytes (at most {@link WRITE_SLAB_BYTES}) of the current write slab, starting
 * a new one when its tail is too short, and returns where they start in `writeSlab.memory`.
 */
export function reserveInWriteSlab(length: number): number {
  if (writeSlab.memory === undefined || writeSlab.filled + length > WRITE_SLAB_BYTES) nextSlab();
  const at = writeSlab.filled;
  writeSlab.filled = at + length;
  return at;
}

/**
 * Makes a fresh start the current slab: a retired one whose every byte sockets took
 * synchronously (no piece, open region or queued write refers to it any more), else new memory.
 * A sender whose small writes the kernel takes at once (a burst of small messages) so turns over
 * two warm slabs instead of leaving 64 KiB of garbage, and RSS, behind every 64 KiB it sends.
 * Only plain TCP sockets ever report that: a TLS socket still holds a write when `write` returns,
 * so slabs that `wss:` connections wrote to are replaced as before.
 */
function nextSlab(): void {
  if (writeSlab.memory !== undefined) retired.push({ memory: writeSlab.memory, filled: writeSlab.filled, written: writeSlab.written });
  const free = retired.findIndex((slab) => slab.written === slab.filled);
  writeSlab.memory = free === -1 ? Buffer.allocUnsafeSlow(WRITE_SLAB_BYTES) : retired.splice(free, 1)[0].memory;
  writeSlab.filled = 0;
  writeSlab.written = 0;
  if (retired.length > RETIRED_SLABS_MAX) retired.shift();
}

/**
 * Tells the slabs that a socket took `chunk` synchronously (nothing is left in its write queue),
 * so those bytes of a slab are free again. A chunk that is no region of the current or a
 * retired slab is ignored.
 */
export function noteWrittenOut(chunk: Uint8Array): void {
  const memory = chunk.buffer;
  if (memory === writeSlab.memory?.buffer) {
    writeSlab.written += chunk.byteLength;
    return;
  }
  for (const slab of retired) {
    if (slab.memory.buffer === memory) slab.written += chunk.byteLength;
  }
}

/**
 * A buffer of `length` bytes (at most {@link WRITE_SLAB_PIECE_MAX_BYTES}) for an outgoing frame,
 * garbage inside, carved from the write slab: when `SocketTransport` then writes it, the frame is
 * already where the copy would have put it, so it only extends the connection's region (one copy
 * of every small frame fewer). A piece that does not start where the connection's open region
 * ends (another connection's bytes, or an unwritten piece, lie between) starts a region of its
 * own, written after the open one; a piece of a slab that has since been replaced is copied like
 * any other chunk; a piece never written keeps its slab from being started over.
 */
export function allocateInWriteSlab(length: number): Buffer {
  const at = reserveInWriteSlab(length);
  return (writeSlab.memory as Buffer).subarray(at, at + length);
}
