import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allocatePooled, recycleBuffer } from '../src/frame-buffer-pool.js';
import { openSocket } from '../src/open-socket.js';
import { parseTarget } from '../src/target-url.js';
import { resetTrimThresholdRaise, TRIM_RAISER_BYTES } from '../src/trim-threshold.js';

const MiB = 1024 * 1024;

// Without the raise, a fresh process receiving 16 MiB messages faulted 46–54 k pages per 80
// messages (glibc trimmed every second pair of dead messages) against 17–21 k with it: see
// trim-threshold.ts.
describe("glibc's trim threshold, raised at the first connection or big buffer", () => {
  beforeEach(() => {
    resetTrimThresholdRaise();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('allocates one untouched block just under 32 MiB before the first big fresh buffer, and never again', () => {
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    allocatePooled(2 * MiB + 3);
    allocatePooled(5 * MiB + 1);
    expect(allocations.mock.calls.map(([size]) => size)).toEqual([TRIM_RAISER_BYTES, 2 * MiB + 3, 4096, 5 * MiB + 1, 4096]);
  });

  it('is made when the first connection opens, before any message, and not again for the next', async () => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const target = parseTarget(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    try {
      for (let i = 0; i < 2; i++) (await openSocket(target, undefined, undefined, new AbortController().signal)).destroy();
      expect(allocations.mock.calls.filter(([size]) => size === TRIM_RAISER_BYTES)).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('is sized so that glibc, freeing it, takes it as the new mmap threshold (at most 32 MiB) and twice that as the trim threshold', () => {
    expect(TRIM_RAISER_BYTES).toBeLessThan(32 * MiB - 4096);
    expect(TRIM_RAISER_BYTES).toBeGreaterThan(31 * MiB);
  });

  it('never fails the allocations it precedes when the block is refused (an address-space limit), and is not retried', () => {
    const real = Buffer.allocUnsafeSlow.bind(Buffer);
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow').mockImplementation((size) => {
      if (size === TRIM_RAISER_BYTES) throw new RangeError('Array buffer allocation failed');
      return real(size);
    });
    expect(allocatePooled(2 * MiB).length).toBe(2 * MiB);
    allocatePooled(3 * MiB);
    expect(allocations.mock.calls.map(([size]) => size)).toEqual([TRIM_RAISER_BYTES, 2 * MiB, 4096, 3 * MiB, 4096]);
  });

  it('is not made for small buffers, which never reach the heap top in bulk', () => {
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    allocatePooled(16 * 1024);
    // The buffer itself (its own, never a piece of Node's shared pool), and no block before it.
    expect(allocations.mock.calls.map(([size]) => size)).toEqual([16 * 1024]);
  });

  it('is not made when a big buffer is reused from the idle ones', () => {
    const idle = Buffer.allocUnsafeSlow(MiB);
    recycleBuffer(idle);
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    expect(allocatePooled(MiB)).toBe(idle);
    expect(allocations).not.toHaveBeenCalled();
  });
});

describe("glibc's trim threshold on a 32-bit host", () => {
  afterEach(() => {
    vi.doUnmock('node:process');
    vi.resetModules();
    vi.restoreAllMocks();
  });

  it('is not raised where glibc caps the threshold at 512 KiB (arm, ia32): no 32 MiB block at all', async () => {
    vi.resetModules();
    vi.doMock('node:process', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:process')>()), arch: 'arm' }));
    const pool = await import('../src/frame-buffer-pool.js');
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    pool.allocatePooled(2 * MiB);
    expect(allocations.mock.calls.map(([size]) => size)).toEqual([2 * MiB, 4096]);
  });
});
