import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocateFrameBuffer, idleFrameBytes, recycleBuffer, takeRecycler } from '../src/frame-buffer-pool.js';
import { nodePlatform } from '../src/node-platform.js';
import { SocketTransport } from '../src/socket-transport.js';

const MiB = 1024 * 1024;

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
    expect(second.buffer === first.buffer).toBe(false);
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

  it('pools frames from 64 KiB, and carves smaller ones from a slab', () => {
    const { transport } = fakeSocket({ writesSynchronously: true });
    const frame = allocateFrameBuffer(64 * 1024 + 14);
    // A frame this big is written at once: back in the pool within the same tick.
    transport.write([frame]);
    expect(allocateFrameBuffer(64 * 1024 + 14) === frame).toBe(true);
    const small = allocateFrameBuffer(60 * 1024);
    expect(takeRecycler(small)).toBeUndefined();
    expect(small.byteLength < small.buffer.byteLength).toBe(true);
  });

  it('pools frames over 16 KiB that repeat the previous length, and slab-carves those of varying length', () => {
    const { transport } = fakeSocket({ writesSynchronously: true });
    const send = (frame: Buffer): void => {
      transport.write([frame]);
      transport.flush();
    };
    // Varying lengths: every frame a slab piece, none tracked by the pool.
    for (const length of [20_000, 30_000, 20_000, 40_000]) {
      const frame = allocateFrameBuffer(length);
      expect(frame.byteLength < frame.buffer.byteLength).toBe(true);
      send(frame);
    }
    // The same length again: from the second frame on, a buffer of its own, reused once written.
    const length = 32 * 1024 + 8;
    send(allocateFrameBuffer(length));
    const pooled = allocateFrameBuffer(length);
    expect(pooled.byteLength).toBe(pooled.buffer.byteLength);
    send(pooled);
    expect(allocateFrameBuffer(length) === pooled).toBe(true);
    // 16 KiB and less is built in the write slab by the platform, never pooled here.
    allocateFrameBuffer(16 * 1024);
    const repeatedSmall = allocateFrameBuffer(16 * 1024);
    expect(repeatedSmall.byteLength < repeatedSmall.buffer.byteLength).toBe(true);
  });

  it('drops a buffer whose write failed, and recycles a buffer once at most', () => {
    const length = 2 * MiB + 14;
    const { pending, transport } = fakeSocket();
    const frame = allocateFrameBuffer(length);
    transport.write([frame]);
    pending[0].callback?.(new Error('socket destroyed'));
    expect(allocateFrameBuffer(length) === frame).toBe(false);
    const other = allocateFrameBuffer(length);
    const recycler = takeRecycler(other);
    expect(recycler).toBeTypeOf('function');
    expect(takeRecycler(other)).toBeUndefined();
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
    const length = 3 * MiB + 14;
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
    const buffer = allocateFrameBuffer(2 * 1024 * 1024);
    takeRecycler(buffer)?.(null);
    expect(idleFrameBytes()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(idleFrameBytes()).toBe(0);
  });
});
