import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allocatePooled } from '../src/frame-buffer-pool.js';
import { holdsHeapFence } from '../src/heap-fence.js';

const MiB = 1024 * 1024;

describe('the heap fence kept after big allocations', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.runAllTimers();
    vi.useRealTimers();
  });

  it('is held while big buffers keep being allocated, and let go one to two seconds after the last', () => {
    vi.runAllTimers();
    expect(holdsHeapFence()).toBe(false);
    allocatePooled(MiB);
    expect(holdsHeapFence()).toBe(true);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(900);
      allocatePooled(MiB);
      expect(holdsHeapFence()).toBe(true);
    }
    vi.advanceTimersByTime(2000);
    expect(holdsHeapFence()).toBe(false);
  });

  it('is not made for buffers below the pool size (64 KiB), which are not allocated fresh one by one', () => {
    vi.runAllTimers();
    allocatePooled(16 * 1024);
    expect(holdsHeapFence()).toBe(false);
  });

  it('never keeps the process alive (its timer is unref\'d)', () => {
    vi.runAllTimers();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    try {
      allocatePooled(MiB);
      const timer = setTimeoutSpy.mock.results.at(-1)?.value as ReturnType<typeof setTimeout>;
      expect(timer.hasRef()).toBe(false);
    } finally {
      setTimeoutSpy.mockRestore();
    }
  });
});
