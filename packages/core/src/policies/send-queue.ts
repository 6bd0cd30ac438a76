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

/** The queue's state and operations; see {@link createSendQueue}. */
export interface SendQueueCore {
  /** Messages waiting, oldest first. Whoever removes one must subtract its size from `bytes`. */
  items: MessageData[];
  /** Payload bytes waiting. */
  bytes: number;
  /**
   * Append `data` (the queue keeps this reference: copy caller-owned bytes first).
   * @throws WeftError `ERR_QUEUE_FULL` when a bound would be exceeded; the queue is unchanged.
   */
  enqueue(data: MessageData): void;
  /** Remove and return every message, oldest first (for flushing, or to report them unsent). */
  drain(): MessageData[];
}

/**
 * Messages sent while the connection is not open, kept in order until it opens. Bounded: a
 * message that would pass either bound is refused with `ERR_QUEUE_FULL`, never dropped silently.
 * A closure (what the client uses: it minifies well); {@link SendQueue} is its class face.
 */
export function createSendQueue({ maxMessages = 1_000, maxBytes = 16 * 1024 * 1024 }: SendQueueOptions = {}): SendQueueCore {
  checkOption('queue.maxMessages', maxMessages, isNonNegative(maxMessages), '>= 0');
  checkOption('queue.maxBytes', maxBytes, isNonNegative(maxBytes), '>= 0');
  const queue: SendQueueCore = {
    items: [],
    bytes: 0,
    enqueue(data) {
      const size = measureMessageBytes(data);
      if (queue.items.length >= maxMessages || queue.bytes + size > maxBytes) {
        throw new WeftError('ERR_QUEUE_FULL', `send queue full (${maxMessages} messages, ${maxBytes} bytes)`);
      }
      queue.items.push(data);
      queue.bytes += size;
    },
    drain() {
      const all = queue.items;
      queue.items = [];
      queue.bytes = 0;
      return all;
    },
  };
  return queue;
}

/** {@link createSendQueue} as a class, with its bounds (defaults applied) readable. */
export class SendQueue {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly #queue: SendQueueCore;

  constructor(options: SendQueueOptions = {}) {
    this.#queue = createSendQueue(options);
    this.maxMessages = options.maxMessages ?? 1_000;
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  }

  /** Messages waiting. */
  get length(): number {
    return this.#queue.items.length;
  }

  /** Payload bytes waiting. */
  get bytes(): number {
    return this.#queue.bytes;
  }

  /** See {@link SendQueueCore.enqueue}. */
  enqueue(data: MessageData): void {
    this.#queue.enqueue(data);
  }

  /**
   * Remove and return the oldest message, or `undefined` when empty. Array#shift: fine one at a
   * time; to flush a long queue, `drain()` it.
   */
  shift(): MessageData | undefined {
    const data = this.#queue.items.shift();
    if (data !== undefined) this.#queue.bytes -= measureMessageBytes(data);
    return data;
  }

  /** Remove and return every message, oldest first. */
  drain(): MessageData[] {
    return this.#queue.drain();
  }
}
