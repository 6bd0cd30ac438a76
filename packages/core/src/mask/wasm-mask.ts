/*
 * RFC 6455 §5.3 masking with WebAssembly SIMD: 16 bytes per `v128.xor`, where JavaScript does 4.
 * The module is a few dozen bytes written out below (no build step, no file to fetch) and is
 * compiled synchronously on first use. Where WebAssembly or SIMD is missing, or compiling is
 * refused (a strict CSP), `loadWasmMask()` returns undefined and callers keep the JS path.
 *
 * Core compiles against ES2022 without DOM or Node types, so the little of the WebAssembly API
 * used here is described by local interfaces and reached through `globalThis`.
 */

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  readonly exports: { readonly m: WasmMemory; readonly x: (start: number, end: number, key: number) => void };
}
interface WasmNamespace {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => WasmInstance;
}

/** A WebAssembly memory page. */
const WASM_PAGE_BYTES = 64 * 1024;

/** Bytes of the module's memory (one 64 KiB page) that one call may mask. */
export const WASM_MASK_CHUNK_BYTES = WASM_PAGE_BYTES;

/** The SIMD loop masks whole blocks of this many bytes; callers mask the tail themselves. */
export const WASM_MASK_BLOCK_BYTES = 64;

/** One v128 load-xor-store at `offset` from local 0, with the splatted key in local 3. */
const xorBlock = (offset: number): number[] => [
  0x20, 0x00, // local.get 0 (address for the store)
  0x20, 0x00, 0xfd, 0x00, 0x00, offset, // local.get 0; v128.load align=1 offset
  0x20, 0x03, 0xfd, 0x51, // local.get 3; v128.xor
  0xfd, 0x0b, 0x00, offset, // v128.store align=1 offset
];

/**
 * `x(start, end, key)`: memory[start, end) ^= key repeated (little-endian i32), 64 bytes per
 * iteration; `end - start` must be a multiple of 64. Exports its memory as `m`.
 */
const body = [
  0x01, 0x01, 0x7b, // one local of type v128 (local 3)
  0x20, 0x02, 0xfd, 0x11, 0x21, 0x03, // local.get 2; i32x4.splat; local.set 3
  0x02, 0x40, // block
  0x03, 0x40, // loop
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // local.get 0; local.get 1; i32.ge_u; br_if 1
  ...xorBlock(0), ...xorBlock(16), ...xorBlock(32), ...xorBlock(48),
  0x20, 0x00, 0x41, 0xc0, 0x00, 0x6a, 0x21, 0x00, // local.get 0; i32.const 64; i32.add; local.set 0
  0x0c, 0x00, // br 0
  0x0b, 0x0b, 0x0b, // end loop, end block, end function
];

const MODULE_BYTES = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x07, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00, // type section: (i32, i32, i32) -> ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, 1 page
  0x07, 0x09, 0x02, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x78, 0x00, 0x00, // exports "m" (memory), "x" (function)
  0x0a, body.length + 2, 0x01, body.length, ...body, // code section
]);

/** The compiled masker: its memory as bytes, and the SIMD loop. */
export interface WasmMask {
  /** The module's memory (64 KiB): copy a chunk in, mask it there, copy it out. */
  readonly memory: Uint8Array;
  /** Masks `memory[start, end)` in place with `key` (see {@link maskKeyWord}); `end - start` a multiple of 64. */
  readonly maskBlocks: (start: number, end: number, key: number) => void;
}

let compiled: object | null | undefined;
let loaded: WasmMask | null | undefined;

/** The SIMD masker, compiled once per realm; undefined where WebAssembly SIMD is unavailable. */
export function loadWasmMask(): WasmMask | undefined {
  if (loaded === undefined) {
    const exports = instantiate();
    loaded = exports === null ? null : { memory: new Uint8Array(exports.m.buffer, 0, WASM_MASK_CHUNK_BYTES), maskBlocks: exports.x };
  }
  return loaded ?? undefined;
}

/** A new instance of the module (a memory of its own), or null where WebAssembly SIMD is unavailable. */
function instantiate(): WasmInstance['exports'] | null {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmNamespace }).WebAssembly;
  if (wasm === undefined || compiled === null) return null;
  try {
    compiled ??= new wasm.Module(MODULE_BYTES);
    return new wasm.Instance(compiled).exports;
  } catch {
    // No SIMD (an old engine) or code generation disallowed: the JS path does the work.
    compiled ??= null;
    return null;
  }
}

/** The largest arena {@link createMaskArena} makes. */
const MAX_ARENA_BYTES = 2 ** 31;

/** The SIMD loop of each mask arena, by the arena's memory. */
const arenaMaskers = new WeakMap<ArrayBufferLike, WasmMask['maskBlocks']>();

/**
 * A mask arena: at least `byteLength` bytes (zero-filled) that {@link applyMask} masks where they
 * lie, with no copy into and out of the masker's own 64 KiB, because they are a WebAssembly memory
 * of their own with its own instance of the masker. A host carves the buffers of big outgoing
 * frames from it (Node: `frame-buffer-pool.ts`). The memory never grows after this call (growing
 * would detach every view of it) and is freed when nothing references it any more. Undefined
 * where WebAssembly SIMD is unavailable, the engine refuses the memory or `byteLength` is over
 * 2 GiB.
 */
export function createMaskArena(byteLength: number): Uint8Array | undefined {
  // The SIMD loop's addresses are 32-bit: an `end` of 2^32 would wrap to 0 and mask nothing.
  if (!(byteLength <= MAX_ARENA_BYTES)) return undefined;
  const exports = instantiate();
  if (exports === null) return undefined;
  try {
    exports.m.grow(Math.max(0, Math.ceil(byteLength / WASM_PAGE_BYTES) - exports.m.buffer.byteLength / WASM_PAGE_BYTES));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(exports.m.buffer);
  arenaMaskers.set(bytes.buffer, exports.x);
  return bytes;
}

/** The SIMD loop that masks `memory` in place when it is a mask arena's memory, else undefined. */
export function arenaMasker(memory: ArrayBufferLike): WasmMask['maskBlocks'] | undefined {
  return arenaMaskers.get(memory);
}

/**
 * The masking key as the little-endian 32-bit word that meets byte `keyOffset % 4` first
 * (WebAssembly memory is little-endian on every host).
 */
export function maskKeyWord(maskKey: Uint8Array, keyOffset: number): number {
  const k = keyOffset & 3;
  return maskKey[k] | (maskKey[(k + 1) & 3] << 8) | (maskKey[(k + 2) & 3] << 16) | (maskKey[(k + 3) & 3] << 24);
}
