import { TimeoutError } from '@weft/core';
import { Cancellation } from './cancellation.js';
import { performHandshake } from './perform-handshake.js';
import type { HandshakePlan, OpenedConnection } from './perform-handshake.js';

/**
 * One run of the opening handshake under a deadline that covers DNS, TCP, proxy, TLS and the 101
 * (`ERR_HANDSHAKE_TIMEOUT`). `abort()` abandons it (e.g. `close()` while connecting). The
 * WebSocket drops this object once the attempt settles, so an open connection keeps neither its
 * timer nor its cancellation.
 */
export class HandshakeAttempt {
  /** Settles once: the open connection, or why the attempt failed. The timer is cleared first. */
  readonly settled: Promise<OpenedConnection>;
  readonly #cancellation = new Cancellation();
  readonly #timer: ReturnType<typeof setTimeout>;

  constructor(plan: HandshakePlan, timeoutMs: number) {
    const cancellation = this.#cancellation;
    this.#timer = setTimeout(() => {
      cancellation.abort(new TimeoutError('handshake', timeoutMs, 'ERR_HANDSHAKE_TIMEOUT'));
    }, timeoutMs);
    const timer = this.#timer;
    this.settled = performHandshake(plan, cancellation).finally(() => clearTimeout(timer));
  }

  /** True once `abort()` was called or the deadline passed. */
  get aborted(): boolean {
    return this.#cancellation.aborted;
  }

  /** Why the attempt was aborted (the TimeoutError, or the reason given to `abort`). */
  get reason(): unknown {
    return this.#cancellation.reason;
  }

  /** Abandons the attempt: every pending step rejects with `reason` and its socket is destroyed. */
  abort(reason: unknown): void {
    clearTimeout(this.#timer);
    this.#cancellation.abort(reason);
  }
}
