/**
 * Opening handshake (RFC 6455 §4.1 client steps, RFC 7692 §7.1): every response the client must
 * refuse ends with an `error` event (a HandshakeError) then `close` 1006, no `open`, no frame sent,
 * the socket released; the responses it must accept — however they are split — open and echo.
 */
import { describe, expect, it } from 'vitest';
import { close, text } from './harness/frame-builder.js';
import { defineCases, expectText, normalClose } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';
import { startRawPeer } from './harness/raw-peer.js';
import type { PeerOptions } from './harness/raw-peer.js';
import { computeAcceptValue } from './harness/handshake.js';
import { loadWebSocket, startTestee, withTimeout } from './harness/testee.js';

interface Refusal {
  name: string;
  peer: PeerOptions;
  deflate?: boolean;
  protocols?: string[];
  status?: number;
}

const line101 = (req: { headers: Record<string, string> }, extra = ''): string =>
  `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAcceptValue(req.headers['sec-websocket-key'] ?? '')}\r\n${extra}`;

const REFUSALS: Refusal[] = [
  { name: 'a wrong Sec-WebSocket-Accept', peer: { response: { accept: computeAcceptValue('dGhlIHNhbXBsZSBub25jZQ==') } } },
  { name: 'a missing Sec-WebSocket-Accept', peer: { response: { omit: ['sec-websocket-accept'] } } },
  { name: 'a missing Upgrade header', peer: { response: { omit: ['upgrade'] } } },
  { name: 'Upgrade: h2c', peer: { response: { omit: ['upgrade'], extraHeaders: ['Upgrade: h2c'] } } },
  { name: 'a missing Connection header', peer: { response: { omit: ['connection'] } } },
  { name: 'Connection: keep-alive only', peer: { response: { connection: 'keep-alive' } } },
  { name: 'a subprotocol the client did not request', peer: { response: { extraHeaders: ['Sec-WebSocket-Protocol: chat'] } } },
  { name: 'a subprotocol not among those requested', protocols: ['a', 'b'], peer: { response: { extraHeaders: ['Sec-WebSocket-Protocol: c'] } } },
  { name: 'permessage-deflate when no extension was offered', peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: permessage-deflate'] } } },
  { name: 'an unknown extension', deflate: true, peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: x-webkit-foo'] } } },
  ...['7', '16', '0', 'abc', '08', ''].map((bits) => ({
    name: `server_max_window_bits=${bits} (outside 8..15 or malformed)`,
    deflate: true,
    peer: { response: { extraHeaders: [`Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=${bits}`] } },
  })),
  { name: 'server_max_window_bits without a value', deflate: true, peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits'] } } },
  { name: 'client_max_window_bits=16', deflate: true, peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=16'] } } },
  { name: 'a duplicate permessage-deflate parameter', deflate: true, peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; server_no_context_takeover'] } } },
  { name: 'an unknown permessage-deflate parameter', deflate: true, peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: permessage-deflate; foo=1'] } } },
  { name: 'server_no_context_takeover with a value', deflate: true, peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover=1'] } } },
  { name: 'permessage-deflate accepted twice', deflate: true, peer: { response: { extraHeaders: ['Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate'] } } },
  { name: '200 OK instead of 101', status: 200, peer: { response: { raw: () => Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello') } } },
  { name: '404 with a body', status: 404, peer: { response: { raw: () => Buffer.from('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found') } } },
  { name: '101 on HTTP/1.0', peer: { response: { statusLine: 'HTTP/1.0 101 Switching Protocols' } } },
  { name: 'a response that is not HTTP', peer: { response: { raw: () => Buffer.from('SSH-2.0-OpenSSH_9.2\r\n\r\n') } } },
  { name: 'a header line without a colon', peer: { response: { raw: (req) => Buffer.from(`${line101(req)}this is not a header\r\n\r\n`) } } },
  { name: 'a 1 MiB header', peer: { response: { raw: (req) => Buffer.from(`${line101(req)}X-Big: ${'a'.repeat(2 ** 20)}\r\n\r\n`) } } },
  { name: '10 000 headers', peer: { response: { raw: (req) => Buffer.from(`${line101(req)}${'X-H: v\r\n'.repeat(10_000)}\r\n`) } } },
  { name: 'a TCP close before any response', peer: { response: { raw: () => Buffer.alloc(0) } } },
];

async function expectRefusal(refusal: Refusal): Promise<void> {
  const peer = await startRawPeer(refusal.peer);
  try {
    let testee;
    if (refusal.protocols) {
      const WebSocket = await loadWebSocket();
      const ws = new WebSocket(peer.url, refusal.protocols, {});
      const events: Array<{ type: string; error?: unknown; code?: number; wasClean?: boolean }> = [];
      const closed = new Promise<{ code: number; wasClean: boolean }>((resolve) => {
        ws.onopen = () => void events.push({ type: 'open' });
        ws.onerror = (e) => void events.push({ type: 'error', error: e.error });
        ws.onclose = (e) => (events.push({ type: 'close', code: e.code, wasClean: e.wasClean }), resolve(e));
      });
      testee = { ws, events, closed };
    } else testee = await startTestee(peer.url, { perMessageDeflate: refusal.deflate });
    if (refusal.name.startsWith('a TCP close')) void peer.request.then(() => setTimeout(() => void peer.stop(), 10));
    const event = await withTimeout(testee.closed, 5000, 'the close event after a refused handshake');
    const types = testee.events.map((e) => e.type);
    expect(types, 'events').toEqual(['error', 'close']);
    expect(event).toMatchObject({ code: 1006, wasClean: false });
    const error = (testee.events[0] as { error?: { name?: string; code?: unknown; status?: number } }).error;
    expect(error, 'the error event carries an error').toBeDefined();
    expect(typeof error?.code, 'error.code is a string').toBe('string');
    if (refusal.status !== undefined) {
      expect(error?.name).toBe('HandshakeError');
      expect(error?.status).toBe(refusal.status);
    }
    await withTimeout(peer.socketClosed, 3000, 'the client to release the TCP connection');
  } finally {
    await peer.stop();
  }
}

const { client: closed, user } = normalClose();
const echoOnce: Pick<ConformanceCase, 'steps' | 'client' | 'user'> = {
  steps: [{ send: text('hello') }, { waitEvents: 1 }, { send: close(1000) }],
  client: [expectText('hello'), closed],
  user,
};
const ACCEPTED: ConformanceCase[] = [
  { name: 'opens with Connection: keep-alive, Upgrade', peer: { response: { connection: 'keep-alive, Upgrade' } }, ...echoOnce },
  { name: 'opens with header names and the Upgrade token in another case', peer: { response: { raw: (req) => Buffer.from(`HTTP/1.1 101 Switching Protocols\r\nUPGRADE: WebSocket\r\nconnection: upgrade\r\nsec-websocket-accept: ${computeAcceptValue(req.headers['sec-websocket-key'] ?? '')}\r\n\r\n`) } }, ...echoOnce },
  { name: 'opens when the response arrives in 1-byte writes', peer: { responseSplit: 'bytes' }, ...echoOnce },
  { name: 'opens when the response is split inside the blank line', peer: { responseSplit: { at: [40, 120] } }, ...echoOnce },
  {
    name: 'delivers a frame that arrives in the same TCP segment as the 101',
    peer: { afterResponse: text('in the same segment') },
    steps: [{ waitEvents: 1 }, { send: close(1000) }],
    client: [expectText('in the same segment'), closed],
    user,
  },
  {
    name: 'delivers two frames and a partial third that arrive with the 101',
    peer: { afterResponse: Buffer.concat([text('one'), text('two'), text('three').subarray(0, 3)]) },
    steps: [{ waitEvents: 2 }, { send: text('three').subarray(3) }, { waitEvents: 3 }, { send: close(1000) }],
    client: [expectText('one'), expectText('two'), expectText('three'), closed],
    user,
  },
  { name: 'opens when the server adds unrelated headers', peer: { response: { extraHeaders: ['Server: test', 'Set-Cookie: a=b', 'X-Empty:'] } }, ...echoOnce },
];

describe('opening handshake', () => {
  for (const refusal of REFUSALS) it(`refuses ${refusal.name}: error, then close 1006`, () => expectRefusal(refusal), 15_000);
  defineCases(ACCEPTED);

  it('accepts a subprotocol among those requested and exposes it as ws.protocol', async () => {
    const peer = await startRawPeer({ response: { extraHeaders: ['Sec-WebSocket-Protocol: b'] } });
    const WebSocket = await loadWebSocket();
    const ws = new WebSocket(peer.url, ['a', 'b'], {});
    await new Promise<void>((resolve, reject) => ((ws.onopen = () => resolve()), (ws.onclose = () => reject(new Error('closed')))));
    expect(ws.protocol).toBe('b');
    expect((await peer.request).headers['sec-websocket-protocol']).toBe('a, b');
    ws.onclose = null;
    ws.close();
    await peer.stop();
  });

  it('fails with an error then close 1006 when the server never answers within handshakeTimeoutMs', async () => {
    const peer = await startRawPeer({ response: { raw: () => Buffer.alloc(0) } });
    const WebSocket = await loadWebSocket();
    const ws = new WebSocket(peer.url, undefined, { handshakeTimeoutMs: 300 });
    const events: string[] = [];
    const started = Date.now();
    const code = await new Promise<number>((resolve) => {
      ws.onopen = () => events.push('open');
      ws.onerror = () => events.push('error');
      ws.onclose = (e) => (events.push('close'), resolve(e.code));
    });
    expect(events).toEqual(['error', 'close']);
    expect(code).toBe(1006);
    expect(Date.now() - started).toBeLessThan(2000);
    await withTimeout(peer.socketClosed, 2000, 'the client to close the socket');
    await peer.stop();
  });
});
