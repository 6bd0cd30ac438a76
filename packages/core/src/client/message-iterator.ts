import { WeftError } from '../errors/index.js';
import type { MessageData } from '../policies/index.js';
import type { IterationOptions } from './client-options.js';

/** What an iterator needs from its socket. */
export interface IteratorHost {
  /** `true`: this iterator is above its high-water mark; `false`: back under the low one. */
  setBackpressure(iterator: MessageIterator, behind: boolean): void;
  /** The consumer stopped iterating (break, return, throw). */
  detach(iterator: MessageIterator): void;
}

/**
 * One `for await` loop over a socket's messages, with a bounded buffer: past `highWaterMark`
 * it asks the socket to pause reading, under `lowWaterMark` to resume. When the connection
 * cannot pause and the buffer reaches `maxMessages`, iteration fails with
 * `ERR_ITERATOR_OVERFLOW` after the buffered messages, instead of growing without bound.
 */
export class MessageIterator implements AsyncIterableIterator<MessageData> {
  private readonly buffer: MessageData[] = [];
  private head = 0;
  private waiting: { resolve: (result: IteratorResult<MessageData>) => void; reject: (error: unknown) => void } | undefined;
  private finished = false;
  private failure: unknown;
  private behind = false;

  constructor(
    private readonly options: Required<IterationOptions>,
    private readonly host: IteratorHost,
  ) {}

  /** Messages waiting for the consumer. */
  get buffered(): number {
    return this.buffer.length - this.head;
  }

  /** A message arrived. */
  push(data: MessageData): void {
    if (this.finished) return;
    if (this.waiting !== undefined) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: data, done: false });
      return;
    }
    if (this.buffered >= this.options.maxMessages) {
      this.end(new WeftError('ERR_ITERATOR_OVERFLOW', `${this.buffered} messages wait for the async iterator; the limit is ${this.options.maxMessages}`));
      return;
    }
    this.buffer.push(data);
    if (!this.behind && this.buffered >= this.options.highWaterMark) {
      this.behind = true;
      this.host.setBackpressure(this, true);
    }
  }

  /** No more messages: end after the buffer, with `error` if given. */
  end(error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = error;
    this.release();
    if (this.waiting !== undefined && this.buffered === 0) this.settleEnd();
  }

  /** Next message, or done after the final close. */
  next(): Promise<IteratorResult<MessageData>> {
    if (this.buffered > 0) {
      const value = this.buffer[this.head];
      this.buffer[this.head++] = '';
      if (this.head === this.buffer.length) {
        this.buffer.length = 0;
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer.splice(0, this.head);
        this.head = 0;
      }
      if (this.behind && this.buffered <= this.options.lowWaterMark) this.release();
      return Promise.resolve({ value, done: false });
    }
    if (this.finished) return this.takeEnd();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** The consumer left the loop: stop buffering. */
  return(): Promise<IteratorResult<MessageData>> {
    this.finished = true;
    this.failure = undefined;
    this.buffer.length = 0;
    this.head = 0;
    this.release();
    this.host.detach(this);
    if (this.waiting !== undefined) this.settleEnd();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private release(): void {
    if (!this.behind) return;
    this.behind = false;
    this.host.setBackpressure(this, false);
  }

  private takeEnd(): Promise<IteratorResult<MessageData>> {
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  private settleEnd(): void {
    const waiting = this.waiting!;
    this.waiting = undefined;
    this.takeEnd().then(waiting.resolve, waiting.reject);
  }
}
