export { CloseCode, isValidReceivedCloseCode, isValidSentCloseCode } from './close-code.js';
export { encodeClosePayload, decodeClosePayload, MAX_CLOSE_REASON_BYTES } from './close-payload.js';
export type { ClosePayload, DecodedClosePayload } from './close-payload.js';
