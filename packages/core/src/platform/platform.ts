/**
 * The primitives core needs from its host, injected by each adapter so that core itself imports
 * nothing from `node:` or the DOM.
 */
export interface Platform {
  /** Fill `target` with cryptographically strong random bytes (masking keys, handshake keys). */
  fillRandom(target: Uint8Array): void;
  /** base64(SHA-1(text)) of an ASCII string, for `Sec-WebSocket-Accept`. */
  sha1Base64(text: string): string;
}

/** Opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/** Time and timers, injected so policies can run on a fake clock in tests. */
export interface Clock {
  /** Milliseconds from an arbitrary origin; must never go backwards. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
