/**
 * Runs `body` with uncaught exceptions (what an error thrown by a listener becomes) captured into
 * the list it is given instead of failing the run, and puts Node's own handling back afterwards,
 * even when `body` throws.
 */
export async function withUncaughtCaptured(body: (reported: unknown[]) => Promise<void> | void): Promise<void> {
  const reported: unknown[] = [];
  process.setUncaughtExceptionCaptureCallback((error) => reported.push(error));
  try {
    await body(reported);
  } finally {
    process.setUncaughtExceptionCaptureCallback(null);
  }
}
