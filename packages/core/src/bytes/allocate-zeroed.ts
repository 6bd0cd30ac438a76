/** The allocator core falls back on when the platform gives none: zero-filled memory. */
export function allocateZeroed(length: number): Uint8Array {
  return new Uint8Array(length);
}
