/**
 * @weft/core — the sans-I/O heart of Weft: RFC 6455 framing, masking, UTF-8 validation, close
 * codes, the opening handshake, RFC 7692 negotiation, the `ClientProtocol` state machine and the
 * transport-agnostic policies (reconnect, heartbeat, send queue, fragmentation). It performs no
 * I/O and imports nothing from `node:` or the DOM; adapters inject the platform primitives.
 *
 * @packageDocumentation
 */
export * from './errors/index.js';
export * from './platform/index.js';
export * from './codec/index.js';
export * from './mask/index.js';
export * from './utf8/index.js';
export * from './close/index.js';
export * from './handshake/index.js';
export * from './extensions/index.js';
export * from './protocol/index.js';
export * from './transport/index.js';
export * from './policies/index.js';
export * from './client/index.js';
