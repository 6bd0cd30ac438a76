/**
 * The bytes of memory a frame of `length` bytes is given where frames are pooled by size class
 * (pieces of the frame arena, and the heap's frame buffers over 16 KiB): `length` rounded up to a
 * quarter of the power of two at or below it, so frames whose lengths vary (JSON documents, file
 * chunks) reuse one another's memory, at the cost of at most a fifth of it unused (and resident
 * only where a longer frame of the class has written). Pooled by exact length, such frames reused
 * nothing: every one took fresh memory, whose pages fault in as the frame is filled (and in the
 * arena, every one carved new memory until the arena filled). A frame is its payload and a header
 * of up to 14 bytes, so the length less {@link HEADER_ROOM_BYTES} is rounded and that room added
 * back (or the length itself is rounded, when that is smaller): a 1 MiB message's frame gets
 * 1 MiB + 64 bytes, not 1.25 MiB. So each power of two has eight classes: four quarter steps, and
 * each step plus 64 bytes. Every class is a multiple of 64 from 16 KiB, so arena pieces start on
 * the SIMD loop's 64-byte step.
 */
export function frameClassBytes(length: number): number {
  return Math.min(roundToQuarterPower(length - HEADER_ROOM_BYTES) + HEADER_ROOM_BYTES, roundToQuarterPower(length));
}

/** Room for a frame's header (at most 14 bytes) that keeps classes multiples of 64. */
const HEADER_ROOM_BYTES = 64;

/** `bytes` rounded up to a multiple of a quarter of the power of two at or below it. */
function roundToQuarterPower(bytes: number): number {
  const step = 2 ** (29 - Math.clz32(bytes));
  return Math.ceil(bytes / step) * step;
}
