import { Utf8Validator } from './utf8-validator.js';

const shared = new Utf8Validator();

/** True when `bytes` is complete, valid UTF-8 (see {@link Utf8Validator} for the rules). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  shared.reset();
  const valid = shared.push(bytes) && shared.end();
  shared.reset();
  return valid;
}
