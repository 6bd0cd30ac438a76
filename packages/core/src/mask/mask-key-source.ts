/** Default size of the random pool: 1024 masking keys per call to `fillRandom`. */
const DEFAULT_POOL_BYTES = 4096;

/**
 * Hands out RFC 6455 §5.3 masking keys ("a fresh masking key … from the set of allowed 32-bit
 * values", "unpredictable") drawn from a pool of random bytes, so the injected, cryptographically
 * strong `fillRandom` runs once per `poolBytes / 4` keys instead of once per frame. One source
 * may serve many connections (the `maskKeys` protocol option); no key is handed out twice.
 */
export class MaskKeySource {
  private readonly fillRandom: (target: Uint8Array) => void;
  private readonly pool: Uint8Array;
  private offset: number;

  /** `poolBytes` must be a positive multiple of 4 (default 4096); throws TypeError otherwise. */
  constructor(fillRandom: (target: Uint8Array) => void, poolBytes = DEFAULT_POOL_BYTES) {
    if (typeof fillRandom !== 'function') {
      throw new TypeError(`fillRandom must be a function; got ${typeof fillRandom}`);
    }
    if (!Number.isSafeInteger(poolBytes) || poolBytes < 4 || poolBytes % 4 !== 0) {
      throw new TypeError(`poolBytes must be a positive multiple of 4; got ${String(poolBytes)}`);
    }
    this.fillRandom = fillRandom;
    this.pool = new Uint8Array(poolBytes);
    this.offset = poolBytes;
  }

  /** A new 4-byte key. It is a copy the caller owns: later refills of the pool never change it. */
  next(): Uint8Array {
    const start = this.take();
    return this.pool.slice(start, start + 4);
  }

  /** Writes a new 4-byte key into `target` at `offset` (no allocation: the frame encoder's path). */
  nextInto(target: Uint8Array, offset: number): void {
    const start = this.take();
    const bytes = this.pool;
    target[offset] = bytes[start];
    target[offset + 1] = bytes[start + 1];
    target[offset + 2] = bytes[start + 2];
    target[offset + 3] = bytes[start + 3];
  }

  /** Position in the pool of the next unused key, refilling the pool when it is used up. */
  private take(): number {
    if (this.offset === this.pool.length) {
      this.fillRandom(this.pool);
      this.offset = 0;
    }
    const start = this.offset;
    this.offset = start + 4;
    return start;
  }
}
