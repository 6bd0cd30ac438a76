import { afterEach } from 'vitest';

/** One teardown step: close a server, stop a peer. */
export type CleanupStep = () => Promise<void>;

/**
 * Registers, for the calling test file, an `afterEach` that runs (in order) and then forgets
 * every step pushed onto the returned list during the test.
 */
export function cleanupAfterEach(): CleanupStep[] {
  const steps: CleanupStep[] = [];
  afterEach(async () => {
    for (const step of steps.splice(0)) await step();
  });
  return steps;
}
