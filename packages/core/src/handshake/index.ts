export { generateKey } from './generate-key.js';
export { computeAccept, WEBSOCKET_GUID } from './compute-accept.js';
export { buildUpgradeRequest, formatUpgradeRequest } from './build-upgrade-request.js';
export type { UpgradeRequestOptions } from './upgrade-request-options.js';
export { HttpResponseParser } from './http-response-parser.js';
export { DEFAULT_HTTP_RESPONSE_LIMITS } from './http-response.js';
export type { HttpResponse, HttpResponseLimits } from './http-response.js';
export { validateResponse } from './validate-response.js';
export type { ValidateResponseOptions, HandshakeOutcome } from './validate-response.js';
