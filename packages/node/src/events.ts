/**
 * The events a {@link WebSocket} dispatches, shaped like the WHATWG ones so code written for the
 * browser's `WebSocket` reads the same fields. Node 20 has no global `CloseEvent`/`ErrorEvent`, and
 * its `MessageEvent` carries port machinery a socket never uses, so these are small subclasses of
 * the global `Event`.
 */

const NO_PORTS: readonly never[] = Object.freeze([]);

/** @internal Keys of the methods {@link dispatchToHandler} uses to deliver without `dispatchEvent`. */
export const BEGIN_DIRECT_DISPATCH = Symbol('weft.beginDirectDispatch');
/** @internal See {@link BEGIN_DIRECT_DISPATCH}. */
export const END_DIRECT_DISPATCH = Symbol('weft.endDirectDispatch');

/**
 * `message`, `ping` and `pong`: `data` is a string, an ArrayBuffer, a Buffer or a Blob. One is
 * made per message, so it carries two own fields only; the constant WHATWG fields are getters.
 */
export class MessageEvent<T = unknown> extends Event {
  readonly data: T;
  /** Origin of the message: the WebSocket URL's origin (WHATWG). */
  readonly origin: string;

  /** Set when the event was delivered straight to an `on<type>` handler, not by dispatchEvent. */
  #directTarget: EventTarget | null = null;
  #directActive = false;

  constructor(type: string, init: { data: T; origin?: string }) {
    super(type);
    this.data = init.data;
    this.origin = init.origin ?? '';
  }

  /** @internal The event is being delivered to `target`'s handler directly (phase AT_TARGET). */
  [BEGIN_DIRECT_DISPATCH](target: EventTarget): void {
    this.#directTarget = target;
    this.#directActive = true;
  }

  /** @internal The direct delivery is over: `target` stays, `currentTarget` and the phase reset. */
  [END_DIRECT_DISPATCH](): void {
    this.#directActive = false;
  }

  override get target(): EventTarget | null {
    return this.#directTarget ?? super.target;
  }

  override get srcElement(): EventTarget | null {
    return this.#directTarget ?? super.srcElement;
  }

  override get currentTarget(): EventTarget | null {
    return this.#directActive ? this.#directTarget : this.#directTarget === null ? super.currentTarget : null;
  }

  override get eventPhase(): 0 | 2 {
    // 2 is AT_TARGET, 0 is NONE (WHATWG DOM).
    return this.#directActive ? 2 : this.#directTarget === null ? super.eventPhase : 0;
  }

  override composedPath(): [EventTarget?] {
    return this.#directActive ? [this.#directTarget as EventTarget] : this.#directTarget === null ? super.composedPath() : [];
  }

  /** Always `''` for a WebSocket message (WHATWG). */
  get lastEventId(): string {
    return '';
  }

  /** Always null for a WebSocket message (WHATWG). */
  get source(): null {
    return null;
  }

  /** Always empty for a WebSocket message (WHATWG); the same frozen array every time. */
  get ports(): readonly never[] {
    return NO_PORTS;
  }
}

/** `close`: the status code and reason of the closing handshake (1006 when there was none). */
export class CloseEvent extends Event {
  readonly code: number;
  readonly reason: string;
  /** True when the closing handshake completed (both close frames, then TCP closed). */
  readonly wasClean: boolean;

  constructor(type: string, init: { code: number; reason: string; wasClean: boolean }) {
    super(type);
    this.code = init.code;
    this.reason = init.reason;
    this.wasClean = init.wasClean;
  }
}

/** `error`: `error` holds the cause (a `WeftError` subclass such as `HandshakeError`). */
export class ErrorEvent extends Event {
  readonly error: unknown;
  readonly message: string;

  constructor(type: string, init: { error: unknown; message?: string }) {
    super(type);
    this.error = init.error;
    this.message = init.message ?? (init.error instanceof Error ? init.error.message : String(init.error));
  }
}
