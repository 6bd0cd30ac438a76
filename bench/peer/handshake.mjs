// The peer's side of the opening handshake (RFC 6455 §4.2), written by hand so that the peer
// stays a plain `net` server. A connection that starts with `RAW <path>\n` instead of an HTTP
// request is a raw-TCP measurement: no handshake, no framing, the same payload bytes.
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_HEAD_BYTES = 16 * 1024;

/**
 * Reads the head of a connection. Returns undefined while incomplete, otherwise
 * `{ raw, path, query, headers, rest }` where `rest` holds the bytes that followed the head.
 * Throws on a head over 16 KiB.
 */
export function parseHead(buffered) {
  if (buffered.length >= 4 && buffered.toString('latin1', 0, 4) === 'RAW ') {
    const newline = buffered.indexOf(10);
    if (newline < 0) return undefined;
    const target = buffered.toString('latin1', 4, newline).trim();
    return { raw: true, ...splitTarget(target), headers: {}, rest: buffered.subarray(newline + 1) };
  }
  const end = buffered.indexOf('\r\n\r\n');
  if (end < 0) {
    if (buffered.length > MAX_HEAD_BYTES) throw new Error('request head over 16 KiB');
    return undefined;
  }
  const lines = buffered.toString('latin1', 0, end).split('\r\n');
  const target = lines[0].split(' ')[1] ?? '/';
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { raw: false, ...splitTarget(target), headers, rest: buffered.subarray(end + 4) };
}

function splitTarget(target) {
  const url = new URL(target, 'http://peer');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

/**
 * Chooses the permessage-deflate answer (RFC 7692 §5, §7.1) for the first acceptable offer, or
 * undefined. The peer keeps its own context unless the client asks it not to, and honours
 * `server_max_window_bits` when the client limits it.
 */
export function negotiateDeflate(headers) {
  const header = headers['sec-websocket-extensions'];
  if (header === undefined) return undefined;
  for (const offer of header.split(',')) {
    const [name, ...params] = offer.split(';').map((s) => s.trim());
    if (name !== 'permessage-deflate') continue;
    const answer = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15 };
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
      if (key === 'server_no_context_takeover') answer.serverNoContextTakeover = true;
      else if (key === 'client_no_context_takeover') answer.clientNoContextTakeover = true;
      else if (key === 'server_max_window_bits') answer.serverMaxWindowBits = Math.max(9, Number(value));
    }
    return answer;
  }
  return undefined;
}

/** Formats the negotiated answer as a `Sec-WebSocket-Extensions` value. */
export function formatDeflate(answer) {
  let value = 'permessage-deflate';
  if (answer.serverNoContextTakeover) value += '; server_no_context_takeover';
  if (answer.clientNoContextTakeover) value += '; client_no_context_takeover';
  if (answer.serverMaxWindowBits !== 15) value += `; server_max_window_bits=${answer.serverMaxWindowBits}`;
  return value;
}

/** Builds the 101 response for a request's headers, with an optional extensions value. */
export function buildSwitchingResponse(headers, extensions) {
  const accept = createHash('sha1').update(headers['sec-websocket-key'] + GUID).digest('base64');
  let response =
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Accept: ${accept}\r\n`;
  if (extensions !== undefined) response += `Sec-WebSocket-Extensions: ${extensions}\r\n`;
  return Buffer.from(response + '\r\n', 'latin1');
}
