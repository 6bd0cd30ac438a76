/**
 * Reports an error a listener threw the way a dispatch does: as an uncaught exception on a later
 * tick, so the code that delivered the event carries on.
 */
export function reportUncaught(error: unknown): void {
  process.nextTick(rethrow, error);
}

function rethrow(error: unknown): never {
  throw error;
}
