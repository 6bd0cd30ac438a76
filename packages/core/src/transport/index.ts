export type { ByteTransport } from './byte-transport.js';
export { ProtocolDriver, DEFAULT_CLOSE_TIMEOUT_MS } from './protocol-driver.js';
export type { ClosedInfo, ProtocolDriverHandlers, ProtocolDriverOptions } from './protocol-driver.js';
