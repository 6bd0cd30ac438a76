export { copyBytes, copyBytesWith } from './copy-bytes.js';
