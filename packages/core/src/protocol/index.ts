export { ClientProtocol } from './client-protocol.js';
export type { ProtocolState } from './client-protocol.js';
export type { ProtocolEvent } from './protocol-event.js';
export type { ProtocolOptions } from './protocol-options.js';
export { DEFAULT_PROTOCOL_LIMITS } from './protocol-options.js';
