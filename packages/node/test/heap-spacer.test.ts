import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allocatePooled } from '../src/frame-buffer-pool.js';
import { raiseTrimThresholdOnce } from '../src/trim-threshold.js';

const MiB = 1024 * 1024;

// Without the spacer, a stream of big downloads faulted every buffer in fresh (84–129 k page
// faults against 25–30 k per 768 MiB of 1 MiB messages, 2.7× slower): see heap-spacer.ts.
describe('the heap spacer allocated after each big fresh buffer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('follows every big buffer allocated fresh with one 4 KiB allocation, right after it', () => {
    // The once-per-process raise of trim-threshold.ts comes before the first big buffer: done here.
    raiseTrimThresholdOnce();
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    const buffer = allocatePooled(3 * MiB + 5);
    expect(buffer.length).toBe(3 * MiB + 5);
    expect(allocations.mock.calls.map(([size]) => size)).toEqual([3 * MiB + 5, 4096]);
  });

  it('is not made for buffers below the pool size (64 KiB), which never reach the heap top in bulk', () => {
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    allocatePooled(16 * 1024);
    // The buffer itself (its own, never a piece of Node's shared pool), and nothing after it.
    expect(allocations.mock.calls.map(([size]) => size)).toEqual([16 * 1024]);
  });
});
