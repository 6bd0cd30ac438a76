export { Utf8Validator } from './utf8-validator.js';
export { isValidUtf8 } from './is-valid-utf8.js';
export { decodeUtf8, encodeUtf8 } from './text-codec.js';
