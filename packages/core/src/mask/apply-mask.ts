import { checkMaskArguments } from './check-mask-arguments.js';
import { arenaMasker, loadWasmMask, maskKeyWord, WASM_MASK_BLOCK_BYTES, WASM_MASK_CHUNK_BYTES } from './wasm-mask.js';

/** Below this many bytes the cost of making word views outweighs what they save. */
const WORD_THRESHOLD = 32;

/**
 * From this many bytes the payload goes through WebAssembly SIMD (copy in, 16 bytes per XOR,
 * copy out): below it the two copies and the call cost more than the JS word loop.
 */
export const WASM_THRESHOLD = 1024;

const keyBytes = new Uint8Array(4);
const keyWord = new Int32Array(keyBytes.buffer);

/**
 * RFC 6455 §5.3 masking (and unmasking: it is its own inverse), fast path:
 * `target[i] = source[i] ^ maskKey[(keyOffset + i) % 4]` for every byte of `source`.
 *
 * `keyOffset` is the position of `source[0]` in the masked payload; only its value mod 4 matters,
 * so a payload may be masked piece by piece. `target` may be `source` itself (in place) or
 * another buffer at least as long that does not overlap it. Bytes are processed four at a time through Int32 views with the
 * key rotated into one 32-bit word; the bytes before the first 4-aligned address, and the tail,
 * go one by one. When source and target are misaligned relative to each other the source is first
 * copied into the target (a memcpy) and then masked there in place. From {@link WASM_THRESHOLD}
 * bytes, where WebAssembly SIMD is available, 64 KiB pieces are masked by a SIMD loop instead,
 * or the whole target where it lies when it is in a mask arena (`createMaskArena`).
 */
export function applyMask(source: Uint8Array, maskKey: Uint8Array, target: Uint8Array, keyOffset = 0): void {
  checkMaskArguments(source, maskKey, target, keyOffset);
  const length = source.length;
  if (length >= WASM_THRESHOLD) {
    const maskBlocks = arenaMasker(target.buffer);
    if (maskBlocks !== undefined) return maskInArena(source, maskKey, target, keyOffset, maskBlocks);
    if (maskWithWasm(source, maskKey, target, keyOffset)) return;
  }
  maskWithWords(source, maskKey, target, keyOffset);
}

/**
 * The arena path: the target is WebAssembly memory already, so the source is copied there (unless
 * it is the target) and XORed in place, 64 bytes per step; no copy through the masker's 64 KiB.
 * Masking a 1 MiB payload into a frame buffer: 78 µs through the 64 KiB memory, 49 µs here.
 */
function maskInArena(source: Uint8Array, maskKey: Uint8Array, target: Uint8Array, keyOffset: number,
  maskBlocks: (start: number, end: number, key: number) => void): void {
  const length = source.length;
  const inPlace = source.buffer === target.buffer && source.byteOffset === target.byteOffset;
  if (!inPlace) target.set(source);
  const blocksEnd = length - (length % WASM_MASK_BLOCK_BYTES);
  maskBlocks(target.byteOffset, target.byteOffset + blocksEnd, maskKeyWord(maskKey, keyOffset));
  if (blocksEnd < length) {
    const tail = target.subarray(blocksEnd, length);
    maskWithWords(tail, maskKey, tail, keyOffset + blocksEnd);
  }
}

/**
 * The SIMD path: each piece of at most 64 KiB is copied into the module's memory, its whole
 * 64-byte blocks XORed there, and copied out; the tail of the last piece goes through the JS
 * path. Returns false (nothing done) where WebAssembly SIMD is unavailable.
 */
function maskWithWasm(source: Uint8Array, maskKey: Uint8Array, target: Uint8Array, keyOffset: number): boolean {
  const wasm = loadWasmMask();
  if (wasm === undefined) return false;
  const { memory, maskBlocks } = wasm;
  // Pieces are multiples of 4 bytes long, so the key phase is the same at the start of each.
  const word = maskKeyWord(maskKey, keyOffset);
  const length = source.length;
  const blocksEnd = length - (length % WASM_MASK_BLOCK_BYTES);
  for (let start = 0; start < blocksEnd; start += WASM_MASK_CHUNK_BYTES) {
    const end = Math.min(start + WASM_MASK_CHUNK_BYTES, blocksEnd);
    const size = end - start;
    memory.set(start === 0 && end === length ? source : source.subarray(start, end));
    maskBlocks(0, size, word);
    target.set(size === WASM_MASK_CHUNK_BYTES ? memory : memory.subarray(0, size), start);
  }
  if (blocksEnd < length) {
    maskWithWords(source.subarray(blocksEnd), maskKey, target.subarray(blocksEnd, length), keyOffset + blocksEnd);
  }
  return true;
}

/**
 * The JS path of {@link applyMask}, without argument checks: 32-bit words where the addresses
 * allow, bytes elsewhere. What runs where WebAssembly is unavailable (exported for its tests).
 */
export function maskWithWords(source: Uint8Array, maskKey: Uint8Array, target: Uint8Array, keyOffset: number): void {
  const length = source.length;
  let key = keyOffset & 3;
  if (length < WORD_THRESHOLD) {
    for (let i = 0; i < length; i++) target[i] = source[i] ^ maskKey[(key + i) & 3];
    return;
  }
  let input = source;
  if (((source.byteOffset - target.byteOffset) & 3) !== 0) {
    target.set(source);
    input = target;
  }
  // Bytes up to the first 4-aligned address of the target (and so of the input too).
  const head = (4 - (target.byteOffset & 3)) & 3;
  for (let i = 0; i < head; i++) target[i] = input[i] ^ maskKey[(key + i) & 3];
  key = (key + head) & 3;
  const words = (length - head) >>> 2;
  // The key bytes in the order they meet the aligned words; an Int32 view over them gives the
  // word in the host's byte order, so this is endian-neutral.
  keyBytes[0] = maskKey[key];
  keyBytes[1] = maskKey[(key + 1) & 3];
  keyBytes[2] = maskKey[(key + 2) & 3];
  keyBytes[3] = maskKey[(key + 3) & 3];
  const word = keyWord[0];
  const in32 = new Int32Array(input.buffer, input.byteOffset + head, words);
  xorWords(in32, input === target ? in32 : new Int32Array(target.buffer, target.byteOffset + head, words), word);
  for (let i = head + (words << 2); i < length; i++) target[i] = input[i] ^ maskKey[(key + i - head) & 3];
}

/**
 * `output[i] = input[i] ^ word` for every word. Unrolled by eight: V8 does not unroll loops
 * itself, and this doubles throughput. Int32 rather than Uint32 keeps every value a small integer
 * in V8 (a Uint32 above 2^31 becomes a heap number).
 */
function xorWords(input: Int32Array, output: Int32Array, word: number): void {
  const words = input.length;
  const unrolled = words - (words & 7);
  let i = 0;
  for (; i < unrolled; i += 8) {
    output[i] = input[i] ^ word;
    output[i + 1] = input[i + 1] ^ word;
    output[i + 2] = input[i + 2] ^ word;
    output[i + 3] = input[i + 3] ^ word;
    output[i + 4] = input[i + 4] ^ word;
    output[i + 5] = input[i + 5] ^ word;
    output[i + 6] = input[i + 6] ^ word;
    output[i + 7] = input[i + 7] ^ word;
  }
  for (; i < words; i++) output[i] = input[i] ^ word;
}
