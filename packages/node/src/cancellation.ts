import { callReportingErrors } from './report-uncaught.js';

/**
 * What the handshake's steps need of an abort signal: whether it fired, why, and a listener for
 * when it does. `AbortSignal` has this shape, so a caller's signal can be passed where one is.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The abort signal of one opening handshake (its deadline, or `close()` while connecting).
 * Node's `AbortController` is an `EventTarget`: making one and adding and removing its listeners
 * cost about 10 µs of a ~500 µs connection set-up in CPU profiles; this keeps a plain list. Each
 * listener runs once, in the order added; one removed by an earlier one during the abort does not
 * run (as in a dispatch); one that throws does not stop the others.
 */
export class Cancellation implements CancelSignal {
  #aborted = false;
  #reason: unknown = undefined;
  #listeners: (() => void)[] = [];

  get aborted(): boolean { return this.#aborted; }
  get reason(): unknown { return this.#reason; }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.#aborted && !this.#listeners.includes(listener)) this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.#listeners.indexOf(listener);
    if (at !== -1) this.#listeners.splice(at, 1);
  }

  /** Fires once: sets `reason` and calls every listener; later calls do nothing. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    // The live list, taken from the front: a listener may remove a later one while this runs.
    const listeners = this.#listeners;
    while (listeners.length > 0) {
      // A throwing listener is reported on a later tick, past the others, as an EventTarget does.
      callReportingErrors(listeners.shift() as () => void, undefined);
    }
  }
}
