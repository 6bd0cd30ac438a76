export { WeftError } from './weft-error.js';
export { ProtocolError } from './protocol-error.js';
export { HandshakeError } from './handshake-error.js';
export { InvalidStateError } from './invalid-state-error.js';
export { ConnectionClosedError } from './connection-closed-error.js';
export { TimeoutError } from './timeout-error.js';
