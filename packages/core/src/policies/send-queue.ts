import { WeftError } from '../errors/index.js';
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
  private items: MessageData[] = [];
  private sizes: number[] = [];
  private head = 0;
  private totalBytes = 0;

  constructor(options: SendQueueOptions = {}) {
    this.maxMessages = checkBound('maxMessages', options.maxMessages ?? 1_000);
    this.maxBytes = checkBound('maxBytes', options.maxBytes ?? 16 * 1024 * 1024);
  }

  /** Messages waiting. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Payload bytes waiting. */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Append `data` (the queue keeps this reference: copy caller-owned bytes first).
   * @throws WeftError `ERR_QUEUE_FULL` when a bound would be exceeded; the queue is unchanged.
   */
  enqueue(data: MessageData): void {
    const size = measureMessageBytes(data);
    if (this.length + 1 > this.maxMessages) {
      throw new WeftError('ERR_QUEUE_FULL', `send queue holds ${this.length} messages; the limit is ${this.maxMessages}`);
    }
    if (this.totalBytes + size > this.maxBytes) {
      throw new WeftError(
        'ERR_QUEUE_FULL',
        `send queue holds ${this.totalBytes} bytes and this message is ${size}; the limit is ${this.maxBytes}`,
      );
    }
    this.items.push(data);
    this.sizes.push(size);
    this.totalBytes += size;
  }

  /** Remove and return the oldest message, or `undefined` when empty. */
  shift(): MessageData | undefined {
    if (this.head >= this.items.length) return undefined;
    const data = this.items[this.head];
    this.items[this.head] = '';
    this.totalBytes -= this.sizes[this.head++];
    if (this.head === this.items.length) this.reset();
    else if (this.head > 1024 && this.head * 2 > this.items.length) this.compact();
    return data;
  }

  /** Remove and return every message, oldest first (for flushing, or to report them unsent). */
  drain(): MessageData[] {
    const all = this.items.slice(this.head);
    this.reset();
    return all;
  }

  private compact(): void {
    this.items = this.items.slice(this.head);
    this.sizes = this.sizes.slice(this.head);
    this.head = 0;
  }

  private reset(): void {
    this.items = [];
    this.sizes = [];
    this.head = 0;
    this.totalBytes = 0;
  }
}

function checkBound(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(`queue.${name} must be a number >= 0; got ${String(value)}`);
  }
  return value;
}
