import { Buffer } from 'node:buffer';

/**
 * Frames shorter than this are not pooled: a fresh `Buffer.allocUnsafe` is as cheap (measured:
 * pooling 64 KiB frames, with a write callback each, lost 20 % of upload throughput).
 */
const POOL_MIN_BYTES = 1024 * 1024;

/** Most bytes of idle frame buffers the process keeps for reuse (all lengths together). */
const POOL_MAX_IDLE_BYTES = 40 * 1024 * 1024;

/**
 * Idle buffers kept for one frame length: enough to cover about this many bytes (the frames a
 * sender keeps in flight under a typical high-water mark), and at least two.
 */
const POOL_BYTES_PER_LENGTH = 2 * 1024 * 1024;

/**
 * Idle buffers are released this long after the first one was put back: a sender that streams
 * big messages reuses them, an application that sent a few big messages once does not keep up to
 * POOL_MAX_IDLE_BYTES of memory for the rest of its life.
 */
const POOL_RELEASE_MS = 1000;

/** Idle buffers by exact frame length; a length without idle buffers has no entry. */
const idle = new Map<number, Buffer[]>();
let idleBytes = 0;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Buffers handed out by {@link allocateFrameBuffer} and not yet given to a socket. A buffer
 * leaves this set when {@link takeRecycler} claims it, so it is recycled at most once per use.
 */
const issued = new WeakSet<Uint8Array>();

/**
 * A buffer of exactly `length` bytes for an outgoing masked frame; its contents are garbage (core
 * writes every byte before the frame leaves). Big frames reuse the memory of frames the socket
 * has finished writing, sparing the page faults of fresh memory on every message; such a buffer
 * must only ever be written to a socket through `SocketTransport`, never handed to anyone else.
 */
export function allocateFrameBuffer(length: number): Uint8Array {
  if (length < POOL_MIN_BYTES) return Buffer.allocUnsafe(length);
  const list = idle.get(length);
  let buffer: Buffer;
  if (list === undefined) {
    buffer = Buffer.allocUnsafeSlow(length);
  } else {
    buffer = list.pop() as Buffer;
    if (list.length === 0) idle.delete(length);
    idleBytes -= length;
  }
  issued.add(buffer);
  return buffer;
}

/**
 * For a chunk about to be written to a socket: when it is a frame buffer from
 * {@link allocateFrameBuffer} (and not claimed before), the write callback that puts it back in
 * the pool once the socket has written it without error; otherwise undefined.
 */
export function takeRecycler(chunk: Uint8Array): ((error?: Error | null) => void) | undefined {
  if (!issued.delete(chunk)) return undefined;
  return (error) => {
    // After an error (a destroyed socket) the write may not be finished with the bytes: drop it.
    if (error == null) recycle(chunk as Buffer);
  };
}

function recycle(buffer: Buffer): void {
  const length = buffer.length;
  if (idleBytes + length > POOL_MAX_IDLE_BYTES) return;
  const list = idle.get(length);
  if (list === undefined) idle.set(length, [buffer]);
  else if (list.length < 2 || list.length * length < POOL_BYTES_PER_LENGTH) list.push(buffer);
  else return;
  idleBytes += length;
  if (releaseTimer === undefined) {
    releaseTimer = setTimeout(releaseIdle, POOL_RELEASE_MS);
    // The pool never keeps the process alive.
    releaseTimer.unref();
  }
}

function releaseIdle(): void {
  releaseTimer = undefined;
  idle.clear();
  idleBytes = 0;
}

/** @internal For tests: bytes held idle in the pool. */
export function idleFrameBytes(): number {
  return idleBytes;
}
