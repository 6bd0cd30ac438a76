export { applyMask } from './apply-mask.js';
export { applyMaskNaive } from './apply-mask-naive.js';
export { MaskKeySource } from './mask-key-source.js';
export { createMaskArena } from './wasm-mask.js';
