// Waiting for a send buffer to empty when the library offers no event for it.
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** The level under which a waiting sender resumes. */
export const LOW_WATER_BYTES = 256 * 1024;

/** Polls `bufferedAmount()` once per event-loop turn until it is under the low-water mark. */
export async function pollDrain(bufferedAmount) {
  while (bufferedAmount() > LOW_WATER_BYTES) await yieldToLoop();
}
