/**
 * Close status codes of RFC 6455 §7.4.1 and the IANA "WebSocket Close Code Number Registry".
 * A frozen object, so `CloseCode.ProtocolError` reads like the RFC and compiles to a number.
 */
export const CloseCode = Object.freeze({
  /** 1000: the purpose of the connection has been fulfilled. */
  NormalClosure: 1000,
  /** 1001: the endpoint is going away (server shutdown, page navigation). */
  GoingAway: 1001,
  /** 1002: the peer broke the protocol. */
  ProtocolError: 1002,
  /** 1003: a data type the endpoint cannot accept (e.g. binary to a text-only endpoint). */
  UnsupportedData: 1003,
  /** 1005: reserved; stands for "the close frame carried no status code". Never sent. */
  NoStatusReceived: 1005,
  /** 1006: reserved; stands for "closed without a close frame". Never sent. */
  AbnormalClosure: 1006,
  /** 1007: data inconsistent with the message type (invalid UTF-8 in a text message). */
  InvalidPayloadData: 1007,
  /** 1008: a message violated the endpoint's policy. */
  PolicyViolation: 1008,
  /** 1009: a message too big to handle. */
  MessageTooBig: 1009,
  /** 1010: the client expected the server to negotiate an extension it did not. */
  MandatoryExtension: 1010,
  /** 1011: an unexpected condition prevented the server from fulfilling the request. */
  InternalError: 1011,
  /** 1012: the service is restarting (IANA). */
  ServiceRestart: 1012,
  /** 1013: try again later (IANA). */
  TryAgainLater: 1013,
  /** 1014: a gateway or proxy received an invalid response upstream (IANA). */
  BadGateway: 1014,
  /** 1015: reserved; stands for "the TLS handshake failed". Never sent. */
  TlsHandshake: 1015,
} as const);

/** Any of the named close codes. Application codes (3000-4999) are plain numbers. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** True for 1000-1003 and 1007-1014, the registered codes that may appear on the wire. */
function isRegisteredWireCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

/**
 * Whether a status code received in a close frame is acceptable.
 *
 * RFC 6455 §7.4.1 / §7.4.2: 1005, 1006 and 1015 "MUST NOT be set as a status code in a Close
 * control frame by an endpoint"; 1004 is reserved; 0-999 are not used; 1016-2999 are reserved for
 * this RFC and its extensions (none registered beyond 1014); 3000-3999 are registered with IANA
 * for libraries and frameworks; 4000-4999 are private use; 5000 and above are undefined. A close
 * frame carrying an invalid code is a protocol error (1002).
 */
export function isValidReceivedCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  return isRegisteredWireCode(code) || (code >= 3000 && code <= 4999);
}

/**
 * Whether an application may send `code` through Weft.
 *
 * Choice: the same set as {@link isValidReceivedCloseCode} — 1000, the registered 1001-1003 and
 * 1007-1014, and 3000-4999. Weft is a protocol-level client, so it lets a program say "going away"
 * (1001) or "policy violation" (1008) itself. The reserved 1004, 1005, 1006 and 1015 are refused
 * because RFC 6455 §7.4.1 forbids them on the wire. A WHATWG-compatible wrapper, whose `close()`
 * only admits 1000 and 3000-4999, must narrow this itself.
 */
export function isValidSentCloseCode(code: number): boolean {
  return isValidReceivedCloseCode(code);
}
