import { HandshakeError, InvalidStateError } from '../../src/errors/index.js';
import { HttpResponseParser, type HttpResponse, type HttpResponseLimits } from '../../src/handshake/index.js';
import { concat } from '../protocol/wire.js';
import { chunkRandomly, fromHex, toHex, type Prng } from './prng.js';

/** One input of the HTTP target. */
export interface HttpCase {
  bytes: Uint8Array;
  chunkSizes: number[];
  limits: Required<HttpResponseLimits>;
  /** What the generator wrote, when the bytes were left unmutated (then the parse must match it). */
  expected: { status: number; rawHeaders: [string, string][]; trailing: string } | undefined;
}

const NAMES = ['Upgrade', 'Connection', 'Sec-WebSocket-Accept', 'Sec-WebSocket-Extensions', 'Sec-WebSocket-Protocol',
  'Set-Cookie', 'X-Custom', 'content-length', '__proto__', 'constructor', 'A'];
const VALUES = ['websocket', 'Upgrade', 'keep-alive, Upgrade', 'permessage-deflate; client_max_window_bits=10', '', 'a\tb',
  'caf\u00e9', 'x'.repeat(300), '"quoted, value"', '  padded  '];
const HOSTILE = ['\r', '\n', '\r\n', '\0', ' ', '\t', ':', '\r\n ', '\n\n', '\r\n\r\n', '\x7f', '\xff', 'HTTP/1.1 ', ': '];
const ERROR_CODES = new Set(['ERR_INVALID_HTTP_RESPONSE', 'ERR_HEADERS_TOO_LARGE', 'ERR_TOO_MANY_HEADERS']);

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** A valid head (status line, headers, blank line) and some trailing bytes, then maybe mutated. */
export function generateHttpCase(rng: Prng): HttpCase {
  const status = rng.pick([101, 101, 101, 200, 301, 404, 999, 100]);
  const rawHeaders: [string, string][] = [];
  for (let i = rng.int(rng.chance(0.1) ? 200 : 12); i > 0; i--) rawHeaders.push([rng.pick(NAMES), rng.pick(VALUES).trim()]);
  const reason = rng.pick(['Switching Protocols', '', 'OK', 'caf\u00e9 \t x']);
  const trailing = rng.chance(0.5) ? toHex(rng.bytes(rng.int(20))) : '';
  const head = `HTTP/1.1 ${status}${reason || rng.chance(0.5) ? ` ${reason}` : ''}\r\n${rawHeaders.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  let bytes = concat([latin1(head), fromHex(trailing)]);
  const mutated = rng.chance(0.7);
  if (mutated) bytes = mutateHead(rng, bytes);
  const limits = {
    maxLineBytes: rng.pick([16, 64, 512, 8 * 1024]),
    maxHeaders: rng.pick([1, 4, 128]),
    maxHeaderBytes: rng.pick([64, 1024, 64 * 1024]),
  };
  return {
    bytes,
    chunkSizes: chunkRandomly(rng, bytes).map((c) => c.length),
    limits,
    expected: mutated ? undefined : { status, rawHeaders, trailing },
  };
}

function mutateHead(rng: Prng, bytes: Uint8Array): Uint8Array {
  for (let n = rng.range(1, 3); n > 0; n--) {
    const at = rng.int(bytes.length + 1);
    switch (rng.int(5)) {
      case 0: bytes = concat([bytes.subarray(0, at), latin1(rng.pick(HOSTILE)), bytes.subarray(at)]); break;
      case 1: if (bytes.length > 0) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8); break;
      case 2: bytes = bytes.slice(0, at); break;
      case 3: bytes = concat([bytes.subarray(0, at), latin1('X: '.padEnd(rng.int(20_000), 'a') + '\r\n'), bytes.subarray(at)]); break;
      default: bytes = concat([bytes.subarray(0, at), latin1('A: b\r\n'.repeat(rng.int(300))), bytes.subarray(at)]);
    }
  }
  return bytes;
}

type Outcome = { ok: true; response: HttpResponse; after: Uint8Array } | { ok: false; code: string } | { ok: 'incomplete' };

/** Feeds `chunks` to a fresh parser the way the Node adapter does. */
function parse(chunks: Uint8Array[], limits: HttpResponseLimits, problems: string[]): Outcome {
  const parser = new HttpResponseParser(limits);
  for (let i = 0; i < chunks.length; i++) {
    let response: HttpResponse | undefined;
    try {
      response = parser.push(chunks[i]);
    } catch (error) {
      if (!(error instanceof HandshakeError) || !ERROR_CODES.has(error.code)) {
        problems.push(`push threw ${String((error as Error)?.stack ?? error)}`);
        return { ok: false, code: 'unexpected' };
      }
      try {
        parser.push(new Uint8Array(1));
        problems.push('a failed parser accepted more input');
      } catch (again) {
        if (again !== error) problems.push('a failed parser threw a different error on the next push');
      }
      return { ok: false, code: error.code };
    }
    if (response !== undefined) {
      try {
        parser.push(new Uint8Array(1));
        problems.push('a finished parser accepted more input');
      } catch (again) {
        if (!(again instanceof InvalidStateError)) problems.push(`a finished parser threw ${String(again)}`);
      }
      return { ok: true, response, after: concat([response.trailing, ...chunks.slice(i + 1)]) };
    }
  }
  return { ok: 'incomplete' };
}

/**
 * Invariants: only the documented HandshakeErrors escape; the outcome does not depend on how the
 * bytes are cut; an accepted head respects every limit and holds no CR, LF or NUL; an unmutated
 * head parses to exactly what was written, with the following bytes handed back untouched.
 */
export function checkHttpCase(c: HttpCase): string[] {
  const problems: string[] = [];
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const size of c.chunkSizes) {
    chunks.push(c.bytes.slice(at, at + size));
    at += size;
  }
  const whole = parse(c.bytes.length > 0 ? [c.bytes.slice()] : [], c.limits, problems);
  const pieces = parse(chunks, c.limits, problems);
  if (summarize(whole) !== summarize(pieces)) problems.push(`chunking changed the outcome:\n  whole ${summarize(whole)}\n  split ${summarize(pieces)}`);
  if (whole.ok === true) {
    const { response, after } = whole;
    const headBytes = c.bytes.length - after.length;
    if (headBytes > c.limits.maxHeaderBytes) problems.push(`accepted a ${headBytes}-byte head; maxHeaderBytes is ${c.limits.maxHeaderBytes}`);
    if (response.rawHeaders.length > c.limits.maxHeaders) problems.push(`accepted ${response.rawHeaders.length} headers; maxHeaders is ${c.limits.maxHeaders}`);
    for (const [name, value] of response.rawHeaders) {
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) problems.push(`header name ${JSON.stringify(name)} is not a token`);
      if (/[\0\r\n]/.test(value) || name.length + value.length + 3 > c.limits.maxLineBytes) problems.push(`header value ${JSON.stringify(value.slice(0, 40))} breaks the rules`);
    }
    if (response.status < 100 || response.status > 999) problems.push(`status ${response.status}`);
  }
  if (c.expected !== undefined) {
    const fits = c.bytes.length - c.expected.trailing.length / 2 <= c.limits.maxHeaderBytes
      && c.expected.rawHeaders.length <= c.limits.maxHeaders
      && Math.max(0, ...c.expected.rawHeaders.map(([n, v]) => n.length + v.length + 4), 40) <= c.limits.maxLineBytes;
    if (fits && whole.ok !== true) problems.push(`a valid head within the limits was refused: ${summarize(whole)}`);
    if (whole.ok === true) {
      if (whole.response.status !== c.expected.status) problems.push(`status ${whole.response.status}, wrote ${c.expected.status}`);
      if (JSON.stringify(whole.response.rawHeaders) !== JSON.stringify(c.expected.rawHeaders)) problems.push('headers differ from what was written');
      if (toHex(whole.after) !== c.expected.trailing) problems.push('bytes after the head were not handed back exactly');
    }
  }
  return problems;
}

function summarize(outcome: Outcome): string {
  if (outcome.ok === true) {
    const { status, reason, rawHeaders } = outcome.response;
    return JSON.stringify({ status, reason, rawHeaders, after: toHex(outcome.after) });
  }
  return outcome.ok === false ? `error ${outcome.code}` : 'incomplete';
}

/** Corpus form of an HTTP case. */
export function serializeHttpCase(c: HttpCase): unknown {
  return { ...c, bytes: toHex(c.bytes) };
}

/** Rebuilds an HTTP case from its corpus form. */
export function parseHttpCase(json: Record<string, unknown>): HttpCase {
  return { ...(json as unknown as HttpCase), bytes: fromHex(json.bytes as string) };
}
