/** `bytes` cut at the given offsets (taken modulo length + 1, deduplicated), in order; may yield empty chunks. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  return chunks;
}
