import { checkOption, measureUtf8Bytes } from '../policies/index.js';

/**
 * WHATWG `close(code, reason)` rules, checked before anything happens: the code is 1000 or in
 * 3000–4999 (RFC 6455 §7.4.2: other codes are reserved for the protocol itself), and the reason
 * fits a control frame: at most 123 bytes of UTF-8 (RFC 6455 §5.5: 125 minus the 2-byte code).
 */
export function validateCloseArguments(code: number | undefined, reason: string | undefined): void {
  checkOption('close code', code, code === undefined || code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999), '1000 or 3000-4999');
  if (reason === undefined) return;
  checkOption('close reason', reason, typeof reason === 'string', 'a string', TypeError);
  const bytes = measureUtf8Bytes(reason);
  checkOption('close reason', `${bytes} bytes of UTF-8`, bytes <= 123, 'at most 123 bytes of UTF-8');
}
