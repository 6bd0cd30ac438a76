import { ConnectionClosedError } from '@weft/core';
import type { ClosedInfo } from '@weft/core';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The promises returned by `WebSocket.drained()`, settled together: resolved when the write
 * buffer drains, rejected with `ConnectionClosedError` when the connection closes first. The
 * list is allocated on first use, so an idle connection pays nothing for it.
 */
export class DrainWaiters {
  #waiters: Waiter[] | undefined;

  /** A promise settled by the next {@link resolveAll} or {@link rejectAll}. */
  add(): Promise<void> {
    return new Promise((resolve, reject) => (this.#waiters ??= []).push({ resolve, reject }));
  }

  /** True while some promise is pending. */
  get pending(): boolean {
    return this.#waiters !== undefined;
  }

  /** Resolves every pending promise. */
  resolveAll(): void {
    for (const waiter of this.#take()) waiter.resolve();
  }

  /** Rejects every pending promise with a `ConnectionClosedError` built from `info`. */
  rejectAll(info: ClosedInfo): void {
    for (const waiter of this.#take()) waiter.reject(new ConnectionClosedError(info.code, info.reason, info.closedBy));
  }

  #take(): Waiter[] {
    const waiters = this.#waiters ?? [];
    this.#waiters = undefined;
    return waiters;
  }
}
