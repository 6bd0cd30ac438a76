export { copyBytes } from './copy-bytes.js';
