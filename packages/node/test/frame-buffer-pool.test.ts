import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ARENA_MAX_FRAME_BYTES, ARENA_MIN_FRAME_BYTES, FRAME_ARENA_BYTES, FrameArena } from '../src/frame-arena.js';
import { allocateFrameBuffer, allocatePooled, idleFrameBytes, recycleBuffer, takeRecycler } from '../src/frame-buffer-pool.js';
import { frameClassBytes } from '../src/frame-size-class.js';
import { nodePlatform } from '../src/node-platform.js';
import { SocketTransport } from '../src/socket-transport.js';

const MiB = 1024 * 1024;

// Vitest workers have no gc(); a fresh context made after this flag has one.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** True when the two buffers share any byte of memory. */
function overlap(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** True when `buffer` is a pooled frame buffer of the heap: the start of memory of its size class. */
function isClassBuffer(buffer: Uint8Array): boolean {
  return buffer.byteOffset === 0 && buffer.buffer.byteLength === frameClassBytes(buffer.byteLength) && FrameArena.of(buffer.buffer) === undefined;
}

/** A stand-in for net.Socket that keeps each write's callback, to complete it when a test says. */
function fakeSocket({ writesSynchronously = false } = {}) {
  const pending: { chunk: Uint8Array; callback: ((error?: Error | null) => void) | undefined }[] = [];
  const socket = {
    destroyed: false,
    writableNeedDrain: false,
    // Node's count of bytes still queued in the stream: 0 once the kernel took them all.
    get writableLength() {
      return writesSynchronously ? 0 : pending.reduce((sum, write) => sum + write.chunk.length, 0);
    },
    write(chunk: Uint8Array, callback?: (error?: Error | null) => void) {
      pending.push({ chunk, callback });
      return true;
    },
    cork() {},
    uncork() {},
  };
  return { pending, transport: new SocketTransport(socket as unknown as Socket) };
}

describe('the frame buffer pool', () => {
  // Identity is compared with ===: a failing toBe on megabyte buffers would print them whole.
  it('gives a buffer of exactly the length asked for', () => {
    for (const length of [0, 1, 4096, 65_550, MiB + 14]) expect(allocateFrameBuffer(length).length).toBe(length);
  });

  it('reuses a big frame buffer only after the socket reports its write done', () => {
    const length = MiB + 14;
    const { pending, transport } = fakeSocket();
    const first = allocateFrameBuffer(length);
    transport.write([first]);
    expect(pending).toHaveLength(1);
    expect(pending[0].chunk === first).toBe(true);
    // Not written yet: a second frame must get other memory.
    const second = allocateFrameBuffer(length);
    expect(overlap(second, first)).toBe(false);
    pending[0].callback?.(null);
    expect(allocateFrameBuffer(length) === first).toBe(true);
  });

  it('reuses a frame buffer at once when the socket wrote it synchronously, and recycles it only once', () => {
    const length = MiB + 30;
    const { pending, transport } = fakeSocket({ writesSynchronously: true });
    const first = allocateFrameBuffer(length);
    transport.write([first]);
    // The kernel took every byte inside write(): a sender that has not yielded yet reuses it.
    const second = allocateFrameBuffer(length);
    expect(second === first).toBe(true);
    // The write's own callback comes a tick later; it must not put the buffer (in use again) back.
    pending[0].callback?.(null);
    expect(allocateFrameBuffer(length) === first).toBe(false);
  });

  it('writes a batch without callbacks, which Node would keep with every chunk of the batch until the next tick, and reuses its frames at once when the socket took it synchronously', () => {
    const length = MiB + 46;
    const { pending, transport } = fakeSocket({ writesSynchronously: true });
    const frame = allocateFrameBuffer(length);
    // A small frame the tick queued before it: the two leave together, in one writev.
    transport.write([new Uint8Array(100).fill(1), frame]);
    expect(pending.map((write) => [write.chunk.byteLength, write.callback])).toEqual([
      [100, undefined],
      [length, undefined],
    ]);
    expect(allocateFrameBuffer(length) === frame).toBe(true);
  });

  it('reuses the frames of a batch the socket could not take at once only after an empty write queued behind it is done', () => {
    const length = MiB + 62;
    const { pending, transport } = fakeSocket();
    const frame = allocateFrameBuffer(length);
    transport.write([new Uint8Array(100).fill(1), frame]);
    expect(pending.map((write) => write.chunk.byteLength)).toEqual([100, length, 0]);
    expect(overlap(allocateFrameBuffer(length), frame)).toBe(false);
    // The socket writes in order: the empty write done, so is the batch.
    pending[2].callback?.(null);
    expect(allocateFrameBuffer(length) === frame).toBe(true);
    // After an error the socket may not be done with the bytes: a batch's frames are dropped.
    const lost = allocateFrameBuffer(length);
    transport.write([new Uint8Array(100).fill(2), lost]);
    pending[5].callback?.(new Error('socket destroyed'));
    expect(allocateFrameBuffer(length) === lost).toBe(false);
  });

  it('pools frames over 16 KiB; a shorter one, which only a direct caller asks for, is a buffer nothing tracks', () => {
    const { transport } = fakeSocket({ writesSynchronously: true });
    for (const length of [16 * 1024 + 1, 64 * 1024 + 14]) {
      const frame = allocateFrameBuffer(length);
      expect(isClassBuffer(frame)).toBe(true);
      // Written as it is (a frame over 16 KiB is never copied), and at once: back in the pool.
      transport.write([frame]);
      transport.flush();
      expect(allocateFrameBuffer(length) === frame).toBe(true);
    }
    // 16 KiB and less the platform builds in the write slab, and text it encodes here is longer.
    const small = allocateFrameBuffer(16 * 1024);
    expect(takeRecycler(small)).toBeUndefined();
    expect(small.byteLength).toBe(small.buffer.byteLength);
  });

  it('gives memory the socket is done with to a frame of another length in its size class, so lengths that vary reuse memory', () => {
    const { pending, transport } = fakeSocket();
    // Lengths of one class (memory of 112 KiB), as a stream of JSON documents would vary.
    const [first, longer, shorter] = [100_000, 114_688, 98_369];
    expect(new Set([first, longer, shorter].map(frameClassBytes))).toEqual(new Set([114_688]));
    const frame = allocateFrameBuffer(first);
    expect(isClassBuffer(frame)).toBe(true);
    transport.write([frame]);
    // In flight: the next frame of the class gets memory of its own.
    const other = allocateFrameBuffer(longer);
    expect(overlap(other, frame)).toBe(false);
    pending[0].callback?.(null);
    const next = allocateFrameBuffer(shorter);
    expect([next.buffer === frame.buffer, next.byteOffset, next.byteLength]).toEqual([true, 0, shorter]);
    // The view goes back with its own length and still brings the class's whole memory.
    transport.write([next]);
    pending[1].callback?.(null);
    const last = allocateFrameBuffer(longer);
    expect([last.buffer === frame.buffer, last.byteLength]).toEqual([true, longer]);
  });

  it("never hands a frame's memory to a received payload, which must span its memory exactly", () => {
    const { pending, transport } = fakeSocket();
    const length = frameClassBytes(100_000);
    const frame = allocateFrameBuffer(100_000);
    transport.write([frame]);
    pending[0].callback?.(null);
    // A payload as long as the frame's class: memory of its own, exactly its length.
    const payload = allocatePooled(length);
    expect(payload.buffer === frame.buffer).toBe(false);
    expect([payload.byteOffset, payload.buffer.byteLength]).toEqual([0, length]);
    // Given back by core, it serves later payloads, and the frame's memory later frames.
    recycleBuffer(payload);
    expect(allocatePooled(length) === payload).toBe(true);
    expect(allocateFrameBuffer(100_000) === frame).toBe(true);
  });

  it('drops a buffer whose write failed, and recycles a buffer once at most', () => {
    // A heap buffer of a size class, and (where SIMD is there) a piece of the frame arena.
    for (const length of [100_000, 2 * MiB + 14]) {
      const { pending, transport } = fakeSocket();
      const frame = allocateFrameBuffer(length);
      transport.write([frame]);
      pending[0].callback?.(new Error('socket destroyed'));
      expect(allocateFrameBuffer(length) === frame).toBe(false);
      const other = allocateFrameBuffer(length);
      const recycler = takeRecycler(other);
      expect(recycler).toBeTypeOf('function');
      expect(takeRecycler(other)).toBeUndefined();
    }
  });

  it('takes back a frame buffer core gives back twice only once, and never among the payloads', () => {
    // Unsent text (an extension compressed it) of every range: 16–64 KiB, a length that is its
    // class's whole memory (which spans its ArrayBuffer as a payload does), longer.
    for (const length of [40_000, 114_688, 300_000]) {
      const unsent = allocateFrameBuffer(length);
      recycleBuffer(unsent);
      recycleBuffer(unsent);
      expect(allocatePooled(length) === unsent).toBe(false);
      expect(allocateFrameBuffer(length) === unsent).toBe(true);
      expect(allocateFrameBuffer(length) === unsent).toBe(false);
    }
  });

  it('recycles a frame written as views once its last view is written, and never through an earlier view', () => {
    // Core writes a frame of several MiB as views of one buffer, in order, the last ending where
    // the buffer ends: a socket writes in order, so the last view's write ends the buffer's use.
    const length = 5 * MiB + 14;
    const { pending, transport } = fakeSocket();
    const frame = allocateFrameBuffer(length);
    const views = [frame.subarray(0, 2 * MiB), frame.subarray(2 * MiB, 4 * MiB), frame.subarray(4 * MiB)];
    for (const view of views) transport.write([view]);
    expect(pending.map((write) => write.callback === undefined)).toEqual([true, true, false]);
    expect(allocateFrameBuffer(length) === frame).toBe(false);
    pending[2].callback?.(null);
    expect(allocateFrameBuffer(length) === frame).toBe(true);
  });

  it('never recycles a buffer it did not hand out', () => {
    const { pending, transport } = fakeSocket();
    const foreign = new Uint8Array(MiB + 14);
    const before = idleFrameBytes();
    transport.write([foreign]);
    expect(pending[0].callback).toBeUndefined();
    expect(idleFrameBytes()).toBe(before);
  });

  it('backs nodePlatform.allocateFrame; received payloads reuse idle buffers, which only core gives back', () => {
    // Too long for the arena: a buffer of the heap, which payloads may reuse.
    const length = ARENA_MAX_FRAME_BYTES + 14;
    const { pending, transport } = fakeSocket();
    const frame = nodePlatform.allocateFrame(length);
    transport.write([frame]);
    pending[0].callback?.(null);
    // A big received payload fills warm memory: the idle buffer of that length.
    const payload = nodePlatform.allocate?.(length);
    expect(payload === frame).toBe(true);
    // Handed to the application, it is never recycled by a later write or allocation.
    expect(takeRecycler(payload as Uint8Array)).toBeUndefined();
    expect(nodePlatform.allocateFrame(length) === frame).toBe(false);
    // Core gives back a decoded text frame's buffer: reused once, never listed twice.
    nodePlatform.recycle?.(payload as Uint8Array);
    nodePlatform.recycle?.(payload as Uint8Array);
    expect(nodePlatform.allocate?.(length) === frame).toBe(true);
    expect(nodePlatform.allocate?.(length) === frame).toBe(false);
  });

  it('takes back only whole buffers of pooled size: never a slab piece or a view', () => {
    const before = idleFrameBytes();
    recycleBuffer(nodePlatform.allocate?.(1000) as Uint8Array);
    recycleBuffer(Buffer.allocUnsafeSlow(2 * MiB).subarray(1));
    recycleBuffer(new Uint8Array(2 * MiB));
    expect(idleFrameBytes()).toBe(before);
  });
});

describe('idle frame buffers', () => {
  it('are released about a second after they were put back, by a timer that keeps no process alive', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const pool = await freshPool();
    // A buffer of the heap (too long for the arena, whose pieces are kept while it is in use).
    pool.writeOut(pool.allocateFrameBuffer(ARENA_MAX_FRAME_BYTES + 1));
    expect(pool.idleFrameBytes()).toBeGreaterThan(0);
    const armed = timers.mock.calls.findIndex(([callback]) => callback.name === 'releaseIdle');
    const poolTimer = timers.mock.results[armed]?.value as NodeJS.Timeout;
    timers.mockRestore();
    expect(poolTimer.hasRef()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(pool.idleFrameBytes()).toBe(0);
    vi.resetModules();
  });
});

describe('a frame buffer whose write the socket completed synchronously', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.resetModules();
  });

  it('is not kept alive by the write callback the socket still holds once the pool has let it go', async () => {
    const pool = await freshPool({ fakeTimers: true });
    // Node runs the callback of a write it completed synchronously on the next tick, so a sender
    // that never yields leaves one queued per frame; frames of varying length are then let go by
    // the pool and must be garbage (a burst of 600 such frames held 1.3 GiB before the fix).
    const { callbacks, frames } = writeSynchronously(pool, [MiB + 14, ARENA_MAX_FRAME_BYTES + 1, ARENA_MAX_FRAME_BYTES + 2]);
    // The first release keeps the arena (it served a frame) and drops the idle heap buffers; the
    // second, after a period without frames, drops the arena.
    vi.advanceTimersByTime(2000);
    // A WeakRef keeps its target until the current job ends: let it end, then collect.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(frames.map((frame) => frame.deref() === undefined)).toEqual([true, true, true]);
    expect(callbacks).toHaveLength(3);
  });
});

/**
 * Frames of the given lengths from the pool, each written and released as `SocketTransport` does
 * when the kernel took every byte at once; returns the write callbacks (as the socket still holds
 * them) and weak references to the frames.
 */
function writeSynchronously(pool: Awaited<ReturnType<typeof freshPool>>, lengths: number[]) {
  const callbacks: ((error?: Error | null) => void)[] = [];
  const frames: WeakRef<Uint8Array>[] = [];
  for (const length of lengths) {
    const frame = pool.allocateFrameBuffer(length);
    const recycler = pool.takeRecycler(frame);
    if (recycler === undefined) throw new Error('not a pooled frame buffer');
    recycler.releaseNow();
    callbacks.push(recycler);
    frames.push(new WeakRef(frame));
  }
  return { callbacks, frames };
}

/**
 * A fresh copy of the pool (its own arena and timer), with `@weft/core` as given; with
 * `fakeTimers`, its release timer runs on Vitest's fake `setTimeout`.
 */
async function freshPool({ core, fakeTimers = false }: { core?: object; fakeTimers?: boolean } = {}) {
  if (fakeTimers) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.resetModules();
  if (core !== undefined) vi.doMock('@weft/core', async (importOriginal) => ({ ...(await importOriginal<object>()), ...core }));
  const pool = await import('../src/frame-buffer-pool.js');
  const { FrameArena: Arena } = await import('../src/frame-arena.js');
  /** The pool's frame, written and reported done: back in the pool. */
  const writeOut = (frame: Uint8Array): void => pool.takeRecycler(frame)?.(null);
  return { ...pool, arenaOf: (buffer: Uint8Array) => Arena.of(buffer.buffer), writeOut };
}

describe('the payloads\' idle buffers', () => {
  afterEach(() => {
    vi.resetModules();
  });

  it('are kept for the last four lengths given back, so text whose lengths vary does not fill the pool', async () => {
    const pool = await freshPool();
    const lengths = [70_001, 70_002, 70_003, 70_004, 70_005, 70_006];
    const payloads = lengths.map((length) => pool.allocatePooled(length));
    for (const payload of payloads) pool.recycleBuffer(payload);
    // The two given back first were let go when the fifth and sixth came.
    expect(pool.idleFrameBytes()).toBe(70_003 + 70_004 + 70_005 + 70_006);
    expect(lengths.map((length, i) => pool.allocatePooled(length) === payloads[i])).toEqual([false, false, true, true, true, true]);
  });

  it('stay for a length given back again and again, among lengths that never come back (a steady stream of equal messages)', async () => {
    const pool = await freshPool();
    const [first, second] = [pool.allocatePooled(80_000), pool.allocatePooled(80_000)];
    pool.recycleBuffer(first);
    for (const length of [70_001, 70_002]) pool.recycleBuffer(pool.allocatePooled(length));
    // Given back again while one of its length is idle: its length becomes the most recent.
    pool.recycleBuffer(second);
    for (const length of [70_003, 70_004]) pool.recycleBuffer(pool.allocatePooled(length));
    expect(pool.allocatePooled(80_000) === second).toBe(true);
    expect(pool.allocatePooled(80_000) === first).toBe(true);
  });
});

describe('frame size classes', () => {
  it('sizes frame memory in quarters of a power of two, with room for a header, so at most a fifth is unused', () => {
    const KiB = 1024;
    // A message of a round size, framed (a header of up to 14 bytes), gets memory of about its size.
    expect([16 * KiB + 1, 20_000, 64 * KiB + 14, 256 * KiB, 256 * KiB + 1, 320 * KiB, MiB, MiB + 14, 1.5 * MiB + 1, 1.5 * MiB + 65, 16 * MiB + 14, ARENA_MAX_FRAME_BYTES].map(frameClassBytes)).toEqual([
      16 * KiB + 64,
      20 * KiB,
      64 * KiB + 64,
      256 * KiB,
      256 * KiB + 64,
      320 * KiB,
      MiB,
      MiB + 64,
      1.5 * MiB + 64,
      1.75 * MiB,
      16 * MiB + 64,
      ARENA_MAX_FRAME_BYTES,
    ]);
    for (let length = 16 * KiB + 1; length <= ARENA_MAX_FRAME_BYTES; length = Math.ceil(length * 1.013) + 7) {
      const bytes = frameClassBytes(length);
      expect(bytes >= length && bytes % 64 === 0 && bytes - length < bytes / 5).toBe(true);
    }
    // Two frames of the longest length the arena takes still fit in it together.
    expect(2 * frameClassBytes(ARENA_MAX_FRAME_BYTES)).toBeLessThanOrEqual(FRAME_ARENA_BYTES);
  });
});

describe('the frame arena', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.doUnmock('@weft/core');
    vi.resetModules();
  });

  it('holds the big frames, one after another in one memory, each piece reused once written', async () => {
    const pool = await freshPool();
    const first = pool.allocateFrameBuffer(MiB + 14);
    const second = pool.allocateFrameBuffer(MiB + 14);
    const other = pool.allocateFrameBuffer(ARENA_MIN_FRAME_BYTES);
    expect(pool.arenaOf(first)).toBeDefined();
    expect([second, other].every((frame) => pool.arenaOf(frame) === pool.arenaOf(first))).toBe(true);
    expect(overlap(first, second) || overlap(second, other) || overlap(first, other)).toBe(false);
    pool.writeOut(second);
    // A frame of another size class is carved anew, apart from the idle piece.
    expect(overlap(pool.allocateFrameBuffer(ARENA_MIN_FRAME_BYTES), second)).toBe(false);
    expect(pool.allocateFrameBuffer(MiB + 14) === second).toBe(true);
  });

  it('gives an idle piece to a frame of another length in its size class (lengths that vary reuse memory)', async () => {
    const pool = await freshPool();
    // Three lengths of one class (pieces of 1.5 MiB).
    const [first, longer, shorter] = [MiB + 300_000, MiB + 400_000, MiB + 300_001];
    expect(new Set([first, longer, shorter].map(frameClassBytes))).toEqual(new Set([1.5 * MiB]));
    const frame = pool.allocateFrameBuffer(first);
    pool.writeOut(frame);
    const next = pool.allocateFrameBuffer(longer);
    expect([next.byteOffset, next.byteLength]).toEqual([frame.byteOffset, longer]);
    expect(pool.arenaOf(next)).toBe(pool.arenaOf(frame));
    // The view goes back with its own length and serves the next frame of that class.
    pool.writeOut(next);
    const last = pool.allocateFrameBuffer(shorter);
    expect([last.byteOffset, last.byteLength]).toEqual([frame.byteOffset, shorter]);
    // A frame in flight keeps its piece: the next one of the class gets memory of its own.
    expect(overlap(pool.allocateFrameBuffer(first), last)).toBe(false);
  });

  it('never gives its memory to a received payload', async () => {
    const pool = await freshPool();
    const frame = pool.allocateFrameBuffer(MiB + 14);
    pool.writeOut(frame);
    const payload = pool.allocatePooled(MiB + 14);
    expect(pool.arenaOf(payload)).toBeUndefined();
    // A decoded payload given back is a buffer of the heap again, and a frame never gets it.
    pool.recycleBuffer(payload);
    expect(pool.allocateFrameBuffer(MiB + 14) === frame).toBe(true);
    expect(pool.allocatePooled(MiB + 14) === payload).toBe(true);
  });

  it('leaves frames too short or too long for it, and frames that no longer fit, to the heap', async () => {
    const pool = await freshPool();
    expect(pool.arenaOf(pool.allocateFrameBuffer(ARENA_MIN_FRAME_BYTES - 1))).toBeUndefined();
    const longest = pool.allocateFrameBuffer(ARENA_MAX_FRAME_BYTES + 1);
    expect(pool.arenaOf(longest)).toBeUndefined();
    // Pooled by exact length, as received payloads are: not worth a fifth more memory.
    expect(longest.byteLength).toBe(longest.buffer.byteLength);
    const pieces = [];
    while (pieces.length < FRAME_ARENA_BYTES / (4 * MiB) - 1) pieces.push(pool.allocateFrameBuffer(4 * MiB));
    expect(pieces.every((piece) => pool.arenaOf(piece) !== undefined)).toBe(true);
    const overflow = pool.allocateFrameBuffer(8 * MiB);
    expect(pool.arenaOf(overflow)).toBeUndefined();
    expect(overflow.byteLength).toBe(overflow.buffer.byteLength);
    // A frame written from the heap goes back to the heap's idle buffers of its class, as without
    // an arena, and serves another length of that class, never becoming an arena piece.
    pool.writeOut(overflow);
    const sameClass = pool.allocateFrameBuffer(7.5 * MiB);
    expect([sameClass.buffer === overflow.buffer, pool.arenaOf(sameClass)]).toEqual([true, undefined]);
    pool.writeOut(sameClass);
    expect(pool.allocateFrameBuffer(8 * MiB).buffer === overflow.buffer).toBe(true);
  });

  it('stays while frames keep coming, and goes once a period passes without one; a piece of a dropped arena is not reused', async () => {
    const pool = await freshPool({ fakeTimers: true });
    const first = pool.allocateFrameBuffer(MiB + 14);
    pool.writeOut(first);
    vi.advanceTimersByTime(1000);
    // Used in the period just ended: kept, with its idle piece.
    const again = pool.allocateFrameBuffer(MiB + 14);
    expect(again === first).toBe(true);
    const inFlight = pool.allocateFrameBuffer(2 * MiB);
    pool.writeOut(again);
    vi.advanceTimersByTime(1000);
    expect(pool.idleFrameBytes()).toBeGreaterThan(0);
    // A period without a frame: dropped, its idle pieces with it.
    vi.advanceTimersByTime(1000);
    expect(pool.idleFrameBytes()).toBe(0);
    const next = pool.allocateFrameBuffer(MiB + 14);
    expect(pool.arenaOf(next) === pool.arenaOf(first)).toBe(false);
    // A write of the old arena finishing now does not put its piece among the new arena's.
    pool.writeOut(inFlight);
    expect(pool.allocateFrameBuffer(2 * MiB) === inFlight).toBe(false);
  });

  it('is let go a period after its last frame even when no piece ever came back (writes that failed)', async () => {
    const pool = await freshPool({ fakeTimers: true });
    const lost = pool.allocateFrameBuffer(MiB + 14);
    pool.takeRecycler(lost)?.(new Error('socket destroyed'));
    vi.advanceTimersByTime(2000);
    expect(pool.arenaOf(pool.allocateFrameBuffer(MiB + 14)) === pool.arenaOf(lost)).toBe(false);
  });

  it('is let go while in use when more than half of it lies idle, so a burst does not keep its memory', async () => {
    const pool = await freshPool({ fakeTimers: true });
    const burst = Array.from({ length: 24 }, () => pool.allocateFrameBuffer(MiB + 14));
    for (const frame of burst) pool.writeOut(frame);
    // A trickle: one frame of that length per period reuses an idle piece.
    pool.writeOut(pool.allocateFrameBuffer(MiB + 14));
    vi.advanceTimersByTime(1000);
    expect(pool.idleFrameBytes()).toBe(0);
    expect(pool.arenaOf(pool.allocateFrameBuffer(MiB + 14)) === pool.arenaOf(burst[0])).toBe(false);
  });

  it('stays with many pieces idle at a release when it reused as many in the period (many connections streaming)', async () => {
    const pool = await freshPool({ fakeTimers: true });
    const frames = Array.from({ length: 24 }, () => pool.allocateFrameBuffer(MiB + 14));
    for (const frame of frames) pool.writeOut(frame);
    // Every idle piece taken and written again within the period.
    const again = frames.map(() => pool.allocateFrameBuffer(MiB + 14));
    for (const frame of again) pool.writeOut(frame);
    vi.advanceTimersByTime(1000);
    expect(pool.idleFrameBytes()).toBe(24 * frameClassBytes(MiB + 14));
    expect(pool.allocateFrameBuffer(MiB + 14) === again.at(-1)).toBe(true);
  });

  it('is dropped at the next release once a frame did not fit, so a new one starts empty', async () => {
    const pool = await freshPool({ fakeTimers: true });
    const first = pool.allocateFrameBuffer(ARENA_MAX_FRAME_BYTES);
    const second = pool.allocateFrameBuffer(ARENA_MAX_FRAME_BYTES);
    expect(pool.arenaOf(second)).toBe(pool.arenaOf(first));
    expect(pool.arenaOf(pool.allocateFrameBuffer(MiB))).toBeUndefined();
    pool.writeOut(first);
    vi.advanceTimersByTime(1000);
    expect(pool.arenaOf(pool.allocateFrameBuffer(MiB)) === pool.arenaOf(first)).toBe(false);
  });

  it('takes back a frame buffer core gives back unsent (text an extension compressed), once', async () => {
    const pool = await freshPool();
    for (const length of [MiB + 14, ARENA_MAX_FRAME_BYTES + 14]) {
      const unsent = pool.allocateFrameBuffer(length);
      pool.recycleBuffer(unsent);
      pool.recycleBuffer(unsent);
      expect(pool.allocateFrameBuffer(length) === unsent).toBe(true);
      expect(pool.allocateFrameBuffer(length) === unsent).toBe(false);
    }
  });

  it('is not used where core cannot make one: frames are buffers of the heap, pooled by size class', async () => {
    const pool = await freshPool({ core: { createMaskArena: () => undefined } });
    const frame = pool.allocateFrameBuffer(MiB + 14);
    expect(pool.arenaOf(frame)).toBeUndefined();
    expect(isClassBuffer(frame)).toBe(true);
    pool.writeOut(frame);
    expect(pool.allocateFrameBuffer(MiB + 14) === frame).toBe(true);
  });
});
