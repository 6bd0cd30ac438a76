import { describe, expect, it } from 'vitest';
import { HandshakeError } from '../../src/errors/index.js';
import { validateResponse } from '../../src/handshake/index.js';
import type { ValidateResponseOptions } from '../../src/handshake/index.js';
import { nodePlatform } from './node-platform.js';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
const GOOD = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-accept': ACCEPT };

function check(headers: Record<string, string | undefined>, options: Partial<ValidateResponseOptions> = {}, status = 101) {
  const record: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries({ ...GOOD, ...headers })) if (v !== undefined) record[k] = v;
  return validateResponse({ status, headers: record }, { key: KEY, platform: nodePlatform, ...options });
}

function errorOf(fn: () => unknown): HandshakeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HandshakeError);
    return error as HandshakeError;
  }
  throw new Error('expected a HandshakeError');
}

describe('validateResponse', () => {
  it('accepts a minimal RFC 6455 §4.2.2 answer with no subprotocol and no extension', () => {
    expect(check({})).toEqual({ protocol: '', extensions: [] });
  });

  it('fails with ERR_UNEXPECTED_STATUS and carries the status and headers when the status is not 101', () => {
    const error = errorOf(() => check({ location: '/elsewhere' }, {}, 302));
    expect(error.code).toBe('ERR_UNEXPECTED_STATUS');
    expect(error.status).toBe(302);
    expect(error.headers.location).toBe('/elsewhere');
    expect(errorOf(() => check({}, {}, 200)).code).toBe('ERR_UNEXPECTED_STATUS');
  });

  it.each(['WebSocket', 'WEBSOCKET', ' websocket'])('accepts Upgrade %j case-insensitively', (upgrade) => {
    expect(check({ upgrade }).protocol).toBe('');
  });

  it.each([undefined, '', 'h2c', 'websocket, h2c', 'web socket'])('fails with ERR_INVALID_UPGRADE when Upgrade is %j', (upgrade) => {
    expect(errorOf(() => check({ upgrade })).code).toBe('ERR_INVALID_UPGRADE');
  });

  it.each(['upgrade', 'keep-alive, Upgrade', 'UPGRADE,close', ',Upgrade,'])('accepts Connection %j', (connection) => {
    expect(check({ connection }).extensions).toEqual([]);
  });

  it.each([undefined, '', 'keep-alive', 'Upgrades', 'close, keep-alive'])(
    'fails with ERR_INVALID_CONNECTION when Connection is %j',
    (connection) => {
      expect(errorOf(() => check({ connection })).code).toBe('ERR_INVALID_CONNECTION');
    },
  );

  it.each([undefined, '', 'S3PPLMBITXAQ9KYGZZHZRBK+XOO=', `${ACCEPT}, ${ACCEPT}`, 'dGhlIHNhbXBsZSBub25jZQ=='])(
    'fails with ERR_INVALID_ACCEPT when Sec-WebSocket-Accept is %j',
    (accept) => {
      const error = errorOf(() => check({ 'sec-websocket-accept': accept }));
      expect(error.code).toBe('ERR_INVALID_ACCEPT');
      expect(error.status).toBe(101);
    },
  );

  it('checks the steps in RFC order: the status before the headers, Upgrade before Accept', () => {
    expect(errorOf(() => check({ upgrade: undefined, 'sec-websocket-accept': undefined }, {}, 200)).code).toBe('ERR_UNEXPECTED_STATUS');
    expect(errorOf(() => check({ upgrade: undefined, 'sec-websocket-accept': undefined })).code).toBe('ERR_INVALID_UPGRADE');
    expect(errorOf(() => check({ connection: undefined, 'sec-websocket-accept': undefined })).code).toBe('ERR_INVALID_CONNECTION');
    expect(
      errorOf(() => check({ 'sec-websocket-accept': 'x', 'sec-websocket-extensions': 'foo', 'sec-websocket-protocol': 'x' })).code,
    ).toBe('ERR_INVALID_ACCEPT');
    expect(errorOf(() => check({ 'sec-websocket-extensions': 'foo', 'sec-websocket-protocol': 'x' })).code).toBe(
      'ERR_INVALID_EXTENSIONS',
    );
  });

  it('returns the subprotocol the server selected when it was requested', () => {
    expect(check({ 'sec-websocket-protocol': 'b' }, { protocols: ['a', 'b'] }).protocol).toBe('b');
    expect(check({}, { protocols: ['a', 'b'] }).protocol).toBe('');
  });

  it.each([
    ['a subprotocol when none was requested', 'chat', undefined],
    ['a subprotocol that was not requested', 'c', ['a', 'b']],
    ['two subprotocols', 'a, b', ['a', 'b']],
    ['an empty subprotocol', '', ['a']],
    ['a subprotocol in another case', 'A', ['a']],
  ])('fails with ERR_INVALID_SUBPROTOCOL on %s', (_, protocol, protocols) => {
    expect(errorOf(() => check({ 'sec-websocket-protocol': protocol }, { protocols })).code).toBe('ERR_INVALID_SUBPROTOCOL');
  });

  it('returns the agreed permessage-deflate configuration when it was offered', () => {
    const outcome = check(
      { 'sec-websocket-extensions': 'permessage-deflate; server_no_context_takeover; client_max_window_bits=10' },
      { offeredExtensions: { perMessageDeflate: {} } },
    );
    expect(outcome.extensions).toEqual([
      {
        name: 'permessage-deflate',
        agreement: { serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 10 },
      },
    ]);
  });

  it.each([
    ['permessage-deflate was not offered', 'permessage-deflate', undefined],
    ['the extension was not offered', 'x-webkit-deflate-frame', {}],
    ['permessage-deflate is accepted twice', 'permessage-deflate, permessage-deflate', {}],
    ['the parameters are invalid', 'permessage-deflate; client_max_window_bits=16', {}],
    ['the header is malformed', 'permessage-deflate;', {}],
  ])('fails with ERR_INVALID_EXTENSIONS when %s', (_, extensions, perMessageDeflate) => {
    const error = errorOf(() =>
      check({ 'sec-websocket-extensions': extensions }, { offeredExtensions: perMessageDeflate && { perMessageDeflate } }),
    );
    expect(error.code).toBe('ERR_INVALID_EXTENSIONS');
    expect(error.status).toBe(101);
    expect(error.headers['sec-websocket-extensions']).toBe(extensions);
  });

  it('accepts an empty Sec-WebSocket-Extensions as no extension', () => {
    expect(check({ 'sec-websocket-extensions': '' }, { offeredExtensions: { perMessageDeflate: {} } }).extensions).toEqual([]);
  });
});
