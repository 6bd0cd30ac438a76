/**
 * The server side of the opening handshake, done by hand (RFC 6455 §4.2.2): read the client's
 * request, compute Sec-WebSocket-Accept with node:crypto, and answer — correctly or not.
 */
import { createHash } from 'node:crypto';

/** RFC 6455 §1.3: the GUID appended to the key before hashing. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The client's Upgrade request as the peer read it. */
export interface HandshakeRequest {
  requestLine: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  raw: string;
}

/** base64(SHA-1(key + GUID)). */
export function computeAcceptValue(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

/** Parses the request head (everything before the blank line). */
export function parseRequest(head: string): HandshakeRequest {
  const [requestLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { requestLine, headers, raw: head };
}

/** What the peer answers; every field overrides one part of a correct 101. */
export interface ResponsePlan {
  /** Whole status line, default `HTTP/1.1 101 Switching Protocols`. */
  statusLine?: string;
  /** Replaces the computed accept value. */
  accept?: string;
  /** Drop these default headers (lower-case names: `upgrade`, `connection`, `sec-websocket-accept`). */
  omit?: string[];
  /** Override the Connection header value. */
  connection?: string;
  /** Extra header lines, e.g. `Sec-WebSocket-Extensions: permessage-deflate`. */
  extraHeaders?: string[];
  /** Body bytes after the blank line (for non-101 answers). */
  body?: string;
  /** Build the whole response from the request instead (raw bytes). */
  raw?: (request: HandshakeRequest) => Buffer;
}

/** The response bytes for `request` under `plan`. */
export function buildResponse(request: HandshakeRequest, plan: ResponsePlan = {}): Buffer {
  if (plan.raw) return plan.raw(request);
  const omit = new Set(plan.omit ?? []);
  const key = request.headers['sec-websocket-key'] ?? '';
  const lines = [plan.statusLine ?? 'HTTP/1.1 101 Switching Protocols'];
  if (!omit.has('upgrade')) lines.push('Upgrade: websocket');
  if (!omit.has('connection')) lines.push(`Connection: ${plan.connection ?? 'Upgrade'}`);
  if (!omit.has('sec-websocket-accept')) lines.push(`Sec-WebSocket-Accept: ${plan.accept ?? computeAcceptValue(key)}`);
  lines.push(...(plan.extraHeaders ?? []));
  if (plan.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(plan.body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${plan.body ?? ''}`, 'latin1');
}

/** Checks the parts of the request RFC 6455 §4.1 makes mandatory; returns the problems found. */
export function checkRequest(request: HandshakeRequest): string[] {
  const problems: string[] = [];
  const h = request.headers;
  if (!/^GET \S+ HTTP\/1\.1$/.test(request.requestLine)) problems.push(`request line: ${request.requestLine}`);
  if (!h['host']) problems.push('missing Host');
  if ((h['upgrade'] ?? '').toLowerCase() !== 'websocket') problems.push(`Upgrade: ${h['upgrade']}`);
  if (!(h['connection'] ?? '').toLowerCase().split(/\s*,\s*/).includes('upgrade')) problems.push(`Connection: ${h['connection']}`);
  if (h['sec-websocket-version'] !== '13') problems.push(`Sec-WebSocket-Version: ${h['sec-websocket-version']}`);
  const key = h['sec-websocket-key'] ?? '';
  if (Buffer.from(key, 'base64').length !== 16 || Buffer.from(key, 'base64').toString('base64') !== key) problems.push(`Sec-WebSocket-Key: ${key}`);
  return problems;
}
