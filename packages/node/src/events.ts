/**
 * The events a {@link WebSocket} dispatches, shaped like the WHATWG ones so code written for the
 * browser's `WebSocket` reads the same fields. Node 20 has no global `CloseEvent`/`ErrorEvent`, and
 * its `MessageEvent` carries port machinery a socket never uses, so these are small subclasses of
 * the global `Event`.
 */

const NO_PORTS: readonly never[] = Object.freeze([]);

/**
 * `message`, `ping` and `pong`: `data` is a string, an ArrayBuffer, a Buffer or a Blob. It carries
 * two own fields only; the constant WHATWG fields are getters. (A received message reaches its
 * listeners as a lighter `DirectMessageEvent`, which inherits from this class.)
 */
export class MessageEvent<T = unknown> extends Event {
  readonly data: T;
  /** Origin of the message: the WebSocket URL's origin (WHATWG). */
  readonly origin: string;

  constructor(type: string, init: { data: T; origin?: string }) {
    super(type);
    this.data = init.data;
    this.origin = init.origin ?? '';
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
