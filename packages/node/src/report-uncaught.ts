/**
 * Reports an error a listener threw the way a dispatch does: as an uncaught exception on a later
 * tick, so the code that delivered the event carries on.
 */
export function reportUncaught(error: unknown): void {
  process.nextTick(rethrow, error);
}

/**
 * Reports an error thrown while a socket read was processed, as an uncaught exception once the
 * read is over: on `setImmediate`, not on a tick, because ticks run inside the native callback
 * that delivered the read, and a throw there would cut it short just the same.
 */
export function reportUncaughtAfterRead(error: unknown): void {
  setImmediate(rethrow, error);
}

function rethrow(error: unknown): never {
  throw error;
}

/**
 * Calls `receiver(value)`, reporting what it throws as {@link reportUncaught} does: for code that
 * stands in for a dispatch (an event route's receivers, a cancellation's listeners).
 */
export function callReportingErrors<T>(receiver: (value: T) => void, value: T): void {
  try {
    receiver(value);
  } catch (error) {
    reportUncaught(error);
  }
}
