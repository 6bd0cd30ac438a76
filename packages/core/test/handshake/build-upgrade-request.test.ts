import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUpgradeRequest, formatUpgradeRequest } from '../../src/handshake/index.js';
import type { UpgradeRequestOptions } from '../../src/handshake/index.js';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const base: UpgradeRequestOptions = { host: 'example.com:8080', path: '/chat?room=1', key: KEY };
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const build = (extra: Partial<UpgradeRequestOptions>) => text(buildUpgradeRequest({ ...base, ...extra }));

describe('buildUpgradeRequest', () => {
  it('writes the RFC 6455 §4.1 GET request with every handshake header', () => {
    expect(build({})).toBe(
      'GET /chat?room=1 HTTP/1.1\r\n' +
        'Host: example.com:8080\r\n' +
        'Upgrade: websocket\r\n' +
        'Connection: Upgrade\r\n' +
        `Sec-WebSocket-Key: ${KEY}\r\n` +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
  });

  it('adds Origin, subprotocols, extensions, Authorization and custom headers in that order', () => {
    const request = build({
      origin: 'https://example.com',
      protocols: ['chat', 'superchat'],
      extensions: 'permessage-deflate; client_max_window_bits',
      authorization: 'Bearer abc',
      headers: { 'X-Trace': 'a b\tc', Cookie: 'k=v' },
    });
    expect(request.split('\r\n').slice(6)).toEqual([
      'Origin: https://example.com',
      'Sec-WebSocket-Protocol: chat, superchat',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
      'Authorization: Bearer abc',
      'X-Trace: a b\tc',
      'Cookie: k=v',
      '',
      '',
    ]);
  });

  it('accepts custom headers as name/value pairs and obs-text bytes in values', () => {
    const bytes = buildUpgradeRequest({ ...base, headers: [['X-Name', 'caf\u00e9']] });
    expect(text(bytes)).toContain('X-Name: caf\u00e9\r\n');
    expect(bytes.includes(0xe9)).toBe(true);
  });

  it('omits the subprotocol and extension headers when the lists are empty', () => {
    expect(build({ protocols: [], extensions: '' })).not.toMatch(/Sec-WebSocket-(Protocol|Extensions)/);
  });

  it.each([
    ['CR', 'a\rb'],
    ['LF', 'a\nb'],
    ['CRLF injection', 'x\r\nX-Evil: 1'],
    ['NUL', 'a\0b'],
    ['DEL', 'a\x7fb'],
    ['a character above 0xFF', 'caf\u0113'],
    ['leading whitespace', ' a'],
    ['trailing whitespace', 'a\t'],
  ])('rejects a header value with %s', (_, value) => {
    expect(() => build({ headers: { 'X-A': value } })).toThrow(TypeError);
    expect(() => build({ origin: value })).toThrow(TypeError);
    expect(() => build({ authorization: value })).toThrow(TypeError);
    expect(() => build({ extensions: value })).toThrow(TypeError);
  });

  it.each(['', 'X A', 'X:A', 'X\r\nA', 'X\0', 'X(A)', 'Ü', 'a/b'])('rejects the header name %j', (name) => {
    expect(() => build({ headers: { [name]: 'v' } })).toThrow(TypeError);
  });

  it.each(['Host', 'upgrade', 'CONNECTION', 'Sec-WebSocket-Key', 'sec-websocket-version', 'Sec-WebSocket-Protocol',
    'Sec-WebSocket-Extensions', 'Content-Length', 'Transfer-Encoding'])(
    'does not let a custom %s header override the handshake',
    (name) => {
      expect(() => build({ headers: { [name]: 'x' } })).toThrow(/set by the handshake/);
    },
  );

  it('rejects Origin or Authorization given both as an option and as a custom header', () => {
    expect(() => build({ origin: 'https://a', headers: { origin: 'https://b' } })).toThrow(TypeError);
    expect(() => build({ authorization: 'a', headers: { Authorization: 'b' } })).toThrow(TypeError);
    expect(build({ headers: { Origin: 'https://b' } })).toContain('Origin: https://b\r\n');
  });

  it('rejects the same custom header given twice in different case', () => {
    expect(() => build({ headers: [['X-A', '1'], ['x-a', '2']] })).toThrow(/given twice/);
  });

  it.each([
    ['a token', ['chat', 'a b']],
    ['a token', ['']],
    ['a token', ['chat,x']],
    ['unique', ['chat', 'chat']],
  ])('rejects subprotocols that are not %s', (_, protocols) => {
    expect(() => build({ protocols })).toThrow(TypeError);
  });

  it.each(['', 'chat', '/a b', '/a\r\nX: 1', '/a\nb', '/\0', '/caf\u00e9', '/a#frag', '/\x7f', '/\t'])(
    'rejects the path %j',
    (path) => {
      expect(() => build({ path })).toThrow(TypeError);
    },
  );

  it.each(['', 'a b', 'a/b', 'user@host', 'h\r\nX: 1', 'h?q'])('rejects the host %j', (host) => {
    expect(() => build({ host })).toThrow(TypeError);
  });

  it('accepts an IPv6 host in brackets', () => {
    expect(build({ host: '[::1]:9000' })).toContain('Host: [::1]:9000\r\n');
  });

  it('rejects a key that is not base64 of 16 bytes', () => {
    expect(() => build({ key: 'short' })).toThrow(TypeError);
  });

  it('never emits a CR or LF inside a header line, whatever the input (it throws instead)', () => {
    // Mostly hostile text, sometimes plausible values, so both outcomes are exercised.
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('a', 'Z', '-', ' ', '\r', '\n', '\0', ':', '\t'), maxLength: 8 }),
      { arbitrary: fc.constantFrom('X-A', 'chat', 'v', 'a b'), weight: 4 },
    );
    let built = 0;
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.option(anyText, { nil: undefined }), fc.array(anyText, { maxLength: 2 }), (name, value, path, origin, protocols) => {
        let bytes: Uint8Array;
        try {
          bytes = buildUpgradeRequest({ ...base, path: `/${path}`, origin, protocols, headers: [[name, value]] });
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return;
        }
        built++;
        const request = text(bytes);
        expect(request.endsWith('\r\n\r\n')).toBe(true);
        const lines = request.slice(0, -4).split('\r\n');
        for (const line of lines) {
          expect(line).not.toMatch(/[\r\n\0]/);
        }
        // Every header line is "token: value": nothing was injected.
        for (const line of lines.slice(1)) expect(line).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+: /);
        expect(lines).toHaveLength(1 + 5 + (origin === undefined ? 0 : 1) + (protocols.length > 0 ? 1 : 0) + 1);
      }),
      { numRuns: 2000 },
    );
    expect(built).toBeGreaterThan(50);
  });
});

describe('formatUpgradeRequest', () => {
  it('is the same request as text, one code unit per byte, and refuses what the byte builder refuses', () => {
    const withEverything: Partial<UpgradeRequestOptions> = {
      origin: 'https://example.com', protocols: ['chat'], extensions: 'permessage-deflate', authorization: 'Basic w6k=',
      headers: [['X-Obs', 'caf\u00e9'], ['X-Trace', 'a b']],
    };
    for (const extra of [{}, withEverything]) {
      expect(formatUpgradeRequest({ ...base, ...extra })).toBe(build(extra));
    }
    const refused: Partial<UpgradeRequestOptions>[] = [{ path: '/x\r\nInjected: 1' }, { headers: { Host: 'other' } }, { headers: { 'X-Wide': '\u0100' } }];
    for (const bad of refused) {
      expect(() => formatUpgradeRequest({ ...base, ...bad })).toThrow(TypeError);
      expect(() => buildUpgradeRequest({ ...base, ...bad })).toThrow(TypeError);
    }
  });
});
