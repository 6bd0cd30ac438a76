/**
 * A copy of `bytes` in memory of its own, as a plain `Uint8Array`. `bytes.slice()` is not one:
 * on a Node `Buffer`, `slice` returns a view that shares memory (the deprecated Buffer meaning),
 * so a "copy" kept that way changes when the caller reuses the buffer.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

