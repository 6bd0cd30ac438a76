/**
 * The events a {@link WebSocket} dispatches, shaped like the WHATWG ones so code written for the
 * browser's `WebSocket` reads the same fields. Node 20 has no global `CloseEvent`/`ErrorEvent`, and
 * its `MessageEvent` carries port machinery a socket never uses, so these are small subclasses of
 * the global `Event`.
 */

/** `message`, `ping` and `pong`: `data` is a string, an ArrayBuffer, a Buffer or a Blob. */
export class MessageEvent<T = unknown> extends Event {
  readonly data: T;
  /** Origin of the message: the WebSocket URL's origin (WHATWG). */
  readonly origin: string;
  readonly lastEventId = '';
  readonly source = null;
  readonly ports: readonly never[] = [];

  constructor(type: string, init: { data: T; origin?: string }) {
    super(type);
    this.data = init.data;
    this.origin = init.origin ?? '';
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
