import { ProtocolError } from '../errors/index.js';
import { WeftError } from '../errors/index.js';
import { decodeUtf8, encodeUtf8 } from '../utf8/index.js';
import { CloseCode, isValidReceivedCloseCode, isValidSentCloseCode } from './close-code.js';

/** RFC 6455 §5.5: control frame payloads are at most 125 bytes, 2 of which hold the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** A decoded close frame body; `code` is 1005 (NoStatusReceived) when the body was empty. */
export interface ClosePayload {
  readonly code: number;
  readonly reason: string;
}

/** Result of {@link decodeClosePayload}: the body, or the error to fail the connection with. */
export type DecodedClosePayload =
  | ({ readonly ok: true } & ClosePayload)
  | { readonly ok: false; readonly error: ProtocolError };

const EMPTY = new Uint8Array(0);

/**
 * Build the body of a close frame: a 2-byte big-endian status code then the UTF-8 reason.
 * With no code the body is empty (and `reason` must be empty too, RFC 6455 §5.5.1).
 * Throws a {@link WeftError} (`ERR_INVALID_CLOSE_CODE`, `ERR_CLOSE_REASON_TOO_LONG`) on misuse.
 */
export function encodeClosePayload(code?: number, reason = ''): Uint8Array {
  if (code === undefined) {
    // §5.5.1: a reason may only follow a status code.
    if (reason !== '') {
      throw new WeftError('ERR_INVALID_CLOSE_CODE', 'a close reason needs a close code; none was given');
    }
    return EMPTY;
  }
  if (typeof code !== 'number' || !isValidSentCloseCode(code)) {
    throw new WeftError(
      'ERR_INVALID_CLOSE_CODE',
      `close code ${String(code)} may not be sent; use 1000, 1001-1003, 1007-1014 or 3000-4999`,
    );
  }
  if (typeof reason !== 'string') throw new TypeError('close reason must be a string');
  const reasonBytes = encodeUtf8(reason);
  // §5.5: the whole control frame payload is at most 125 bytes.
  if (reasonBytes.length > MAX_CLOSE_REASON_BYTES) {
    throw new WeftError(
      'ERR_CLOSE_REASON_TOO_LONG',
      `close reason is ${reasonBytes.length} UTF-8 bytes; the limit is ${MAX_CLOSE_REASON_BYTES}`,
    );
  }
  // A fresh, fully written buffer: no byte of it is left from earlier use.
  const payload = new Uint8Array(2 + reasonBytes.length);
  payload[0] = code >>> 8;
  payload[1] = code & 0xff;
  payload.set(reasonBytes, 2);
  return payload;
}

/**
 * Parse the body of a close frame received from the peer. Never throws: a malformed body becomes
 * `{ ok: false, error }` whose `error.closeCode` is 1002 (bad length or code) or 1007 (bad UTF-8).
 */
export function decodeClosePayload(payload: Uint8Array): DecodedClosePayload {
  // §7.1.5: a close frame without a status code is reported as 1005.
  if (payload.length === 0) return { ok: true, code: CloseCode.NoStatusReceived, reason: '' };
  // §5.5.1: if there is a body, its first two bytes are the status code.
  if (payload.length === 1) {
    return failWith('ERR_INVALID_CLOSE_PAYLOAD', CloseCode.ProtocolError, 'close frame payload is 1 byte; a status code needs 2');
  }
  const code = (payload[0] << 8) | payload[1];
  // §7.4: codes reserved or not yet defined are a protocol error.
  if (!isValidReceivedCloseCode(code)) {
    return failWith('ERR_INVALID_CLOSE_CODE', CloseCode.ProtocolError, `received close code ${code} is not allowed on the wire`);
  }
  // §5.5.1: the reason is UTF-8; §8.1: invalid UTF-8 fails the connection with 1007.
  const reason = payload.length === 2 ? '' : decodeUtf8(payload.subarray(2));
  if (reason === undefined) {
    return failWith('ERR_INVALID_UTF8', CloseCode.InvalidPayloadData, 'close reason is not valid UTF-8');
  }
  return { ok: true, code, reason };
}

function failWith(code: string, closeCode: number, message: string): DecodedClosePayload {
  return { ok: false, error: new ProtocolError(code, closeCode, message) };
}
