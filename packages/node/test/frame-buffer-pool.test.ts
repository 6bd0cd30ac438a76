import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocateFrameBuffer, idleFrameBytes, takeRecycler } from '../src/frame-buffer-pool.js';
import { nodePlatform } from '../src/node-platform.js';
import { SocketTransport } from '../src/socket-transport.js';

const MiB = 1024 * 1024;

/** A stand-in for net.Socket that keeps each write's callback, to complete it when a test says. */
function fakeSocket() {
  const pending: { chunk: Uint8Array; callback: ((error?: Error | null) => void) | undefined }[] = [];
  const socket = {
    destroyed: false,
    writableNeedDrain: false,
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

  it('never recycles a buffer it did not hand out', () => {
    const { pending, transport } = fakeSocket();
    const foreign = new Uint8Array(MiB + 14);
    const before = idleFrameBytes();
    transport.write([foreign]);
    expect(pending[0].callback).toBeUndefined();
    expect(idleFrameBytes()).toBe(before);
  });

  it('backs nodePlatform.allocateFrame, while received payloads (allocate) never come from it', () => {
    const length = 3 * MiB + 14;
    const { pending, transport } = fakeSocket();
    const frame = nodePlatform.allocateFrame(length);
    transport.write([frame]);
    pending[0].callback?.(null);
    expect(nodePlatform.allocate?.(length) === frame).toBe(false);
    expect(nodePlatform.allocateFrame(length) === frame).toBe(true);
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
