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

  it('is held while big buffers keep being allocated, and let go within two seconds of the last', () => {
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

  it('is not made for small buffers, which come from Node\'s own pool', () => {
    vi.runAllTimers();
    allocatePooled(16 * 1024);
    expect(holdsHeapFence()).toBe(false);
  });

  it('never keeps the process alive (its timer is unref\'d)', () => {
    const unref = vi.fn();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((() => ({ unref })) as unknown) as typeof setTimeout);
    try {
      vi.runAllTimers();
      allocatePooled(MiB);
    } finally {
      setTimeoutSpy.mockRestore();
    }
    expect(unref).toHaveBeenCalled();
  });
});
