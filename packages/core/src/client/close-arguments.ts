import { measureUtf8Bytes } from '../policies/index.js';

/**
 * WHATWG `close(code, reason)` rules, checked before anything happens: the code is 1000 or in
 * 3000–4999 (RFC 6455 §7.4.2: other codes are reserved for the protocol itself), and the reason
 * fits a control frame: at most 123 bytes of UTF-8 (RFC 6455 §5.5: 125 minus the 2-byte code).
 */
export function validateCloseArguments(code: number | undefined, reason: string | undefined): void {
  if (code !== undefined && code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
    throw new RangeError(`close code must be 1000 or in 3000–4999; got ${String(code)}`);
  }
  if (reason !== undefined) {
    if (typeof reason !== 'string') throw new TypeError(`close reason must be a string; got ${typeof reason}`);
    const bytes = measureUtf8Bytes(reason);
    if (bytes > 123) throw new RangeError(`close reason is ${bytes} bytes of UTF-8; the limit is 123`);
  }
}
