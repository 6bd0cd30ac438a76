import { Buffer } from 'node:buffer';
import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once for small requests. */
const POOL_BYTES = 4096;
/** Requests up to this size are served from the pool; larger ones go to the CSPRNG directly. */
const POOLED_MAX_BYTES = 64;

let pool: Buffer | undefined;
let offset = POOL_BYTES;

/**
 * Fills `target` with cryptographically strong random bytes (`crypto.randomFillSync`). Small
 * requests — the 16-byte `Sec-WebSocket-Key` nonce of every handshake — are served from a 4 KiB
 * block drawn at once: one CSPRNG call per 256 handshakes instead of one each (a call costs
 * about as much as drawing a few kilobytes). Every byte is handed out once.
 */
export function fillRandom(target: Uint8Array): void {
  const length = target.length;
  if (length > POOLED_MAX_BYTES) {
    randomFillSync(target);
    return;
  }
  if (pool === undefined || offset + length > POOL_BYTES) {
    pool ??= Buffer.allocUnsafe(POOL_BYTES);
    randomFillSync(pool);
    offset = 0;
  }
  target.set(pool.subarray(offset, offset + length));
  offset += length;
}
