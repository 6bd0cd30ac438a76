import { Buffer } from 'node:buffer';
import { ARENA_MAX_FRAME_BYTES, ARENA_MIN_FRAME_BYTES, FrameArena } from './frame-arena.js';
import { frameClassBytes } from './frame-size-class.js';
import { allocateHeapSpacer } from './heap-spacer.js';
import { IdleBuffers } from './idle-buffers.js';
import { raiseTrimThresholdOnce } from './trim-threshold.js';
import { WRITE_SLAB_PIECE_MAX_BYTES } from './write-slab.js';

/**
 * From this size (just over what the platform builds in the transport's write slab; text it
 * encodes here is longer still) frames take pooled memory, reused once the socket has written it,
 * where fresh memory's pages fault in as the frame is filled (upload of 64 KiB binary messages:
 * +15 % once buffers written synchronously are recycled at once; 1 MiB: +40 %, no page faults;
 * 16 and 32 KiB from a fresh process: 1.40–1.63× pieces of a slab). Pooled by size class
 * ({@link frameClassBytes}), so that frames whose lengths vary reuse one another's memory too.
 */
const FRAME_POOL_MIN_BYTES = WRITE_SLAB_PIECE_MAX_BYTES + 1;

/**
 * From this size received payloads take idle buffers of their exact length, and core's finished
 * ones are taken back ({@link allocatePooled}, {@link recycleBuffer}); shorter ones are buffers
 * of their own, left to the garbage collector.
 */
const PAYLOAD_POOL_MIN_BYTES = 64 * 1024;

/**
 * Most bytes of idle heap buffers the process keeps for reuse (frames' and payloads' together);
 * the frame arena's idle pieces are bounded apart (`FrameArena.keepsThrough`).
 */
const POOL_MAX_IDLE_BYTES = 40 * 1024 * 1024;

/**
 * Idle buffers kept for one size class or payload length: enough to cover about this many bytes
 * (the frames a sender keeps in flight under a typical high-water mark), and at least two.
 */
const POOL_BYTES_PER_LENGTH = 2 * 1024 * 1024;

/**
 * Idle buffers are released this long after the first one was put back or a frame was taken
 * from the arena (so at most this long after they were put back): a sender that streams
 * big messages reuses them, an application that sent a few big messages once does not keep up to
 * POOL_MAX_IDLE_BYTES of memory for the rest of its life. The frame arena is looked at on the same
 * timer, and let go a period after its last frame.
 */
const POOL_RELEASE_MS = 1000;

/**
 * Where pooled frame buffers of 256 KiB up to 20 MiB are carved first (`FrameArena`): made on the first such frame,
 * dropped at a release of idle buffers unless it is in use (`FrameArena.keepsThrough`); null where
 * core cannot make one.
 */
let arena: FrameArena | null | undefined;

/**
 * Idle frame buffers of the heap by size class, each the view its last frame had, its memory the
 * class's bytes. Apart from {@link idlePayloads}: a payload must span its memory exactly.
 */
const idleFrames = new IdleBuffers();

/**
 * Lengths whose idle buffers the payloads' pool keeps: a stream of equal messages (or a few kinds
 * of them) reuses warm memory, while text messages whose lengths vary, each length given back
 * once and never asked for again, no longer fill the pool with buffers nothing takes (text of
 * 64–256 KiB, varying: peak RSS 150–171 MiB with 40 MiB of idle payloads allowed, 66–67 MiB with
 * four lengths; ws 67 MiB).
 */
const PAYLOAD_POOL_MAX_LENGTHS = 4;

/**
 * Idle heap buffers by exact length, each spanning its memory: frames too long for the arena's
 * range (over 20 MiB, rare, not worth a fifth more memory) and received payloads, which reuse one
 * another's (the next big message of a length, a reply's frame).
 */
const idlePayloads = new IdleBuffers(PAYLOAD_POOL_MAX_LENGTHS);
let releaseTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Buffers handed out by {@link allocateFrameBuffer} and not yet given to a socket, by their
 * memory (no two handed out share it). A buffer leaves this map when {@link takeRecycler} claims
 * it, so it is recycled at most once per use.
 */
const issued = new WeakMap<ArrayBufferLike, Buffer>();

/**
 * The memory of every heap frame buffer of a size class, so that a buffer core gives back twice
 * never lands among the payloads' idle buffers too (a frame and a payload would share memory).
 */
const classMemory = new WeakSet<ArrayBufferLike>();

/**
 * A buffer of exactly `length` bytes for an outgoing masked frame over 16 KiB (the platform builds
 * shorter ones in the transport's write slab); its contents are garbage (core writes every byte
 * before the frame leaves). It reuses the memory of frames the socket has finished writing (a
 * piece of the frame arena, or heap memory of its size class), sparing the page faults of fresh
 * memory on every message. Such a buffer must only ever be written to a socket through
 * `SocketTransport`, never handed to anyone else.
 */
export function allocateFrameBuffer(length: number): Buffer {
  // Only a direct caller asks for less: a buffer of its own, which nothing tracks.
  if (length < FRAME_POOL_MIN_BYTES) return Buffer.allocUnsafeSlow(length);
  if (length > ARENA_MAX_FRAME_BYTES) return issue(idlePayloads.take(length) ?? allocateFresh(length));
  const piece = length >= ARENA_MIN_FRAME_BYTES ? takeFromArena(length) : undefined;
  if (piece !== undefined) return piece;
  const bytes = frameClassBytes(length);
  return issue(idleFrames.takeViewOf(bytes, length) ?? allocateClassMemory(bytes).subarray(0, length));
}

function allocateClassMemory(bytes: number): Buffer {
  const memory = allocateFresh(bytes);
  classMemory.add(memory.buffer);
  return memory;
}

/** `buffer`, listed as handed out for a frame. */
function issue(buffer: Buffer): Buffer {
  issued.set(buffer.buffer, buffer);
  return buffer;
}

/**
 * A piece of the frame arena, where core masks without copies (1 MiB binary frames: 78 → 49 µs
 * per payload masked), or undefined when there is no arena or it is full.
 */
function takeFromArena(length: number): Buffer | undefined {
  if (arena === undefined) arena = FrameArena.create() ?? null;
  if (arena === null) return undefined;
  // Armed here too, not only when a piece comes back: an arena whose pieces never return (writes
  // that failed) is still let go once frames stop.
  scheduleRelease();
  return arena.take(length);
}

/** A buffer from {@link allocateFrameBuffer} that will not be written after all: back to the pool. */
export function discardFrameBuffer(buffer: Uint8Array): void {
  takeRecycler(buffer)?.releaseNow();
}

/**
 * A buffer of exactly `length` bytes, garbage inside: from the idle buffers when one of that
 * length is there (warm memory, no page faults), else new. Nothing tracks it afterwards: it may
 * be given to the application, or come back through {@link recycleBuffer}.
 */
export function allocatePooled(length: number): Buffer {
  // A buffer of its own, never a piece of Node's shared pool: Node 24.21 raised `Buffer.poolSize`
  // to 64 KiB, so `allocUnsafe` would now hand out up to 32 KiB as a view that pins the pool.
  // Never an arena piece either: those are only ever written to sockets.
  if (length < PAYLOAD_POOL_MIN_BYTES) return Buffer.allocUnsafeSlow(length);
  return idlePayloads.take(length) ?? allocateFresh(length);
}

function allocateFresh(length: number): Buffer {
  raiseTrimThresholdOnce();
  const fresh = Buffer.allocUnsafeSlow(length);
  allocateHeapSpacer();
  return fresh;
}

/**
 * Puts a buffer that nobody references any more among the idle ones: a frame buffer that will not
 * be written after all (text an extension compressed, or whose fragments were all copied) goes
 * back as if written; a received text frame's buffer that core has decoded goes to the payloads'
 * pool, if it is a Buffer spanning its whole ArrayBuffer (a slab piece or a view shares memory
 * with others) and is not idle already.
 */
export function recycleBuffer(buffer: Uint8Array): void {
  // Nothing shorter was pooled: a payload or frame that short costs no lookup (a payload of
  // 16–64 KiB costs the two of `takeRecycler`).
  if (buffer.length < FRAME_POOL_MIN_BYTES) return;
  const recycler = takeRecycler(buffer);
  if (recycler !== undefined) return recycler.releaseNow();
  if (buffer.length < PAYLOAD_POOL_MIN_BYTES || !(buffer instanceof Buffer)) return;
  if (buffer.byteOffset !== 0 || buffer.byteLength !== buffer.buffer.byteLength || classMemory.has(buffer.buffer)) return;
  if (idlePayloads.includes(buffer.length, buffer)) return;
  keepIdle(idlePayloads, buffer.length, buffer);
}

/**
 * The write callback of a pooled frame buffer: puts it back in the pool once the socket has
 * written it without error. {@link Recycler.releaseNow} does so at once (a write the socket
 * completed synchronously); the buffer is recycled once, whichever comes first.
 */
export interface Recycler {
  (error?: Error | null): void;
  /** The socket holds no reference to the bytes any more: recycle now; the callback is then a no-op. */
  releaseNow(): void;
}

/**
 * For a chunk about to be written to a socket: when it is a frame buffer from
 * {@link allocateFrameBuffer} (not claimed before), or the last view of one (core writes a big
 * frame as views in order, the last ending where the buffer ends), the buffer's
 * {@link Recycler}; otherwise undefined. A socket writes in order, so once the last view is
 * written, so are the views before it.
 */
export function takeRecycler(chunk: Uint8Array): Recycler | undefined {
  // Forgotten once recycled or dropped: the socket keeps the callback of a write it completed
  // synchronously queued until the next tick, and a sender that writes without yielding queues
  // one per frame. Kept, each would pin its buffer after the pool had handed it back or let it go
  // (frames of varying length: every frame of the burst stayed alive until the burst ended).
  // `SocketTransport` writes a batch of several chunks without callbacks for the same reason.
  let owner = claimIssued(chunk);
  if (owner === undefined) return undefined;
  const recycler = ((error?: Error | null): void => {
    // After an error (a destroyed socket) the write may not be finished with the bytes: drop it.
    if (owner !== undefined && error == null) recycleFrame(owner);
    owner = undefined;
  }) as Recycler;
  recycler.releaseNow = () => {
    if (owner !== undefined) recycleFrame(owner);
    owner = undefined;
  };
  return recycler;
}

/** The issued buffer that `chunk` is, or is the last view of, now claimed; undefined otherwise. */
function claimIssued(chunk: Uint8Array): Buffer | undefined {
  const owner = issued.get(chunk.buffer);
  if (owner === undefined) return FrameArena.of(chunk.buffer)?.claim(chunk);
  if (chunk.byteOffset + chunk.byteLength !== owner.byteOffset + owner.byteLength) return undefined;
  issued.delete(chunk.buffer);
  return owner;
}

/** A frame buffer the socket is done with: back where {@link allocateFrameBuffer} took it from. */
function recycleFrame(frame: Buffer): void {
  const home = FrameArena.of(frame.buffer);
  if (home !== undefined) {
    // A piece of an arena since dropped is let go with it.
    if (home !== arena) return;
    home.putIdle(frame);
    scheduleRelease();
  } else if (classMemory.has(frame.buffer)) {
    // Its memory is its class's bytes: that is the key it goes back under.
    keepIdle(idleFrames, frame.buffer.byteLength, frame);
  } else keepIdle(idlePayloads, frame.length, frame);
}

/** Keeps `buffer` (`bytes` of memory) idle under that key, unless the bounds say enough already. */
function keepIdle(stacks: IdleBuffers, bytes: number, buffer: Buffer): void {
  if (idleFrames.bytes + idlePayloads.bytes - stacks.bytesDroppedBy(bytes) + bytes > POOL_MAX_IDLE_BYTES) return;
  const count = stacks.count(bytes);
  if (count >= 2 && count * bytes >= POOL_BYTES_PER_LENGTH) return;
  stacks.put(bytes, buffer);
  scheduleRelease();
}

/** Idle buffers (and the arena) are released {@link POOL_RELEASE_MS} after this first call. */
function scheduleRelease(): void {
  if (releaseTimer === undefined) {
    releaseTimer = setTimeout(releaseIdle, POOL_RELEASE_MS);
    // The pool never keeps the process alive.
    releaseTimer.unref();
  }
}

function releaseIdle(): void {
  releaseTimer = undefined;
  idleFrames.clear();
  idlePayloads.clear();
  // An arena in use stays, and is looked at again a period later; any other goes, and the next
  // big frame makes a new one (or tries again where making one failed).
  if (arena?.keepsThrough() === true) scheduleRelease();
  else arena = undefined;
}

/** @internal For tests: bytes held idle in the pool, the arena's idle pieces included. */
export function idleFrameBytes(): number {
  return idleFrames.bytes + idlePayloads.bytes + (arena?.idleBytes ?? 0);
}
