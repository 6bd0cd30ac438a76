import { Buffer } from 'node:buffer';

/**
 * Buffers waiting to be reused, in stacks by a size key (a size class of frame memory, a
 * payload's exact length), each counted as `key` bytes. The last one put back is taken first: its
 * memory is the warmest.
 */
export class IdleBuffers {
  /** A key without idle buffers has no entry. */
  readonly #stacks = new Map<number, Buffer[]>();
  #bytes = 0;

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

  put(key: number, buffer: Buffer): void {
    const stack = this.#stacks.get(key);
    if (stack === undefined) this.#stacks.set(key, [buffer]);
    else stack.push(buffer);
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

  clear(): void {
    this.#stacks.clear();
    this.#bytes = 0;
  }
}
