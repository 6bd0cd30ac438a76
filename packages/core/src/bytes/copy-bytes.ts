/**
 * A copy of `bytes` in memory of its own, as a plain `Uint8Array`. `bytes.slice()` is not one:
 * on a Node `Buffer`, `slice` returns a view that shares memory (the deprecated Buffer meaning),
 * so a "copy" kept that way changes when the caller reuses the buffer.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/**
 * A copy of `bytes` in a buffer from `allocate` (whose memory may start as garbage: every byte is
 * written), or a plain `Uint8Array` when there is no allocator.
 */
export function copyBytesWith(bytes: Uint8Array, allocate: ((length: number) => Uint8Array) | undefined): Uint8Array {
  if (allocate === undefined) return new Uint8Array(bytes);
  const copy = allocate(bytes.length);
  copy.set(bytes);
  return copy;
}
