// Attack: CR/LF injection into the hand-written Upgrade request (header splitting, request
// smuggling). Caller input with CR, LF or NUL must throw before a single byte is sent: the
// peer must not even see a TCP connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUpgradeRequest } from '@weft/core';
import { connect, WebSocket } from '../../src/index.js';
import { delay, startScriptedPeer, type ScriptedPeer } from '../faults/scripted-peer.js';
import { observe } from './helpers.js';

let peer: ScriptedPeer;
beforeAll(async () => {
  peer = await startScriptedPeer((side) => side.accept());
});
afterAll(async () => {
  await peer.close();
});

const attacks: Array<[string, () => unknown]> = [
  ['a header value', () => new WebSocket(peer.url, [], { headers: { 'X-Id': 'a\r\nInjected: 1' } })],
  ['a header value with a bare LF', () => new WebSocket(peer.url, [], { headers: { 'X-Id': 'a\nInjected: 1' } })],
  ['a header value with NUL', () => new WebSocket(peer.url, [], { headers: { 'X-Id': 'a\0b' } })],
  ['a header name', () => new WebSocket(peer.url, [], { headers: { 'X-Id\r\nInjected': '1' } })],
  ['header pairs', () => new WebSocket(peer.url, [], { headers: [['X-Id', 'ok\r\n\r\nGET /evil HTTP/1.1']] })],
  ['the Origin', () => new WebSocket(peer.url, [], { origin: 'https://a.example\r\nInjected: 1' })],
  ['a subprotocol', () => new WebSocket(peer.url, ['chat\r\nInjected: 1'])],
  ['a subprotocol string', () => new WebSocket(peer.url, 'chat\nInjected: 1')],
  ['connect() headers', () => connect(peer.url, { headers: { 'X-Id': 'a\r\nInjected: 1' }, reconnect: false })],
  ['connect() protocols', () => connect(peer.url, { protocols: ['a\r\nb'], reconnect: false })],
];

describe('CR/LF in caller input throws before any byte is sent', () => {
  for (const [where, attack] of attacks) {
    it(`throws synchronously for CR/LF in ${where} and opens no connection`, async () => {
      const before = peer.accepted;
      expect(attack).toThrow();
      await delay(30);
      expect(peer.accepted).toBe(before);
    });
  }

  it('core buildUpgradeRequest refuses CR/LF in the path, Host, Authorization and extension offer', () => {
    const base = { host: 'a.example', path: '/', key: 'dGhlIHNhbXBsZSBub25jZQ==' };
    expect(() => buildUpgradeRequest({ ...base, path: '/x\r\nInjected: 1' })).toThrow(TypeError);
    expect(() => buildUpgradeRequest({ ...base, path: '/x y' })).toThrow(TypeError);
    expect(() => buildUpgradeRequest({ ...base, host: 'a.example\r\nInjected: 1' })).toThrow(TypeError);
    expect(() => buildUpgradeRequest({ ...base, authorization: 'Bearer x\r\nInjected: 1' })).toThrow(TypeError);
    expect(() => buildUpgradeRequest({ ...base, extensions: 'permessage-deflate\r\nInjected: 1' })).toThrow(TypeError);
    expect(() => buildUpgradeRequest({ ...base, headers: { 'Content-Length': '5' } })).toThrow(TypeError);
  });

  it('CR, LF and TAB in a URL path are removed by URL parsing (WHATWG), so no header can be injected', async () => {
    const seen = observe(`${peer.url}a\r\nInjected: 1`);
    await new Promise((resolve) => seen.ws.addEventListener('open', resolve, { once: true }));
    const head = peer.sides[peer.sides.length - 1].head;
    expect(head.split('\r\n')[0]).toBe('GET /aInjected:%201 HTTP/1.1');
    expect(head).not.toMatch(/^Injected/m);
    seen.ws.close();
    await seen.closed;
  });
});
