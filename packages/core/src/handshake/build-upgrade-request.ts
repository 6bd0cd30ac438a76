import { isFieldValue, isToken } from './http-chars.js';
import { isValidKey } from './generate-key.js';
import { encodeLatin1 } from './latin1.js';
import type { UpgradeRequestOptions } from './upgrade-request-options.js';

/** Header names (lower-case) that only the handshake itself writes. */
const RESERVED = new Set([
  'host',
  'upgrade',
  'connection',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
  'sec-websocket-accept',
  // The upgrade request has no body (RFC 7230 §3.3): framing headers could desync the server.
  'content-length',
  'transfer-encoding',
]);

/**
 * Writes the client's opening handshake (RFC 6455 §4.1) as the bytes of an HTTP/1.1 GET request.
 * Every piece of caller input is checked first; any CR, LF, NUL or other character that HTTP
 * does not allow there throws a `TypeError` and no bytes are produced, so caller input can never
 * split a header line or inject a header.
 */
export function buildUpgradeRequest(options: UpgradeRequestOptions): Uint8Array {
  return encodeLatin1(formatUpgradeRequest(options));
}

/**
 * The same request as text, one code unit per byte (every unit is at most 0xFF once checked):
 * for an adapter that writes strings as Latin-1 itself (Node's `socket.write(text, 'latin1')`
 * copies in native code, where {@link buildUpgradeRequest} encodes byte by byte in JavaScript).
 */
export function formatUpgradeRequest(options: UpgradeRequestOptions): string {
  const { host, path, key, origin, protocols, extensions, authorization } = options;
  checkPath(path);
  // RFC 6455 §4.1 item 4: Host carries the authority; it may not contain whitespace or delimiters.
  checkValue('Host', host);
  if (host.length === 0 || /[\s/?#@]/.test(host)) throw new TypeError(`invalid Host ${JSON.stringify(host)}`);
  // RFC 6455 §4.1 item 7: the key is a base64-encoded 16-byte nonce.
  if (!isValidKey(key)) throw new TypeError(`Sec-WebSocket-Key ${JSON.stringify(key)} is not base64 of 16 bytes`);

  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    // RFC 6455 §4.1 item 9: the version MUST be 13.
    'Sec-WebSocket-Version: 13',
  ];
  if (origin !== undefined) lines.push(`Origin: ${checkValue('Origin', origin)}`);
  if (protocols !== undefined && protocols.length > 0) {
    lines.push(`Sec-WebSocket-Protocol: ${checkProtocols(protocols)}`);
  }
  if (extensions !== undefined && extensions.length > 0) {
    lines.push(`Sec-WebSocket-Extensions: ${checkValue('Sec-WebSocket-Extensions', extensions)}`);
  }
  if (authorization !== undefined) lines.push(`Authorization: ${checkValue('Authorization', authorization)}`);

  const extra = listHeaders(options.headers);
  // Checked only when there are caller headers: the set of taken names costs a copy per request.
  if (extra.length > 0) appendCallerHeaders(lines, extra, origin !== undefined, authorization !== undefined);
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Appends the caller's headers, each a token name with a valid value, none reserved or repeated. */
function appendCallerHeaders(lines: string[], headers: readonly (readonly [string, string])[], hasOrigin: boolean,
  hasAuthorization: boolean): void {
  const taken = new Set(RESERVED);
  if (hasOrigin) taken.add('origin');
  if (hasAuthorization) taken.add('authorization');
  for (const [name, value] of headers) {
    // RFC 7230 §3.2: field-name = token.
    if (typeof name !== 'string' || !isToken(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (taken.has(lower)) throw new TypeError(`header ${name} is set by the handshake or given twice`);
    taken.add(lower);
    lines.push(`${name}: ${checkValue(name, value)}`);
  }
}

function listHeaders(headers: UpgradeRequestOptions['headers']): readonly (readonly [string, string])[] {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return headers as readonly (readonly [string, string])[];
  return Object.entries(headers as Readonly<Record<string, string>>);
}

/** RFC 7230 §5.3.1 origin-form: absolute-path [ "?" query ], printable ASCII only, no fragment. */
function checkPath(path: string): void {
  if (typeof path !== 'string' || path.charCodeAt(0) !== 0x2f) {
    throw new TypeError(`request path ${JSON.stringify(path)} must start with "/"`);
  }
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    // RFC 6455 §3: fragment identifiers are not allowed in WebSocket URIs.
    if (c <= 0x20 || c >= 0x7f || c === 0x23) {
      throw new TypeError(`request path has a forbidden character (code ${c}) at index ${i}`);
    }
  }
}

function checkValue(name: string, value: string): string {
  if (typeof value !== 'string' || !isFieldValue(value)) {
    throw new TypeError(`${name} value ${JSON.stringify(value)} has characters HTTP forbids or edge whitespace`);
  }
  return value;
}

/** RFC 6455 §4.1 item 10: each subprotocol a token, and "all unique strings". */
function checkProtocols(protocols: readonly string[]): string {
  const seen = new Set<string>();
  for (const p of protocols) {
    if (typeof p !== 'string' || !isToken(p)) throw new TypeError(`subprotocol ${JSON.stringify(p)} is not a token`);
    if (seen.has(p)) throw new TypeError(`subprotocol ${JSON.stringify(p)} is listed twice`);
    seen.add(p);
  }
  return protocols.join(', ');
}
