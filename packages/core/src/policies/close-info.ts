/**
 * Why one connection attempt ended, as seen by the reconnecting client. The kinds keep the causes
 * apart that decide between retrying and giving up.
 */
export type CloseInfo =
  /** The application called `close()`: a final close. */
  | { kind: 'user-close' }
  /** The server sent a close frame (or the adapter reported a clean close with this code). */
  | { kind: 'server-close'; code: number; reason: string }
  /** The opening handshake was answered with a non-101 HTTP status (Node; 0 when unparsed). */
  | { kind: 'handshake'; status: number; headers: Readonly<Record<string, string>> }
  /** TCP/TLS/DNS failure, reset, or a close without a close frame (1006). */
  | { kind: 'network'; code?: number; error?: unknown }
  /** Our heartbeat declared the connection dead. */
  | { kind: 'heartbeat' };

/** What {@link classifyClose} decided. */
export interface CloseDecision {
  action: 'retry' | 'stop';
  /** For `retry`: wait at least this long (Retry-After, 1012/1013), instead of plain backoff. */
  delayHintMs?: number;
  /** Why, in words, for logs and for the error the client rejects with. */
  reason: string;
}
