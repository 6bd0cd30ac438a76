import { Buffer } from 'node:buffer';

/**
 * Buffers waiting to be reused, in stacks by a size key (a size class of frame memory, a
 * payload's exact length), each counted as `key` bytes. The last one put back is taken first: its
 * memory is the warmest.
 */
export class IdleBuffers {
  /** A key without idle buffers has no entry; the key put back to least recently comes first. */
  readonly #stacks = new Map<number, Buffer[]>();
  readonly #maxKeys: number;
  #bytes = 0;

  /**
   * @param maxKeys - keys kept at most: putting back under another key first lets go the buffers
   *   of the key put back to least recently (lengths that never come again do not pile up).
   */
  constructor(maxKeys = Number.POSITIVE_INFINITY) {
    if (!(maxKeys >= 1) || (Number.isFinite(maxKeys) && !Number.isInteger(maxKeys))) throw new RangeError('maxKeys must be an integer of at least 1, or Infinity');
    this.#maxKeys = maxKeys;
  }

  /** Bytes idle, all keys together. */
  get bytes(): number {
    return this.#bytes;
  }

  /** How many buffers are idle under `key`. */
  count(key: number): number {
    return this.#stacks.get(key)?.length ?? 0;
  }

  /** True when `buffer` is idle under `key` already. */
  includes(key: number, buffer: Buffer): boolean {
    return this.#stacks.get(key)?.includes(buffer) === true;
  }

  /** Bytes that putting a buffer back under `key` would let go first (see the constructor). */
  bytesDroppedBy(key: number): number {
    if (this.#stacks.size < this.#maxKeys || this.#stacks.has(key)) return 0;
    const [leastRecent, stack] = this.#leastRecent();
    return leastRecent * stack.length;
  }

  put(key: number, buffer: Buffer): void {
    const stack = this.#stacks.get(key);
    if (stack === undefined) {
      if (this.#stacks.size >= this.#maxKeys) this.#dropLeastRecentKey();
      this.#stacks.set(key, [buffer]);
    } else {
      stack.push(buffer);
      // Moved to the end, the most recently put back (only where keys can be let go).
      if (this.#maxKeys !== Number.POSITIVE_INFINITY) {
        this.#stacks.delete(key);
        this.#stacks.set(key, stack);
      }
    }
    this.#bytes += key;
  }

  /** The buffer put back last under `key`, now taken, or undefined. */
  take(key: number): Buffer | undefined {
    const stack = this.#stacks.get(key);
    if (stack === undefined) return undefined;
    const buffer = stack.pop() as Buffer;
    if (stack.length === 0) this.#stacks.delete(key);
    this.#bytes -= key;
    return buffer;
  }

  /**
   * For buffers kept by size class (each the view its last user had): the one put back last under
   * `key`, now taken, as a view of its first `length` bytes (itself when it has that length), or
   * undefined.
   */
  takeViewOf(key: number, length: number): Buffer | undefined {
    const buffer = this.take(key);
    if (buffer === undefined || buffer.length === length) return buffer;
    return Buffer.from(buffer.buffer, buffer.byteOffset, length);
  }

  #leastRecent(): [number, Buffer[]] {
    return this.#stacks.entries().next().value as [number, Buffer[]];
  }

  #dropLeastRecentKey(): void {
    const [key, stack] = this.#leastRecent();
    this.#stacks.delete(key);
    this.#bytes -= key * stack.length;
  }

  clear(): void {
    this.#stacks.clear();
    this.#bytes = 0;
  }
}
