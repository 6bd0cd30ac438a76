import type { ClientControl } from '@weft/core';

/**
 * Page-lifecycle hints: when the network comes back (`online`) reconnect at once instead of
 * waiting out the backoff, and probe an open socket (its TCP path may have died with the old
 * network). When the page becomes visible after being hidden and the socket is suspect (silent
 * for an interval, or waiting to reconnect), do the same. Returns the function that removes the
 * listeners. Works without `window`/`document` (workers): it listens to what exists.
 */
export function watchPageLifecycle(control: ClientControl): () => void {
  const target = globalThis as unknown as Partial<EventTarget>;
  const doc = (globalThis as { document?: Document }).document;
  const wake = (): void => {
    control.reconnectNow();
    control.probe();
  };
  const onVisibilityChange = (): void => {
    if (doc?.visibilityState === 'visible' && control.isSuspect()) wake();
  };
  target.addEventListener?.('online', wake);
  doc?.addEventListener?.('visibilitychange', onVisibilityChange);
  return () => {
    target.removeEventListener?.('online', wake);
    doc?.removeEventListener?.('visibilitychange', onVisibilityChange);
  };
}
