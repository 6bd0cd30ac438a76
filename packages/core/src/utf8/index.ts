export { Utf8Validator, NATIVE_UTF8_MIN_BYTES } from './utf8-validator.js';
export { isValidUtf8 } from './is-valid-utf8.js';
export { decodeUtf8, decodeValidUtf8, encodeUtf8, SHORT_TEXT_MAX_UNITS } from './text-codec.js';
export { createUtf8Codec, portableUtf8Codec, type Utf8Codec } from './utf8-codec.js';
