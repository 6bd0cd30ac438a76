import { describe, expect, it } from 'vitest';
import { HandshakeError, InvalidStateError } from '../../src/errors/index.js';
import { HttpResponseParser } from '../../src/handshake/index.js';
import type { HttpResponse } from '../../src/handshake/index.js';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const HEAD =
  'HTTP/1.1 101 Switching Protocols\r\n' +
  'Upgrade: websocket\r\n' +
  'Connection:Upgrade\r\n' +
  'Sec-WebSocket-Accept: \t s3pPLMBiTxaQ9kYGzzhZRbK+xOo=  \r\n' +
  'X-Multi: a\r\n' +
  'x-multi: b\r\n' +
  '__proto__: p\r\n' +
  '\r\n';

function parseAll(input: Uint8Array, parser = new HttpResponseParser()): HttpResponse | undefined {
  return parser.push(input);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as HandshakeError).code;
  }
  return undefined;
}

describe('HttpResponseParser', () => {
  it('parses the status line, headers and the bytes after the blank line', () => {
    const frame = [0x81, 0x02, 0x68, 0x69];
    const response = parseAll(Uint8Array.from([...bytes(HEAD), ...frame]))!;
    expect(response.status).toBe(101);
    expect(response.reason).toBe('Switching Protocols');
    expect(response.headers.upgrade).toBe('websocket');
    expect(response.headers.connection).toBe('Upgrade');
    expect(response.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(response.headers['x-multi']).toBe('a, b');
    expect(Object.getPrototypeOf(response.headers)).toBeNull();
    expect(response.headers['__proto__']).toBe('p');
    expect(response.rawHeaders[3]).toEqual(['X-Multi', 'a']);
    expect([...response.trailing]).toEqual(frame);
  });

  it('returns undefined until the head is complete, then hands over exactly the trailing bytes', () => {
    const parser = new HttpResponseParser();
    const all = bytes(`${HEAD}rest`);
    expect(parser.push(all.subarray(0, 10))).toBeUndefined();
    expect(parser.push(all.subarray(10, HEAD.length - 1))).toBeUndefined();
    const response = parser.push(all.subarray(HEAD.length - 1))!;
    expect(Buffer.from(response.trailing).toString()).toBe('rest');
  });

  it('gives empty trailing bytes when the chunk ends with the blank line', () => {
    expect(parseAll(bytes(HEAD))!.trailing).toHaveLength(0);
  });

  it('accepts an empty reason phrase with or without its space', () => {
    expect(parseAll(bytes('HTTP/1.1 101 \r\n\r\n'))!.reason).toBe('');
    expect(parseAll(bytes('HTTP/1.1 404\r\n\r\n'))!.status).toBe(404);
    expect(parseAll(bytes('HTTP/1.1 200 O\u00e9k\t!\r\n\r\n'))!.reason).toBe('O\u00e9k\t!');
  });

  it('keeps an empty header value', () => {
    expect(parseAll(bytes('HTTP/1.1 101 OK\r\nX-Empty:\r\nX-Ws:  \r\n\r\n'))!.headers).toEqual(
      Object.assign(Object.create(null), { 'x-empty': '', 'x-ws': '' }),
    );
  });

  it.each([
    ['HTTP/1.0 101 OK\r\n\r\n', 'an HTTP/1.0 status line'],
    ['HTTP/2 101 OK\r\n\r\n', 'another version'],
    ['http/1.1 101 OK\r\n\r\n', 'a lower-case version'],
    ['HTTP/1.1 1O1 OK\r\n\r\n', 'a non-digit status'],
    ['HTTP/1.1 10\r\n\r\n', 'a two-digit status'],
    ['HTTP/1.1 099 OK\r\n\r\n', 'a status below 100'],
    ['HTTP/1.1 1011 OK\r\n\r\n', 'a four-digit status'],
    ['HTTP/1.1 101 O\0K\r\n\r\n', 'NUL in the reason'],
    ['\r\nHTTP/1.1 101 OK\r\n\r\n', 'an empty first line'],
    ['HTTP/1.1 101 OK\n\r\n', 'a bare LF after the status line'],
    ['HTTP/1.1 101 OK\r\nA: b\n\r\n', 'a bare LF after a header'],
    ['HTTP/1.1 101 OK\r\nA: b\r\n\n', 'a bare LF as the blank line'],
    ['HTTP/1.1 101 OK\r\nA: b\r\n  folded\r\n\r\n', 'obs-fold'],
    ['HTTP/1.1 101 OK\r\nA: b\r\n\tfolded\r\n\r\n', 'obs-fold with a tab'],
    ['HTTP/1.1 101 OK\r\nA : b\r\n\r\n', 'space before the colon'],
    ['HTTP/1.1 101 OK\r\n: b\r\n\r\n', 'an empty name'],
    ['HTTP/1.1 101 OK\r\nNo colon\r\n\r\n', 'a name with a space'],
    ['HTTP/1.1 101 OK\r\nNocolon\r\n\r\n', 'no colon'],
    ['HTTP/1.1 101 OK\r\nA(b): c\r\n\r\n', 'a separator in the name'],
    ['HTTP/1.1 101 OK\r\nA: b\0c\r\n\r\n', 'NUL in a value'],
    ['HTTP/1.1 101 OK\r\nA: b\rc\r\n\r\n', 'a bare CR in a value'],
    ['HTTP/1.1 101 OK\r\nA: b\x7f\r\n\r\n', 'DEL in a value'],
  ])('rejects %j (%s)', (text) => {
    const error = (() => {
      try {
        parseAll(bytes(text));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HandshakeError);
    expect((error as HandshakeError).code).toBe('ERR_INVALID_HTTP_RESPONSE');
  });

  it('fails with ERR_HEADERS_TOO_LARGE as soon as a line passes maxLineBytes, before its end arrives', () => {
    const parser = new HttpResponseParser({ maxLineBytes: 64 });
    parser.push(bytes('HTTP/1.1 101 OK\r\nX: '));
    expect(parser.push(new Uint8Array(60).fill(0x61))).toBeUndefined();
    expect(codeOf(() => parser.push(new Uint8Array(1).fill(0x61)))).toBe('ERR_HEADERS_TOO_LARGE');
  });

  it('accepts a line of exactly maxLineBytes, CRLF included', () => {
    const line = `X: ${'a'.repeat(64 - 5)}\r\n`;
    expect(line).toHaveLength(64);
    expect(parseAll(bytes(`HTTP/1.1 101 OK\r\n${line}\r\n`), new HttpResponseParser({ maxLineBytes: 64 }))).toBeDefined();
    const longer = `HTTP/1.1 101 OK\r\nX: ${'a'.repeat(60)}\r\n\r\n`;
    expect(codeOf(() => parseAll(bytes(longer), new HttpResponseParser({ maxLineBytes: 64 })))).toBe('ERR_HEADERS_TOO_LARGE');
  });

  it('rejects a 1 MiB line without buffering it: the first 8 KiB already fail', () => {
    const parser = new HttpResponseParser();
    parser.push(bytes('HTTP/1.1 101 OK\r\nX: '));
    let pushed = 0;
    const chunk = new Uint8Array(1024).fill(0x61);
    const code = codeOf(() => {
      while (pushed < 1 << 20) {
        parser.push(chunk);
        pushed += chunk.length;
      }
    });
    expect(code).toBe('ERR_HEADERS_TOO_LARGE');
    expect(pushed).toBeLessThan(8 * 1024);
  });

  it('fails with ERR_HEADERS_TOO_LARGE once the whole head passes maxHeaderBytes', () => {
    const parser = new HttpResponseParser({ maxHeaderBytes: 100 });
    parser.push(bytes('HTTP/1.1 101 OK\r\n'));
    let code: string | undefined;
    for (let i = 0; i < 20 && code === undefined; i++) code = codeOf(() => parser.push(bytes(`X-${i}: value\r\n`)));
    expect(code).toBe('ERR_HEADERS_TOO_LARGE');
    expect(codeOf(() => new HttpResponseParser({ maxHeaderBytes: 30 }).push(bytes(`HTTP/1.1 101 OK\r\nX: ${'a'.repeat(20)}`)))).toBe(
      'ERR_HEADERS_TOO_LARGE',
    );
  });

  it('fails with ERR_TOO_MANY_HEADERS on the header line past maxHeaders', () => {
    const headers = (n: number) => Array.from({ length: n }, (_, i) => `X-${i}: v\r\n`).join('');
    expect(parseAll(bytes(`HTTP/1.1 101 OK\r\n${headers(3)}\r\n`), new HttpResponseParser({ maxHeaders: 3 }))).toBeDefined();
    const parser = new HttpResponseParser({ maxHeaders: 3 });
    expect(codeOf(() => parser.push(bytes(`HTTP/1.1 101 OK\r\n${headers(4)}`)))).toBe('ERR_TOO_MANY_HEADERS');
    expect(codeOf(() => new HttpResponseParser().push(bytes(`HTTP/1.1 101 OK\r\n${headers(129)}`)))).toBe('ERR_TOO_MANY_HEADERS');
  });

  it('keeps failing after an error, and refuses input after the head is complete', () => {
    const failed = new HttpResponseParser();
    expect(codeOf(() => failed.push(bytes('garbage\r\n')))).toBe('ERR_INVALID_HTTP_RESPONSE');
    expect(codeOf(() => failed.push(bytes(HEAD)))).toBe('ERR_INVALID_HTTP_RESPONSE');
    const done = new HttpResponseParser();
    done.push(bytes(HEAD));
    expect(() => done.push(bytes('x'))).toThrow(InvalidStateError);
  });

  it('rejects limits that are not positive integers', () => {
    expect(() => new HttpResponseParser({ maxLineBytes: 0 })).toThrow(RangeError);
    expect(() => new HttpResponseParser({ maxHeaders: 1.5 })).toThrow(RangeError);
    expect(() => new HttpResponseParser({ maxHeaderBytes: Number.NaN })).toThrow(RangeError);
  });

  it('parses a long head fed one byte at a time in linear time', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `X-Header-${i}: ${'v'.repeat(400)}\r\n`).join('');
    const input = bytes(`HTTP/1.1 101 OK\r\n${lines}\r\n`);
    const parser = new HttpResponseParser();
    let response: HttpResponse | undefined;
    for (let i = 0; i < input.length; i++) response = parser.push(input.subarray(i, i + 1));
    expect(response!.rawHeaders).toHaveLength(120);
  });
});
