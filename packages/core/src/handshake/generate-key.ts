import type { Platform } from '../platform/index.js';
import { encodeBase64 } from './base64.js';

/** Number of random bytes in a `Sec-WebSocket-Key` (RFC 6455 §4.1, item 7). */
export const KEY_BYTES = 16;

/**
 * A fresh `Sec-WebSocket-Key`: RFC 6455 §4.1 — "a nonce consisting of a randomly selected
 * 16-byte value that has been base64-encoded", chosen randomly for each connection.
 */
export function generateKey(platform: Pick<Platform, 'fillRandom'>): string {
  const nonce = new Uint8Array(KEY_BYTES);
  platform.fillRandom(nonce);
  return encodeBase64(nonce);
}

/** True when `key` is the base64 form of exactly 16 bytes (22 characters and `==`). */
export function isValidKey(key: string): boolean {
  if (key.length !== 24 || key[22] !== '=' || key[23] !== '=') return false;
  for (let i = 0; i < 22; i++) {
    const c = key.charCodeAt(i);
    const ok =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!ok) return false;
  }
  // The last character carries 2 data bits and 4 zero padding bits: only A, Q, g or w.
  return 'AQgw'.includes(key[21]);
}
