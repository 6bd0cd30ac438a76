import { Buffer } from 'node:buffer';

/**
 * Size of the spacer: large enough that glibc serves it from the top of its heap, right after the
 * big buffer just carved, rather than from its small-size caches elsewhere (measured with 1 MiB
 * messages, 2026-12-05: 1 KiB spaced less well than 4 KiB; 64 KiB did no better).
 */
const SPACER_BYTES = 4096;

/**
 * Called right after each big buffer is allocated fresh (a received payload, an outgoing frame):
 * allocates a small buffer after it and drops it. Its memory stays allocated until V8's next
 * garbage collection frees it together with the dead big buffers around it.
 *
 * Why: glibc's malloc hands memory back to the kernel when the free space at the top of its heap
 * passes its trim threshold (about twice the largest buffer freed lately). V8 frees dead
 * ArrayBuffers in bulk after a GC; without a live block above them, a stream of big messages left
 * their whole run at the top, glibc trimmed it, and the next messages faulted fresh pages in, 4 KiB
 * at a time, each zero-filled by the kernel. With the spacer the run is reused warm. Measured
 * (2026-12-06, A/B, 5 reps, download binary, EPYC VM, Node 20): 1 MiB messages 0.77 → 2.07 GB/s
 * and 84–129 k → 25–30 k page faults per 768 MiB; 16 MiB messages 0.63 → 1.35 GB/s, 71–124 k →
 * 26–46 k faults (ws: 1.24 and 1.47 GB/s, 22–55 k faults: Node's fresh 64 KiB read buffers space
 * ws's heap the same way). Keeping the spacer alive until the next big allocation measured no
 * better (16 MiB: 50–54 k faults). Under another allocator it costs one 4 KiB allocation per big
 * buffer.
 */
export function allocateHeapSpacer(): Buffer {
  // Returned (and ignored by callers) so that no bundler or compiler takes the call for dead code.
  return Buffer.allocUnsafeSlow(SPACER_BYTES);
}
