import { inspect } from 'node:util';
import { MessageEvent } from './events.js';

/**
 * The `message` event handed straight to the `message` listeners of a WebSocket (see
 * `deliverMessage` in `message-listeners.ts`). It is a `MessageEvent` (and an `Event`) to
 * `instanceof` and shows the same fields a dispatched one would, but it is built without Node's
 * `Event` constructor, whose
 * option parsing, private fields, per-instance `isTrusted` property and timestamp were the
 * largest cost of receiving a small message (16 B download: +25 % messages per second without it).
 * Every `Event` member it inherits is overridden here, so none reads `Event`'s private state.
 *
 * It cannot be passed to `dispatchEvent` (Node only accepts events its constructor made): code
 * that re-dispatches the event it received, then or later, gets a TypeError; `new MessageEvent(…)`
 * works.
 */
export class DirectMessageEvent<T = unknown> {
  readonly data: T;
  readonly origin: string;
  readonly timeStamp: number;
  #target: EventTarget;
  #active = true;
  #stopped = false;
  #stoppedImmediately = false;

  /** @internal Made by `deliverMessage`, at target `target`, in phase AT_TARGET until {@link finish}. */
  constructor(target: EventTarget, data: T, origin: string, timeStamp: number) {
    this.#target = target;
    this.data = data;
    this.origin = origin;
    this.timeStamp = timeStamp;
  }

  /** @internal Every listener returned: `currentTarget` becomes null and the phase NONE. */
  finish(): void {
    this.#active = false;
  }

  /** @internal True once a listener called `stopImmediatePropagation()`: no further listener runs. */
  stoppedImmediately(): boolean {
    return this.#stoppedImmediately;
  }

  get type(): string { return 'message'; }
  get target(): EventTarget { return this.#target; }
  get srcElement(): EventTarget { return this.#target; }
  get currentTarget(): EventTarget | null { return this.#active ? this.#target : null; }
  /** 2 (AT_TARGET) while the handler runs, 0 (NONE) after. */
  get eventPhase(): 0 | 2 { return this.#active ? 2 : 0; }
  composedPath(): EventTarget[] { return this.#active ? [this.#target] : []; }
  get bubbles(): boolean { return false; }
  get cancelable(): boolean { return false; }
  get composed(): boolean { return false; }
  get isTrusted(): boolean { return false; }
  /** Not cancelable: preventDefault() has no effect (WHATWG DOM). */
  get defaultPrevented(): boolean { return false; }
  preventDefault(): void {}
  get returnValue(): boolean { return true; }
  set returnValue(_value: boolean) {}
  get cancelBubble(): boolean { return this.#stopped; }
  set cancelBubble(value: boolean) { if (value) this.#stopped = true; }
  stopPropagation(): void { this.#stopped = true; }
  stopImmediatePropagation(): void { this.#stopped = this.#stoppedImmediately = true; }
  /** Legacy DOM method; an event that is not being created cannot be re-initialised: no effect. */
  initEvent(): void {}

  [inspect.custom](depth: number, options: { stylize?: unknown }, view: typeof inspect): string {
    const fields = { type: 'message', data: this.data, origin: this.origin, eventPhase: this.eventPhase, timeStamp: this.timeStamp };
    return `MessageEvent ${(view ?? inspect)(fields, { ...options, depth: depth < 0 ? 0 : depth })}`;
  }
}

// instanceof MessageEvent and instanceof Event hold; lastEventId, source and ports come from
// MessageEvent.prototype (they read no private state).
Object.setPrototypeOf(DirectMessageEvent.prototype, MessageEvent.prototype);
