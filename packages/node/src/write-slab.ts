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
 * The slab every transport of the process writes small chunks from: an idle connection holds no
 * write buffer of its own. Bytes once reserved are never handed out again (a full slab is
 * replaced, not reused), so regions handed to sockets stay valid for as long as the sockets hold
 * them. Pieces are not aligned, so consecutive pieces stay contiguous.
 */
export const writeSlab: { memory: Buffer | undefined; filled: number } = { memory: undefined, filled: 0 };

/**
 * Reserves `length` bytes (at most {@link WRITE_SLAB_BYTES}) of the current write slab, starting
 * a new slab when its tail is too short, and returns where they start in `writeSlab.memory`.
 */
export function reserveInWriteSlab(length: number): number {
  if (writeSlab.memory === undefined || writeSlab.filled + length > WRITE_SLAB_BYTES) {
    writeSlab.memory = Buffer.allocUnsafeSlow(WRITE_SLAB_BYTES);
    writeSlab.filled = 0;
  }
  const at = writeSlab.filled;
  writeSlab.filled = at + length;
  return at;
}

/**
 * A buffer of `length` bytes (at most {@link WRITE_SLAB_PIECE_MAX_BYTES}) for an outgoing frame,
 * garbage inside, carved from the write slab: when `SocketTransport` then writes it, the frame is
 * already where the copy would have put it, so it only extends the connection's region (one copy
 * of every small frame fewer). A piece that does not start where the connection's open region
 * ends (another connection's bytes, or an unwritten piece, lie between) starts a region of its
 * own, written after the open one; a piece of a slab that has since been replaced is copied like
 * any other chunk; a piece never written costs only its slab space.
 */
export function allocateInWriteSlab(length: number): Buffer {
  const at = reserveInWriteSlab(length);
  return (writeSlab.memory as Buffer).subarray(at, at + length);
}
