import type { Platform } from '../platform/index.js';

/** The GUID that RFC 6455 §1.3 appends to the key before hashing. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The `Sec-WebSocket-Accept` value a server must answer to `key` (RFC 6455 §1.3, §4.2.2 step 5.4):
 * base64(SHA-1(key + GUID)), the key taken as the string it was sent, not base64-decoded.
 */
export function computeAccept(key: string, platform: Pick<Platform, 'sha1Base64'>): string {
  return platform.sha1Base64(key + WEBSOCKET_GUID);
}
