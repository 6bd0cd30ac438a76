import { WeftError } from '../errors/index.js';
import { checkOption, isNonNegative } from './check-option.js';
import { measureMessageBytes, type MessageData } from './message-size.js';

/** Bounds of the send queue; every field has a default. */
export interface SendQueueOptions {
  /** Most messages held while not open. Default 1 000. */
  maxMessages?: number;
  /** Most payload bytes held while not open. Default 16 MiB. */
  maxBytes?: number;
}

/**
 * Messages sent while the connection is not open, kept in order until it opens. Bounded: a
 * message that would pass either bound is refused with `ERR_QUEUE_FULL`, never dropped silently.
 */
export class SendQueue {
  readonly maxMessages: number;
  readonly maxBytes: number;
  #items: MessageData[] = [];
  #bytes = 0;

  constructor({ maxMessages = 1_000, maxBytes = 16 * 1024 * 1024 }: SendQueueOptions = {}) {
    this.maxMessages = checkOption('queue.maxMessages', maxMessages, isNonNegative(maxMessages), 'a number >= 0');
    this.maxBytes = checkOption('queue.maxBytes', maxBytes, isNonNegative(maxBytes), 'a number >= 0');
  }

  /** Messages waiting. */
  get length(): number {
    return this.#items.length;
  }

  /** Payload bytes waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Append `data` (the queue keeps this reference: copy caller-owned bytes first).
   * @throws WeftError `ERR_QUEUE_FULL` when a bound would be exceeded; the queue is unchanged.
   */
  enqueue(data: MessageData): void {
    const size = measureMessageBytes(data);
    if (this.length >= this.maxMessages || this.#bytes + size > this.maxBytes) {
      throw new WeftError(
        'ERR_QUEUE_FULL',
        `send queue of ${this.length} messages, ${this.#bytes} bytes is full (limits ${this.maxMessages}, ${this.maxBytes}) for ${size} bytes more`,
      );
    }
    this.#items.push(data);
    this.#bytes += size;
  }

  /**
   * Remove and return the oldest message, or `undefined` when empty. Array#shift: fine one at a
   * time; to flush a long queue, `drain()` it.
   */
  shift(): MessageData | undefined {
    const data = this.#items.shift();
    if (data !== undefined) this.#bytes -= measureMessageBytes(data);
    return data;
  }

  /** Remove and return every message, oldest first (for flushing, or to report them unsent). */
  drain(): MessageData[] {
    const all = this.#items;
    this.#items = [];
    this.#bytes = 0;
    return all;
  }
}
