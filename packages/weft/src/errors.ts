/** The error classes shared by every build; branch on `error.code`, see `WeftError`. */
export {
  WeftError,
  ProtocolError,
  HandshakeError,
  InvalidStateError,
  ConnectionClosedError,
  TimeoutError,
} from '@weft/core';
