import { WeftError } from '../errors/index.js';
import type { MessageData } from '../policies/index.js';

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
 * A bounded buffer between the socket and one consumer. When the buffer reaches `maxMessages`
 * (the connection cannot pause, or the consumer is far behind), iteration fails with
 * `ERR_ITERATOR_OVERFLOW` after the buffered messages, instead of growing without bound.
 *
 * @param detach - called when the consumer stops iterating (break, return, throw).
 * @param track - told the buffer length after each change, and 0 at the end (`ReadFlow.track`).
 */
export function createMessageIterator(
  maxMessages: number,
  detach: (iterator: MessageIterator) => void,
  track?: (length: number) => void,
): MessageIterator {
  // Array#shift is cheap at these sizes (the buffer is bounded by `maxMessages`).
  let buffer: MessageData[] = [];
  let waiting: { resolve: (result: Result) => void; reject: (error: unknown) => void } | undefined;
  let finished = false;
  let failure: unknown;

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
      if (buffer.length >= maxMessages) return iterator.end(new WeftError('ERR_ITERATOR_OVERFLOW', `iteration.maxMessages ${maxMessages} reached`));
      const length = buffer.push(data); // not inside `track?.()`: that would skip it without `track`
      track?.(length);
    },

    end(error) {
      if (finished) return;
      finished = true;
      failure = error;
      track?.(0);
      if (waiting !== undefined && buffer.length === 0) settleEnd();
    },

    next() {
      if (buffer.length > 0) {
        const value = buffer.shift()!;
        if (!finished) track?.(buffer.length);
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
      track?.(0);
      detach(iterator);
      if (waiting !== undefined) settleEnd();
      return Promise.resolve(DONE);
    },

    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
