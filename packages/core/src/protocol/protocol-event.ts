import type { ProtocolError } from '../errors/index.js';

/**
 * What {@link ClientProtocol.eventsReceived} hands to the I/O layer, in arrival order.
 *
 * - `text` / `binary`: a complete data message (fragments already joined, extension decoded).
 * - `ping` / `pong`: a control frame from the peer; a ping has already been answered.
 * - `close`: the peer's close frame (`code` 1005 when it carried none), or 1006 when the
 *   transport ended without any close frame.
 * - `failure`: we failed the connection (RFC 6455 §7.1.7); `error.closeCode` is what we sent.
 */
export type ProtocolEvent =
  | { type: 'text'; data: string }
  | { type: 'binary'; data: Uint8Array }
  | { type: 'ping'; data: Uint8Array }
  | { type: 'pong'; data: Uint8Array }
  | { type: 'close'; code: number; reason: string }
  | { type: 'failure'; error: ProtocolError };
