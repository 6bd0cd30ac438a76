/** The platform's fatal UTF-8 decoder, the reference the validator is checked against. */
export function isValidByOracle(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Index of the first byte at which the platform's streaming fatal decoder, fed one byte at a
 * time, reports an error; -1 when it never does (the input may still end mid-sequence).
 */
export function firstInvalidIndexByOracle(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return i;
    }
  }
  return -1;
}
