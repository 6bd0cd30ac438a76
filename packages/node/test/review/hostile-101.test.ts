/**
 * Hostile or unusual 101 answers (RFC 6455 §4.1 client steps, RFC 7230 §3.3.3, RFC 7231 §6.2,
 * RFC 6455 §11.3.3 / RFC 7692 §7), each judged by what the user sees: `open` then an echo, or
 * `error` then `close` 1006 without `open`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from '../../src/index.js';
import { close, text } from '../conformance/harness/frame-builder.js';
import { computeAcceptValue } from '../conformance/harness/handshake.js';
import type { HandshakeRequest } from '../conformance/harness/handshake.js';
import { startRawPeer, type RawPeer } from '../conformance/harness/raw-peer.js';
import { withTimeout } from '../conformance/harness/testee.js';

let peer: RawPeer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

type Seen = Array<{ type: string; data?: unknown; code?: number }>;

/** Runs the echo testee against a peer answering `head(request)` + `after`; returns what the user saw. */
async function run(head: (request: HandshakeRequest) => string, after: Buffer = Buffer.alloc(0), deflate = false): Promise<Seen> {
  peer = await startRawPeer({ response: { raw: (request) => Buffer.concat([Buffer.from(head(request), 'latin1'), after]) } });
  const seen: Seen = [];
  const ws = new WebSocket(peer.url, undefined, { maxMessageBytes: 64 * 2 ** 20, perMessageDeflate: deflate, handshakeTimeoutMs: 3000 });
  const closed = new Promise<void>((resolve) => {
    ws.onopen = () => void seen.push({ type: 'open' });
    ws.onmessage = (e) => {
      seen.push({ type: 'message', data: e.data });
      ws.send(e.data as string);
    };
    ws.onerror = () => void seen.push({ type: 'error' });
    ws.onclose = (e) => {
      seen.push({ type: 'close', code: e.code });
      resolve();
    };
  });
  // The peer resolves `connection` once it has written the response, whatever it was.
  const conn = await withTimeout(peer.connection, 4000, 'the response to be written');
  if (after.length > 0) {
    await conn.waitFor((events) => events.length > 0, 2000, 'the echo').catch(() => undefined);
    await conn.write(close(1000));
  }
  await withTimeout(closed, 5000, 'the close event');
  return seen;
}

const ok = (request: HandshakeRequest, extra: string[] = []): string =>
  ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${computeAcceptValue(request.headers['sec-websocket-key'] ?? '')}`, ...extra, '', ''].join('\r\n');

function expectOpenedAndEchoed(seen: Seen, message: string): void {
  expect(seen.map((e) => e.type), JSON.stringify(seen)).toEqual(['open', 'message', 'close']);
  expect(seen[1]!.data).toBe(message);
  expect(seen[2]!.code).toBe(1000);
}

function expectRefused(seen: Seen): void {
  expect(seen.map((e) => e.type), JSON.stringify(seen)).toEqual(['error', 'close']);
  expect(seen[1]!.code).toBe(1006);
}

describe('hostile 101 answers', () => {
  it('ignores a huge Content-Length on a 101 and delivers the frame that follows the head', async () => {
    // RFC 7230 §3.3.3: a 1xx response has no body whatever its headers say.
    expectOpenedAndEchoed(await run((r) => ok(r, ['Content-Length: 99999999999999999999']), text('after-head')), 'after-head');
  });

  it('ignores Transfer-Encoding: chunked on a 101 and delivers the frame that follows the head', async () => {
    expectOpenedAndEchoed(await run((r) => ok(r, ['Transfer-Encoding: chunked']), text('chunked?')), 'chunked?');
  });

  it('accepts a Sec-WebSocket-Accept value surrounded by spaces and tabs', async () => {
    const head = (r: HandshakeRequest): string => ok(r).replace(/Sec-WebSocket-Accept: (\S+)/, 'Sec-WebSocket-Accept: \t $1 \t');
    expectOpenedAndEchoed(await run(head, text('ws')), 'ws');
  });

  it('refuses two Sec-WebSocket-Accept headers, even when both carry the right value (RFC 6455 §11.3.3)', async () => {
    const head = (r: HandshakeRequest): string => ok(r, [`Sec-WebSocket-Accept: ${computeAcceptValue(r.headers['sec-websocket-key'] ?? '')}`]);
    expectRefused(await run(head));
  });

  it('refuses Upgrade: websocket, h2c (a value other than "websocket")', async () => {
    expectRefused(await run((r) => ok(r).replace('Upgrade: websocket', 'Upgrade: websocket, h2c')));
  });

  it('refuses Upgrade: websocket/13', async () => {
    expectRefused(await run((r) => ok(r).replace('Upgrade: websocket', 'Upgrade: websocket/13')));
  });

  it('refuses permessage-deflate answered in two Sec-WebSocket-Extensions header lines', async () => {
    expectRefused(await run((r) => ok(r, ['Sec-WebSocket-Extensions: permessage-deflate', 'Sec-WebSocket-Extensions: permessage-deflate']), undefined, true));
  });

  it('accepts permessage-deflate parameters given as quoted strings (RFC 6455 §9.1)', async () => {
    const head = (r: HandshakeRequest): string => ok(r, ['Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits="10"; server_max_window_bits="10"']);
    expectOpenedAndEchoed(await run(head, text('quoted'), true), 'quoted');
  });

  it('refuses a quoted window-bits value that is not 8..15 once unquoted', async () => {
    const head = (r: HandshakeRequest): string => ok(r, ['Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits="16"']);
    expectRefused(await run(head, undefined, true));
  });

  it('waits past an interim 100 Continue for the 101 (RFC 7231 §6.2: a client MUST parse 1xx responses before the final one)', async () => {
    expectOpenedAndEchoed(await run((r) => `HTTP/1.1 100 Continue\r\n\r\n${ok(r)}`, text('after-100')), 'after-100');
  });
});
