export { copyBytes } from './copy-bytes.js';
export { allocateZeroed } from './allocate-zeroed.js';
