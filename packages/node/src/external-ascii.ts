import { Buffer } from 'node:buffer';

/**
 * Node's `EXTERN_APEX`: from this length Node makes a Latin-1 string external, its bytes copied
 * into memory of its own from malloc (freed when V8 collects the string), where a shorter one is
 * a V8 heap string.
 */
export const EXTERNAL_LATIN1_MIN_BYTES = 0xfbee9;

/**
 * From this length, up to {@link EXTERNAL_LATIN1_MIN_BYTES}, ASCII text becomes a slice of an
 * external string ({@link externalAsciiString}). Below it the slice would keep more than twice
 * the text's bytes alive, and the heap string costs less (256 KiB: 200 against 185 µs).
 */
export const EXTERNAL_SLICE_MIN_BYTES = 512 * 1024;

let apexBuffer: Buffer | undefined;

/**
 * ASCII `bytes` (the caller checked) of {@link EXTERNAL_SLICE_MIN_BYTES} up to Node's
 * `EXTERN_APEX` as a string outside V8's heap.
 *
 * Why: V8 puts a string over 128 KiB in its large-object space, which maps fresh pages for every
 * string, faults them in as it copies and unmaps them after the next GC. The bytes are copied to
 * the start of a process-wide buffer of `EXTERN_APEX` bytes (the rest zero-filled, so no byte of
 * an earlier message is in the string), Node makes all of it one external Latin-1 string, and the
 * text is its first `bytes.length` characters: `substring` gives a slice of the external string,
 * not a copy. Per 512 KiB message in a loop: 445 → 220 µs on Node 20, 326 → 121 µs on Node 24;
 * 1000 KiB: 725 → 230 and 610 → 129 µs. The costs, as for every text from `EXTERN_APEX` up: the
 * memory is outside V8's heap (not bounded by `--max-old-space-size`; dead strings wait for a GC
 * that external memory triggers, up to about 64 MiB); and while the application keeps the text,
 * or any slice of 13 characters or more cut from it, or uses it as a Map key, the whole external
 * string (about 1 MiB) stays alive: at most twice the text's bytes.
 */
export function externalAsciiString(bytes: Uint8Array): string {
  const buffer = (apexBuffer ??= Buffer.allocUnsafeSlow(EXTERNAL_LATIN1_MIN_BYTES));
  buffer.set(bytes);
  buffer.fill(0, bytes.length);
  return buffer.toString('latin1').substring(0, bytes.length);
}
