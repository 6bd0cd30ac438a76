import { HandshakeError, InvalidStateError } from '../errors/index.js';
import { DEFAULT_HTTP_RESPONSE_LIMITS } from './http-response.js';
import type { HttpResponse, HttpResponseLimits } from './http-response.js';
import { decodeLatin1 } from './latin1.js';
import { parseHeaderLine, parseStatusLine } from './parse-head-line.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Incremental parser of an HTTP/1.1 response head (status line and headers), fed the raw bytes
 * that arrive after the upgrade request was sent.
 *
 * Line ends must be CRLF. RFC 7230 §3.5 lets a recipient accept a bare LF ("MAY"); we do not:
 * every WebSocket server sends CRLF, and one strict rule keeps the head boundary (and hence the
 * first WebSocket byte) unambiguous. Work is linear in the input: each push scans only its new
 * bytes with `indexOf`, and only an unfinished line is kept, in a buffer that grows by doubling.
 * Limits are enforced as soon as they are crossed, before more bytes are buffered.
 */
export class HttpResponseParser {
  private readonly maxLineBytes: number;
  private readonly maxHeaders: number;
  private readonly maxHeaderBytes: number;
  private state: 'status' | 'headers' | 'done' | 'failed' = 'status';
  private failure: unknown;
  private pending = new Uint8Array(0);
  private pendingBytes = 0;
  private consumedBytes = 0;
  private status = 0;
  private reason = '';
  private readonly headers: Record<string, string> = Object.create(null) as Record<string, string>;
  private readonly rawHeaders: [string, string][] = [];

  /** Throws a `RangeError` when a limit is not a positive safe integer. */
  constructor(limits: HttpResponseLimits = {}) {
    this.maxLineBytes = readLimit(limits.maxLineBytes, DEFAULT_HTTP_RESPONSE_LIMITS.maxLineBytes, 'maxLineBytes');
    this.maxHeaders = readLimit(limits.maxHeaders, DEFAULT_HTTP_RESPONSE_LIMITS.maxHeaders, 'maxHeaders');
    this.maxHeaderBytes = readLimit(limits.maxHeaderBytes, DEFAULT_HTTP_RESPONSE_LIMITS.maxHeaderBytes, 'maxHeaderBytes');
  }

  /**
   * Feeds the next bytes. Returns `undefined` until the blank line ending the head has arrived,
   * then the response; bytes after the blank line are in `trailing`. Throws `HandshakeError`
   * (`ERR_INVALID_HTTP_RESPONSE`, `ERR_HEADERS_TOO_LARGE`, `ERR_TOO_MANY_HEADERS`) on bad input,
   * and again on every later push. Pushing after the response was returned is caller misuse
   * (`InvalidStateError`).
   */
  push(chunk: Uint8Array): HttpResponse | undefined {
    if (this.state === 'done') throw new InvalidStateError('the response head is already complete', 'ERR_PARSER_DONE');
    if (this.state === 'failed') throw this.failure;
    try {
      return this.consume(chunk);
    } catch (error) {
      this.state = 'failed';
      this.failure = error;
      throw error;
    }
  }

  private consume(chunk: Uint8Array): HttpResponse | undefined {
    let pos = 0;
    while (pos < chunk.length) {
      const lf = chunk.indexOf(LF, pos);
      if (lf === -1) {
        this.keepPartial(chunk.subarray(pos));
        return undefined;
      }
      const lineBytes = this.pendingBytes + lf + 1 - pos;
      this.checkSize(lineBytes, lineBytes > this.maxLineBytes, this.consumedBytes + lineBytes > this.maxHeaderBytes);
      // The line is chunk[pos, lf], or the kept start of it with that appended.
      let bytes = chunk;
      let start = pos;
      let end = lf + 1;
      if (this.pendingBytes > 0) {
        this.append(chunk.subarray(pos, lf + 1));
        bytes = this.pending;
        start = 0;
        end = this.pendingBytes;
        this.pendingBytes = 0;
      }
      this.consumedBytes += lineBytes;
      pos = lf + 1;
      if (this.acceptLine(bytes, start, end)) {
        this.state = 'done';
        const { status, reason, headers, rawHeaders } = this;
        return { status, reason, headers, rawHeaders, trailing: chunk.subarray(pos) };
      }
    }
    return undefined;
  }

  /**
   * Handles one complete line, `bytes[start, end)` with its LF; true when it was the blank line
   * ending the head. The line is decoded once (one code unit per byte) and checked as text.
   */
  private acceptLine(bytes: Uint8Array, start: number, end: number): boolean {
    // RFC 7230 §3.5: start-line and header fields end with CRLF (bare LF not accepted, see above).
    if (end - start < 2 || bytes[end - 2] !== CR) {
      throw new HandshakeError('ERR_INVALID_HTTP_RESPONSE', 'invalid HTTP response: line ends with a bare LF');
    }
    // RFC 7230 §3: the head ends with an empty line.
    if (this.state === 'headers' && end - start === 2) return true;
    const content = decodeLatin1(bytes, start, end - 2);
    if (this.state === 'status') {
      ({ status: this.status, reason: this.reason } = parseStatusLine(content));
      this.state = 'headers';
      return false;
    }
    if (this.rawHeaders.length >= this.maxHeaders) {
      throw new HandshakeError('ERR_TOO_MANY_HEADERS', `response has more than ${this.maxHeaders} header lines`);
    }
    const [name, value] = parseHeaderLine(content);
    this.rawHeaders.push([name, value]);
    // RFC 7230 §3.2.2: repeated fields combine into one comma-separated list, in order.
    const key = name.toLowerCase();
    const previous = this.headers[key];
    this.headers[key] = previous === undefined ? value : `${previous}, ${value}`;
    return false;
  }

  /** Keeps the start of a line whose LF has not arrived, failing once it cannot fit any limit. */
  private keepPartial(part: Uint8Array): void {
    const lineBytes = this.pendingBytes + part.length;
    // With its LF still to come, the line will be at least one byte longer than what is here.
    this.checkSize(lineBytes, lineBytes >= this.maxLineBytes, this.consumedBytes + lineBytes >= this.maxHeaderBytes);
    this.append(part);
  }

  private checkSize(lineBytes: number, lineTooLong: boolean, headTooLarge: boolean): void {
    if (lineTooLong) {
      throw new HandshakeError(
        'ERR_HEADERS_TOO_LARGE',
        `response line reached ${lineBytes} bytes; the limit is ${this.maxLineBytes}`,
      );
    }
    if (headTooLarge) {
      throw new HandshakeError(
        'ERR_HEADERS_TOO_LARGE',
        `response head reached ${this.consumedBytes + lineBytes} bytes; the limit is ${this.maxHeaderBytes}`,
      );
    }
  }

  private append(part: Uint8Array): void {
    const needed = this.pendingBytes + part.length;
    if (needed > this.pending.length) {
      const grown = new Uint8Array(Math.min(Math.max(needed, this.pending.length * 2, 256), this.maxLineBytes));
      grown.set(this.pending.subarray(0, this.pendingBytes));
      this.pending = grown;
    }
    this.pending.set(part, this.pendingBytes);
    this.pendingBytes = needed;
  }
}

function readLimit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
