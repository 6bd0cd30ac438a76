// Attack: ReDoS-style inputs that make header parsers quadratic (CVE-2021-32640 in ws's
// Sec-WebSocket-Protocol handling, and others). Each parser must do linear work: the time for
// 16n bytes is compared with the time for n bytes (linear ≈ 16, quadratic ≈ 256; we require < 64).
import { describe, expect, it } from 'vitest';
import { parseExtensionsHeader } from '../../src/extensions/index.js';
import { HandshakeError } from '../../src/errors/index.js';
import { HttpResponseParser, validateResponse } from '../../src/handshake/index.js';
import { LINEAR_GROWTH_LIMIT, growthRatio } from './growth.js';

const BIG = { maxLineBytes: 64 * 1024 * 1024, maxHeaders: 10_000_000, maxHeaderBytes: 64 * 1024 * 1024 };
const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');

function parseHead(head: Uint8Array, chunkBytes = head.length): void {
  const parser = new HttpResponseParser(BIG);
  for (let at = 0; at < head.length; at += chunkBytes) parser.push(head.subarray(at, at + chunkBytes));
}

function ignoreHandshakeError(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof HandshakeError)) throw error;
  }
}

describe('response parsing stays linear on pathological input', () => {
  it('a header value of n whitespace characters between two letters', () => {
    const ratio = growthRatio((n) => latin1(`HTTP/1.1 101 OK\r\nX: a${' \t'.repeat(n)}b${' '.repeat(n)}\r\n\r\n`), (head) => parseHead(head), 30_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  it('n repetitions of the same header (values are joined)', () => {
    const ratio = growthRatio((n) => latin1(`HTTP/1.1 101 OK\r\n${'Sec-WebSocket-Protocol: a\r\n'.repeat(n)}\r\n`), (head) => parseHead(head), 8_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  it('one long header line delivered one byte per read', () => {
    const ratio = growthRatio((n) => latin1(`HTTP/1.1 101 OK\r\nX: ${'a'.repeat(n)}\r\n\r\n`), (head) => parseHead(head, 1), 30_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  it('a line of n carriage returns before its line feed', () => {
    const ratio = growthRatio((n) => latin1(`HTTP/1.1 101 OK\r\nX: ${'\r'.repeat(n)}\n\r\n`), (head) => ignoreHandshakeError(() => parseHead(head, 1024)), 200_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  const parseExtensions = (value: string): void => ignoreHandshakeError(() => parseExtensionsHeader(value));

  it('Sec-WebSocket-Extensions with n parameters', () => {
    const ratio = growthRatio((n) => `permessage-deflate${Array.from({ length: n }, (_, i) => `; p${i}=v`).join('')}`, parseExtensions, 10_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  // Failed before the quoted value was unescaped in one piece (ratio 110 where linear is 16).
  it('Sec-WebSocket-Extensions with a quoted value of n escapes', () => {
    const ratio = growthRatio((n) => `x; a="${'\\a'.repeat(n)}"`, parseExtensions, 50_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  it('Sec-WebSocket-Extensions with n spaces around ";" and "="', () => {
    const ratio = growthRatio((n) => `x${' '.repeat(n)};${' '.repeat(n)}=`, parseExtensions, 200_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  it('a Connection header listing n tokens', () => {
    const platform = { sha1Base64: () => 'x' };
    const ratio = growthRatio((n) => `${'keep-alive, '.repeat(n)}x`, (connection) => ignoreHandshakeError(() => validateResponse(
      { status: 101, headers: { upgrade: 'websocket', connection } }, { key: 'k', platform })), 50_000);
    expect(ratio).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });
});
