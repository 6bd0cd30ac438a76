import { Buffer } from 'node:buffer';

/**
 * Size of the fence. Large enough that glibc serves it from the top of its heap or the free
 * memory beside the big buffer just carved, not from its small-size caches elsewhere
 * (measured with 1 MiB messages: 1 KiB pins less well than 4 KiB; 64 KiB does no better).
 */
const FENCE_BYTES = 4096;

/**
 * The fence is checked this often and dropped once a whole period passed without a big allocation
 * (so 1–2 periods after the last one): an idle process can then trim its heap.
 */
const FENCE_IDLE_MS = 1000;

let fence: Buffer | undefined;
let allocatedSinceCheck = false;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Called after each big buffer is allocated fresh (a received payload, an outgoing frame):
 * replaces the fence, a small buffer allocated after it and kept alive until the next one.
 *
 * Why: glibc's malloc hands memory back to the kernel when the free space at the top of its heap
 * passes its trim threshold (about twice the largest buffer freed lately). V8 frees dead
 * ArrayBuffers in bulk after each minor GC, which runs every ~32 MiB of new buffers, so a stream
 * of 1 MiB messages freed ~32 MiB at the top at once, glibc trimmed it, and the next 32 messages
 * faulted fresh pages in: 4 KiB at a time, each fault zero-filled by the kernel. A live block
 * above the freed run keeps it inside the heap, where the next messages reuse it warm. Measured
 * (512 × 1 MiB binary download, EPYC VM): 55–85 k page faults → 23–25 k, 0.9–1.1 s → 0.40–0.44 s.
 * `ws` gets the same effect by accident from the 64 KiB buffer Node allocates for every read.
 * Under another allocator (musl, jemalloc) it costs one 4 KiB allocation per big buffer. On
 * Node 24 (V8 13.6) the same download ran one minor GC and seven major ones (V8 chose to collect
 * under external memory pressure with mark-compacts), and the fence made no measurable
 * difference there (0.74–0.81 s either way, ws 0.85–1.01 s).
 */
export function fenceAfterBigAllocation(): void {
  fence = Buffer.allocUnsafeSlow(FENCE_BYTES);
  allocatedSinceCheck = true;
  if (idleTimer === undefined) {
    idleTimer = setTimeout(dropIdleFence, FENCE_IDLE_MS);
    // The fence never keeps the process alive.
    idleTimer.unref();
  }
}

function dropIdleFence(): void {
  idleTimer = undefined;
  if (allocatedSinceCheck) {
    allocatedSinceCheck = false;
    idleTimer = setTimeout(dropIdleFence, FENCE_IDLE_MS);
    idleTimer.unref();
    return;
  }
  fence = undefined;
}

/** @internal For tests: whether a fence is held. */
export function holdsHeapFence(): boolean {
  return fence !== undefined;
}
