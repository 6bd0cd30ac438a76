import { ConnectionClosedError } from '@weft/core';

interface PendingPing {
  readonly payload: Uint8Array;
  readonly startedMs: number;
  readonly resolve: (rttMs: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Matches pongs to the pings `WebSocket.ping()` sent (RFC 6455 §5.5.3: a pong echoes the ping's
 * application data). A ping sent without data gets a 4-byte sequence number, so concurrent
 * pings resolve with their own round-trip times. Unmatched pongs (unsolicited, §5.5.3) are ignored.
 */
export class PingTracker {
  #pending: PendingPing[] = [];
  #sequence = 0;

  /** The payload to send for `data`, and a promise of the round-trip time in ms. */
  start(data: Uint8Array | undefined, nowMs: number): { payload: Uint8Array; rtt: Promise<number> } {
    let payload = data;
    if (payload === undefined) {
      payload = new Uint8Array(4);
      new DataView(payload.buffer).setUint32(0, (this.#sequence = (this.#sequence + 1) >>> 0));
    } else {
      // A copy of its own: Buffer#slice would share the caller's memory.
      payload = new Uint8Array(payload);
    }
    const captured = payload;
    const rtt = new Promise<number>((resolve, reject) => {
      this.#pending.push({ payload: captured, startedMs: nowMs, resolve, reject });
    });
    return { payload, rtt };
  }

  /** Resolves the oldest pending ping whose payload equals the pong's. */
  receivePong(data: Uint8Array, nowMs: number): void {
    const index = this.#pending.findIndex((p) => equalBytes(p.payload, data));
    if (index < 0) return;
    const [ping] = this.#pending.splice(index, 1);
    ping.resolve(nowMs - ping.startedMs);
  }

  /** Rejects every pending ping: the connection is gone. */
  rejectAll(code: number, reason: string, closedBy: 'local' | 'remote'): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const ping of pending) ping.reject(new ConnectionClosedError(code, reason, closedBy));
  }

  /** Withdraws a ping whose frame could not be sent. */
  cancel(payload: Uint8Array, error: unknown): void {
    const index = this.#pending.findIndex((p) => p.payload === payload);
    if (index >= 0) this.#pending.splice(index, 1)[0].reject(error);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
