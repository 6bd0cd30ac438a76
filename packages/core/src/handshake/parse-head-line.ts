import { HandshakeError } from '../errors/index.js';
import { isFieldValueChar, isOws, isTchar } from './http-chars.js';

const INVALID = 'ERR_INVALID_HTTP_RESPONSE';
const STATUS_PREFIX = 'HTTP/1.1 ';

/**
 * Parses a status line (without its CRLF, decoded one code unit per byte): RFC 7230 §3.1.2
 * `HTTP-version SP status-code SP reason-phrase`. Only HTTP/1.1 is accepted: RFC 6455 §4.1
 * requires "HTTP/1.1 or higher", and a 1.0 server cannot upgrade. A missing SP after the code is
 * tolerated when the reason is empty.
 */
export function parseStatusLine(line: string): { status: number; reason: string } {
  const n = line.length;
  if (!line.startsWith(STATUS_PREFIX)) throw invalid('status line does not start with "HTTP/1.1 "');
  let status = 0;
  for (let i = 9; i < 12; i++) {
    // Past the end, charCodeAt gives NaN, which is no digit either.
    const d = line.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) throw invalid('status code is not three digits');
    status = status * 10 + d;
  }
  if (status < 100) throw invalid(`status code ${status} is below 100`);
  if (n > 12 && line.charCodeAt(12) !== 0x20) throw invalid('status code is not followed by a space');
  // reason-phrase = *( HTAB / SP / VCHAR / obs-text )
  for (let i = 13; i < n; i++) {
    if (!isFieldValueChar(line.charCodeAt(i))) throw invalid(`reason phrase has byte 0x${hex(line.charCodeAt(i))}`);
  }
  return { status, reason: n > 13 ? line.slice(13) : '' };
}

/**
 * Parses a header line (without its CRLF, decoded one code unit per byte): RFC 7230 §3.2
 * `field-name ":" OWS field-value OWS`.
 * obs-fold (a line starting with SP/HTAB) is rejected: §3.2.4 deprecates it, and a client may
 * refuse it rather than unfold. Whitespace between the name and the colon is rejected (§3.2.4
 * MUST). Values may hold VCHAR, obs-text, SP and HTAB only: NUL, CR and other controls fail.
 */
export function parseHeaderLine(line: string): [name: string, value: string] {
  const n = line.length;
  if (n > 0 && isOws(line.charCodeAt(0))) throw invalid('obs-fold (a header line starting with whitespace) is not supported');
  let colon = 0;
  while (colon < n && isTchar(line.charCodeAt(colon))) colon++;
  if (colon === 0 || colon === n || line.charCodeAt(colon) !== 0x3a) {
    throw invalid(colon < n ? `header name has byte 0x${hex(line.charCodeAt(colon))}` : 'header line has no colon');
  }
  let start = colon + 1;
  let end = n;
  while (start < end && isOws(line.charCodeAt(start))) start++;
  while (end > start && isOws(line.charCodeAt(end - 1))) end--;
  for (let i = start; i < end; i++) {
    if (!isFieldValueChar(line.charCodeAt(i))) throw invalid(`header value has byte 0x${hex(line.charCodeAt(i))}`);
  }
  return [line.slice(0, colon), line.slice(start, end)];
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function invalid(message: string): HandshakeError {
  return new HandshakeError(INVALID, `invalid HTTP response: ${message}`);
}
