import { checkOption } from '../policies/index.js';
import type { IterationOptions } from './client-options.js';
import type { Connection } from './connection.js';

/** Backpressure from async iterators to connections that can pause reading (Node). */
export interface ReadFlow {
  /** A new connection: pause it at once if an iterator is still behind. */
  attach(connection: Connection): void;
  /**
   * For one iterator: the function it calls with its buffer length after each message it
   * buffers or hands out, and with 0 when it ends.
   */
  track(): (length: number) => void;
}

/**
 * Makes the {@link ReadFlow} of one client: reading pauses while any iterator holds
 * `iteration.highWaterMark` messages or more, and resumes once every one of them is back at
 * `lowWaterMark` or under. Injected through `ClientRuntime.flow` by runtimes whose connections
 * can pause (Node), so that browser bundles do not carry it.
 *
 * @param current - the connection being read from, if any.
 * @throws RangeError unless `0 <= lowWaterMark <= highWaterMark <= maxMessages` and `highWaterMark >= 1`.
 */
export function createReadFlow(options: IterationOptions = {}, current: () => Connection | undefined): ReadFlow {
  const { highWaterMark = 256, lowWaterMark = Math.min(64, Math.floor(highWaterMark / 4)), maxMessages = Infinity } = options;
  checkOption(
    'iteration lowWaterMark/highWaterMark/maxMessages',
    `${lowWaterMark}/${highWaterMark}/${maxMessages}`,
    lowWaterMark >= 0 && highWaterMark >= 1 && lowWaterMark <= highWaterMark && highWaterMark <= maxMessages,
    'ordered, high >= 1',
  );
  // Iterators above their high-water mark: reading is paused while there is any.
  let behind = 0;
  return {
    attach(connection) {
      if (behind > 0) connection.pause?.();
    },
    track() {
      let isBehind = false;
      return (length) => {
        if (isBehind ? length > lowWaterMark : length < highWaterMark) return;
        isBehind = !isBehind;
        behind += isBehind ? 1 : -1;
        if (isBehind && behind === 1) current()?.pause?.();
        if (!isBehind && behind === 0) current()?.resume?.();
      };
    },
  };
}
