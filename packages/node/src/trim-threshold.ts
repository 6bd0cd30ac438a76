import { Buffer } from 'node:buffer';
import { arch } from 'node:process';

/**
 * Just under glibc's `DEFAULT_MMAP_THRESHOLD_MAX` (32 MiB on 64-bit hosts): the largest block whose
 * release still moves glibc's dynamic thresholds.
 */
export const TRIM_RAISER_BYTES = 32 * 1024 * 1024 - 64 * 1024;

let raised = false;

/** The 32-bit values of `process.arch`. */
const THIRTY_TWO_BIT_ARCHES: ReadonlySet<string> = new Set(['arm', 'ia32', 'mips', 'mipsel', 'ppc', 's390']);

/**
 * Called when the first connection opens, and before the first big buffer of the process is
 * allocated fresh: allocates one block of {@link TRIM_RAISER_BYTES}, never writes to it, and
 * drops it.
 *
 * Why: glibc's malloc returns the free memory at the top of its heap to the kernel once it passes
 * the trim threshold, which glibc sets to twice the largest mmap'd block freed so far (among blocks
 * of at most 32 MiB: a bigger one, such as a 64 MiB message, moves nothing). A process
 * that receives 16 MiB messages has a threshold of ~32 MiB, so two dead messages at the top are
 * handed back and the next two fault in 8 192 fresh, kernel-zeroed pages; with 1 MiB messages the
 * threshold is ~2 MiB and that happens every couple of messages. When the dropped block is freed
 * (mmap'd, so unmapped: its pages were never touched and cost no memory), glibc raises the mmap
 * threshold to ~32 MiB and the trim threshold to ~64 MiB, the state it reaches by itself once any
 * ~32 MiB buffer has been freed (a file read whole, a big message): freed messages stay in the heap
 * and the next ones reuse them warm. What it costs: glibc may keep up to ~64 MiB of freed memory
 * for reuse instead of returning it. Other allocators (musl, macOS, Windows) see one untouched
 * allocation. Measured (2026-12-06, download binary 16 MiB, 80 messages per fresh process, 5
 * processes each, alternating): 46–54 k page faults and 0.83–0.95 s without, 17–21 k and
 * 0.52–0.59 s with.
 *
 * Small messages gain too. A young process's optimising compiler (on a background thread) takes
 * its working memory from malloc and frees it after each function; below the threshold the top
 * of the heap goes back to the kernel, and the next compilation faults it in again. Measured
 * (2026-12-06, 32 768 binary 16 B messages from a fresh process, 9 processes each, alternating):
 * 2 100–2 400 page faults and a median of 63.0 ms without, 1 800–2 000 and 56.5 ms with.
 *
 * Visible to the application: `process.memoryUsage().arrayBuffers` counts the block (32 MiB, never
 * written, so no RSS) until the GC frees it.
 */
export function raiseTrimThresholdOnce(): void {
  if (raised) return;
  // Once per copy of this module: a worker thread, or ESM and CommonJS builds loaded side by side,
  // each make one more untouched allocation, which is harmless.
  raised = true;
  // glibc's cap is 512 KiB on 32-bit hosts: the block would move nothing there.
  if (THIRTY_TWO_BIT_ARCHES.has(arch)) return;
  try {
    Buffer.allocUnsafeSlow(TRIM_RAISER_BYTES);
  } catch {
    // Refused (an address-space limit, strict overcommit): the raise is only an optimisation,
    // and the message that asked for a big buffer must not fail because of it.
  }
}

/** @internal For tests: forget that the raise was made. */
export function resetTrimThresholdRaise(): void {
  raised = false;
}
