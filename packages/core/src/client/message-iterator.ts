import { WeftError } from '../errors/index.js';
import type { MessageData } from '../policies/index.js';
import type { IterationOptions } from './client-options.js';

/** What an iterator needs from its socket. */
export interface IteratorHost {
  /**
   * `true`: this iterator went above its high-water mark; `false`: back under the low one, or
   * ended. Calls alternate, starting with `true`.
   */
  setBackpressure(behind: boolean): void;
  /** The consumer stopped iterating (break, return, throw); called after `setBackpressure(false)`. */
  detach(iterator: MessageIterator): void;
}

/** One `for await` loop over a socket's messages; see {@link createMessageIterator}. */
export interface MessageIterator extends AsyncIterableIterator<MessageData> {
  /** A message arrived. */
  push(data: MessageData): void;
  /** No more messages: end after the buffer, with `error` if given. */
  end(error?: unknown): void;
}

type Result = IteratorResult<MessageData>;
const DONE: Result = { value: undefined, done: true };

/**
 * A bounded buffer between the socket and one consumer: past `highWaterMark` it asks the
 * socket to pause reading, under `lowWaterMark` to resume. When the connection cannot pause
 * and the buffer reaches `maxMessages`, iteration fails with `ERR_ITERATOR_OVERFLOW` after
 * the buffered messages, instead of growing without bound.
 */
export function createMessageIterator(options: Required<IterationOptions>, host: IteratorHost): MessageIterator {
  // Array#shift is cheap at these sizes (the buffer is bounded by `maxMessages`).
  let buffer: MessageData[] = [];
  let waiting: { resolve: (result: Result) => void; reject: (error: unknown) => void } | undefined;
  let finished = false;
  let failure: unknown;
  let behind = false;

  const setBehind = (value: boolean): void => {
    if (behind === value) return;
    behind = value;
    host.setBackpressure(value);
  };

  const takeEnd = (): Promise<Result> => {
    const error = failure;
    failure = undefined;
    return error === undefined ? Promise.resolve(DONE) : Promise.reject(error);
  };

  const settleEnd = (): void => {
    const { resolve, reject } = waiting!;
    waiting = undefined;
    takeEnd().then(resolve, reject);
  };

  const iterator: MessageIterator = {
    push(data) {
      if (finished) return;
      if (waiting !== undefined) {
        const { resolve } = waiting;
        waiting = undefined;
        return resolve({ value: data, done: false });
      }
      if (buffer.length >= options.maxMessages) {
        return iterator.end(new WeftError('ERR_ITERATOR_OVERFLOW', `${buffer.length} messages wait for the async iterator; the limit is ${options.maxMessages}`));
      }
      if (buffer.push(data) >= options.highWaterMark) setBehind(true);
    },

    end(error) {
      if (finished) return;
      finished = true;
      failure = error;
      setBehind(false);
      if (waiting !== undefined && buffer.length === 0) settleEnd();
    },

    next() {
      if (buffer.length > 0) {
        const value = buffer.shift()!;
        if (buffer.length <= options.lowWaterMark) setBehind(false);
        return Promise.resolve({ value, done: false });
      }
      if (finished) return takeEnd();
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },

    /** The consumer left the loop: stop buffering. */
    return() {
      finished = true;
      failure = undefined;
      buffer = [];
      setBehind(false);
      host.detach(iterator);
      if (waiting !== undefined) settleEnd();
      return Promise.resolve(DONE);
    },

    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
