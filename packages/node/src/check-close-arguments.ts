/** Largest close reason, in UTF-8 bytes (RFC 6455 §5.5: 125-byte control payload minus the code). */
const MAX_REASON_BYTES = 123;

/**
 * The WHATWG `close(code, reason)` argument checks: `code` must be 1000 or in 3000–4999
 * (`InvalidAccessError`), `reason` at most 123 UTF-8 bytes (`SyntaxError`). A reason without a
 * code is sent with 1000, since RFC 6455 §5.5.1 puts the reason after a status code.
 */
export function checkCloseArguments(code: number | undefined, reason: string | undefined): { code: number | undefined; reason: string } {
  if (code !== undefined) {
    const value = Number(code);
    if (!Number.isInteger(value) || (value !== 1000 && (value < 3000 || value > 4999))) {
      throw new DOMException(`close code must be 1000 or in 3000-4999; got ${String(code)}`, 'InvalidAccessError');
    }
    code = value;
  }
  const text = reason === undefined ? '' : String(reason);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_REASON_BYTES) {
    throw new DOMException(`close reason is ${bytes} UTF-8 bytes; the limit is ${MAX_REASON_BYTES}`, 'SyntaxError');
  }
  return { code: code === undefined && text !== '' ? 1000 : code, reason: text };
}
