import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ARENA_MAX_FRAME_BYTES } from '../src/frame-arena.js';
import { allocateFrameBuffer, discardFrameBuffer } from '../src/frame-buffer-pool.js';
import { SocketTransport } from '../src/socket-transport.js';
import { allocateInWriteSlab, reserveInWriteSlab, WRITE_SLAB_BYTES, writeSlab } from '../src/write-slab.js';

/** A stand-in for net.Socket that records what reaches it, write by write. */
function fakeSocket() {
  const writes: Buffer[] = [];
  /** The chunks themselves, not copies: to see whose memory reached the socket. */
  const raw: Uint8Array[] = [];
  const calls: string[] = [];
  const socket = {
    destroyed: false,
    writableNeedDrain: false,
    /** What Node's socket would hold unwritten after each write: 0 when the kernel takes it all at once. */
    writableLength: undefined as number | undefined,
    write(chunk: Uint8Array) {
      writes.push(Buffer.from(chunk));
      raw.push(chunk);
      calls.push(`write:${chunk.byteLength}`);
      return !socket.writableNeedDrain;
    },
    cork: () => calls.push('cork'),
    uncork: () => calls.push('uncork'),
    end: () => calls.push('end'),
    destroy: () => {
      socket.destroyed = true;
      calls.push('destroy');
    },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
  };
  return { socket, writes, raw, calls, transport: new SocketTransport(socket as unknown as Socket) };
}

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);
const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

/**
 * A transport over a real socket to a peer, which does not read until `drain()` when `stalled`:
 * `drain()` lets it read, ends the connection and resolves with every byte it received, in order.
 */
async function connectToPeer({ stalled }: { stalled: boolean }): Promise<{ socket: Socket; transport: SocketTransport; drain: () => Promise<Buffer> }> {
  const received: Buffer[] = [];
  let peer: Socket | undefined;
  const server = createServer((socket) => {
    peer = socket;
    if (stalled) socket.pause();
    socket.on('data', (chunk) => received.push(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const { Socket: NetSocket } = await import('node:net');
  const socket = new NetSocket();
  await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
  const transport = new SocketTransport(socket);
  const drain = async (): Promise<Buffer> => {
    peer!.resume();
    await new Promise<void>((resolve) => {
      socket.on('close', () => resolve());
      transport.end();
      peer!.on('end', () => peer!.end());
    });
    server.close();
    return Buffer.concat(received);
  };
  return { socket, transport, drain };
}

describe('SocketTransport', () => {
  it('gathers the small chunks of one tick into a single write on the next tick', async () => {
    const { transport, writes } = fakeSocket();
    for (let i = 0; i < 100; i++) expect(transport.write([bytes(18, i)])).toBe(true);
    expect(writes).toHaveLength(0);
    expect(transport.pendingBytes).toBe(1800);
    await nextTick();
    expect(writes).toHaveLength(1);
    expect(writes[0].length).toBe(1800);
    expect(writes[0][18 * 42]).toBe(42);
    expect(transport.pendingBytes).toBe(0);
  });

  it('writes the chunks of one tick in order under one cork on the next tick, big ones as they are', async () => {
    const { transport, writes, calls } = fakeSocket();
    const big = bytes(40_000, 2);
    transport.write([bytes(10, 1)]);
    transport.write([big, bytes(6, 3)]);
    expect(calls).toEqual([]);
    expect(transport.pendingBytes).toBe(40_016);
    await nextTick();
    expect(calls).toEqual(['cork', 'write:10', 'write:40000', 'write:6', 'uncork']);
    expect(writes.map((w) => [w.length, w[0]])).toEqual([[10, 1], [40_000, 2], [6, 3]]);
    expect(transport.pendingBytes).toBe(0);
  });

  it('writes at once, in one writev, when a tick has queued 256 KiB', () => {
    const { transport, calls } = fakeSocket();
    for (let i = 0; i < 4; i++) transport.write([bytes(60 * 1024, i)]);
    expect(calls).toEqual([]);
    transport.write([bytes(60 * 1024, 4)]);
    expect(calls).toEqual(['cork', ...Array<string>(5).fill('write:61440'), 'uncork']);
    expect(transport.pendingBytes).toBe(0);
  });

  it('writes a frame of 64 KiB or more at once, after what the tick queued before it, so a parsing peer starts on it', async () => {
    const { transport, writes, calls } = fakeSocket();
    transport.write([bytes(14, 1)]);
    transport.write([bytes(40_000, 2)]);
    expect(calls).toEqual([]);
    // One write() may carry several chunks (a header and its payload): they leave together.
    transport.write([bytes(14, 3), bytes(64 * 1024, 4)]);
    expect(calls).toEqual(['cork', 'write:14', 'write:40000', 'write:14', 'write:65536', 'uncork']);
    expect(writes.map((w) => w[0])).toEqual([1, 2, 3, 4]);
    expect(transport.pendingBytes).toBe(0);
    // Smaller frames after it gather again until the next tick.
    transport.write([bytes(14, 5), bytes(40_000, 6)]);
    expect(calls).toHaveLength(6);
    await nextTick();
    expect(calls.slice(6)).toEqual(['cork', 'write:14', 'write:40000', 'uncork']);
  });

  it('holds a chunk one byte under 64 KiB for the tick, and schedules the tick\'s write after a big chunk went first', async () => {
    const { transport, calls } = fakeSocket();
    transport.write([bytes(64 * 1024 - 1, 1)]);
    expect(calls).toEqual([]);
    await nextTick();
    expect(calls).toEqual(['write:65535']);
    // A new tick whose first write is big: nothing was scheduled before it, the small one after it must be.
    transport.write([bytes(64 * 1024, 2)]);
    expect(calls).toEqual(['write:65535', 'write:65536']);
    transport.write([bytes(10, 3)]);
    expect(transport.pendingBytes).toBe(10);
    await nextTick();
    expect(calls).toEqual(['write:65535', 'write:65536', 'write:10']);
    expect(transport.pendingBytes).toBe(0);
  });

  it('writes what it holds when a slab is full, keeping order, and never overwrites written bytes', async () => {
    const { transport, writes } = fakeSocket();
    for (let i = 0; i < 10; i++) transport.write([bytes(10_000, i)]);
    await nextTick();
    const all = Buffer.concat(writes);
    expect(all.length).toBe(100_000);
    for (let i = 0; i < 10; i++) expect(all[i * 10_000 + 9_999]).toBe(i);
    expect(writes.length).toBeLessThanOrEqual(3);
  });

  it('keeps each connection\'s bytes apart and in order when two write in the same tick', async () => {
    const a = fakeSocket();
    const b = fakeSocket();
    a.transport.write([bytes(3, 1)]);
    a.transport.write([bytes(3, 2)]);
    b.transport.write([bytes(4, 7)]);
    a.transport.write([bytes(3, 3)]);
    b.transport.write([bytes(4, 8)]);
    await nextTick();
    expect(Buffer.concat(a.writes)).toEqual(Buffer.from([1, 1, 1, 2, 2, 2, 3, 3, 3]));
    expect(Buffer.concat(b.writes)).toEqual(Buffer.from([7, 7, 7, 7, 8, 8, 8, 8]));
    expect(a.transport.pendingBytes + b.transport.pendingBytes).toBe(0);
  });

  it('flushes before end() and drops pending bytes on destroy()', async () => {
    const ended = fakeSocket();
    ended.transport.write([bytes(5, 9)]);
    ended.transport.end();
    expect(ended.calls).toEqual(['write:5', 'end']);
    const destroyed = fakeSocket();
    destroyed.transport.write([bytes(5, 9)]);
    destroyed.transport.destroy();
    await nextTick();
    expect(destroyed.calls).toEqual(['destroy']);
  });

  it('answers the socket\'s backpressure', () => {
    const { transport, socket } = fakeSocket();
    socket.writableNeedDrain = true;
    expect(transport.write([bytes(5, 0)])).toBe(false);
  });

  it('delivers every byte in order over a real socket', async () => {
    const { transport, drain } = await connectToPeer({ stalled: false });
    const expected: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const size = i % 97 === 0 ? 20_000 + i : (i % 50) + 1;
      const chunk = bytes(size, i & 0xff);
      for (let j = 0; j < size; j++) expected.push(i & 0xff);
      transport.write([chunk]);
      if (i % 300 === 0) await nextTick();
    }
    const all = await drain();
    expect(all.length).toBe(expected.length);
    expect(all.equals(Buffer.from(expected))).toBe(true);
  });

  it('gives a batch\'s frame buffer back to the pool only once a peer that stopped reading has read the batch, every byte in order', async () => {
    const { socket, transport, drain } = await connectToPeer({ stalled: true });
    // Longer than the kernel takes for a peer that reads nothing: the batch stays queued.
    const length = ARENA_MAX_FRAME_BYTES - 100;
    const frame = allocateFrameBuffer(length).fill(7);
    transport.write([bytes(100, 1), frame]);
    expect(socket.writableLength).toBeGreaterThan(0);
    const other = allocateFrameBuffer(length);
    expect(other === frame).toBe(false);
    discardFrameBuffer(other);
    const received = await drain();
    expect([received.length, received[0], received[99], received[100], received.at(-1)]).toEqual([100 + length, 1, 1, 7, 7]);
    expect(allocateFrameBuffer(length) === frame).toBe(true);
  });

  it('keeps every byte of a burst of small writes to a peer that stops reading for a while (the socket queues them, no slab is reused under it)', async () => {
    const { socket, transport, drain } = await connectToPeer({ stalled: true });
    const chunks = 24_000;
    for (let i = 0; i < chunks; i++) {
      transport.write([bytes(1_000, (i * 31 + 7) & 0xff)]);
      if (i % 64 === 63) await nextTick();
    }
    // 24 MB: more than the kernel buffers of both ends hold, so later writes were queued.
    expect(socket.writableLength).toBeGreaterThan(0);
    const all = await drain();
    expect(all.length).toBe(chunks * 1_000);
    for (let i = 0; i < chunks; i++) {
      const expected = (i * 31 + 7) & 0xff;
      if (all[i * 1_000] !== expected || all[i * 1_000 + 999] !== expected) throw new Error(`chunk ${i} overwritten`);
    }
  });

  it('keeps every byte when each tick writes one whole slab as one region (the flush without a queue) to a peer that stops reading for a while', async () => {
    const { socket, transport, drain } = await connectToPeer({ stalled: true });
    // Start at the beginning of a slab, so that every tick's 64 KiB fill exactly one.
    if (writeSlab.memory !== undefined && writeSlab.filled > 0) reserveInWriteSlab(WRITE_SLAB_BYTES - writeSlab.filled);
    const ticks = 400; // 26 MB
    for (let tick = 0; tick < ticks; tick++) {
      for (let i = 0; i < 4; i++) transport.write([bytes(16 * 1024, (tick * 4 + i) & 0xff)]);
      await nextTick();
    }
    expect(socket.writableLength).toBeGreaterThan(0);
    const all = await drain();
    expect(all.length).toBe(ticks * 4 * 16 * 1024);
    for (let n = 0; n < ticks * 4; n++) {
      if (all[n * 16_384] !== (n & 0xff) || all[n * 16_384 + 16_383] !== (n & 0xff)) throw new Error(`chunk ${n} overwritten`);
    }
  });

  it('writes frames built in the write slab where they lie, consecutive ones as one region, without a copy', async () => {
    const { transport, raw, writes } = fakeSocket();
    const first = allocateInWriteSlab(1000).fill(1);
    const second = allocateInWriteSlab(3000).fill(2);
    transport.write([first]);
    transport.write([second]);
    await nextTick();
    expect(raw).toHaveLength(1);
    expect(raw[0].buffer).toBe(first.buffer);
    expect(raw[0].byteOffset).toBe(first.byteOffset);
    expect(writes[0].equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('keeps connections apart and in order when their frames were built interleaved, mixed with other chunks, or never written', async () => {
    const one = fakeSocket();
    const two = fakeSocket();
    const a1 = allocateInWriteSlab(500).fill(1);
    const b1 = allocateInWriteSlab(700).fill(2);
    const a2 = allocateInWriteSlab(300).fill(3);
    allocateInWriteSlab(100).fill(9);
    two.transport.write([b1]);
    one.transport.write([bytes(10, 4), a1, a2]);
    const a3 = allocateInWriteSlab(200).fill(5);
    one.transport.write([a3]);
    await nextTick();
    expect(Buffer.concat(one.writes).equals(Buffer.concat([bytes(10, 4), a1, a2, a3]))).toBe(true);
    expect(Buffer.concat(two.writes).equals(Buffer.from(bytes(700, 2)))).toBe(true);
  });

  it('copies a frame built in a write slab that has since been replaced, and keeps its place in the order', async () => {
    const { transport, writes } = fakeSocket();
    const early = allocateInWriteSlab(1000).fill(6);
    // Carve until the shared slab is replaced by a fresh one.
    let later = allocateInWriteSlab(16 * 1024);
    while (later.buffer === early.buffer) later = allocateInWriteSlab(16 * 1024);
    later.fill(7);
    transport.write([early, later]);
    await nextTick();
    expect(Buffer.concat(writes).equals(Buffer.concat([early, later]))).toBe(true);
  });

  it('turns over two write slabs when the socket takes every write at once: a burst leaves no 64 KiB of garbage per 64 KiB sent', async () => {
    const { transport, socket, raw, writes } = fakeSocket();
    socket.writableLength = 0;
    for (let tick = 0; tick < 48; tick++) {
      for (let i = 0; i < 4; i++) transport.write([bytes(5_000, (tick * 4 + i) & 0xff)]);
      await nextTick();
    }
    // 960 000 bytes, 15 slabs' worth: the slab earlier tests left behind, then two taking turns.
    expect(new Set(raw.map((chunk) => chunk.buffer)).size).toBeLessThanOrEqual(3);
    const all = Buffer.concat(writes);
    for (let n = 0; n < 192; n++) expect(all.subarray(n * 5_000, (n + 1) * 5_000).every((b) => b === (n & 0xff))).toBe(true);
  });

  it('replaces, never reuses, a full write slab while the socket still holds some of its bytes', async () => {
    const { transport, socket, raw, writes } = fakeSocket();
    socket.writableLength = 1; // the kernel did not take everything: the socket queued the rest
    for (let tick = 0; tick < 48; tick++) {
      for (let i = 0; i < 4; i++) transport.write([bytes(5_000, i)]);
      await nextTick();
    }
    expect(new Set(raw.map((chunk) => chunk.buffer)).size).toBeGreaterThanOrEqual(15);
    // Every region the socket was given still holds what it held when it was written.
    raw.forEach((chunk, i) => expect(Buffer.from(chunk).equals(writes[i])).toBe(true));
  });

  it('replaces a full write slab that holds a frame built there and not written yet, which keeps its bytes', async () => {
    const { transport, socket, writes } = fakeSocket();
    socket.writableLength = 0;
    // Start at the beginning of a slab, whose only unwritten bytes are then this piece's.
    while (writeSlab.memory !== undefined && writeSlab.filled > 0 && writeSlab.filled < WRITE_SLAB_BYTES) {
      transport.write([bytes(Math.min(WRITE_SLAB_BYTES - writeSlab.filled, 16 * 1024), 0)]);
      await nextTick();
    }
    const unwritten = allocateInWriteSlab(1_000).fill(42);
    for (let i = 0; i < 30; i++) {
      transport.write([bytes(5_000, i)]);
      await nextTick();
    }
    expect(unwritten.every((b) => b === 42)).toBe(true);
    transport.write([unwritten]);
    await nextTick();
    expect(writes.at(-1)!.equals(Buffer.alloc(1_000, 42))).toBe(true);
  });

  it('never asks a chunk of 64 bytes or less for its ArrayBuffer (V8 would move its bytes off the heap)', async () => {
    const { transport, writes } = fakeSocket();
    allocateInWriteSlab(100); // a write slab exists, as in any process that has sent a frame
    let asked = 0;
    const small = bytes(22, 8);
    Object.defineProperty(small, 'buffer', { get: () => { asked++; return Uint8Array.prototype.subarray.call(small).buffer; } });
    transport.write([small]);
    await nextTick();
    expect(asked).toBe(0);
    expect(writes[0].equals(Buffer.from(bytes(22, 8)))).toBe(true);
  });
});
