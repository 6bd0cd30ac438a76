import { describe, expect, it } from 'vitest';
import { HandshakeError, TimeoutError, WebSocket } from '../src/index.js';
import type { CloseEvent, ErrorEvent, MessageEvent } from '../src/index.js';
import { acceptFor, serverFrame, switchingProtocols } from './support/handshake.js';
import { nextEvent, readRequestHead, startEchoServer, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

async function rawPeer(script: Parameters<typeof startRawServer>[0], host?: string): Promise<number> {
  const peer = await startRawServer(script, host);
  cleanup.push(peer.close);
  return peer.port;
}

describe('opening handshake', () => {
  it('sends Host without the default port, with a non-default port, and the request line', async () => {
    const heads: string[] = [];
    const port = await rawPeer(async (socket) => {
      const { head } = await readRequestHead(socket);
      heads.push(head);
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/path?q=1`, ['chat', 'superchat'], { origin: 'https://app.test', headers: { 'X-Trace': 'abc' } });
    await nextEvent(ws, 'close');
    expect(heads[0]).toMatch(/^GET \/path\?q=1 HTTP\/1\.1\r\n/);
    expect(heads[0]).toContain(`Host: 127.0.0.1:${port}\r\n`);
    expect(heads[0]).toContain('Sec-WebSocket-Protocol: chat, superchat');
    expect(heads[0]).toContain('Origin: https://app.test');
    expect(heads[0]).toContain('X-Trace: abc');
    expect(heads[0]).not.toContain('Sec-WebSocket-Extensions');
  });

  it('sends URL user-info as Basic authorization', async () => {
    let head = '';
    const port = await rawPeer(async (socket) => {
      head = (await readRequestHead(socket)).head;
      socket.destroy();
    });
    const ws = new WebSocket(`ws://al%20ice:s3cret@127.0.0.1:${port}/`);
    await nextEvent(ws, 'close');
    expect(head).toContain(`Authorization: Basic ${Buffer.from('al ice:s3cret').toString('base64')}`);
  });

  it('sends a header value with obs-text (bytes 0x80-0xFF) as one byte per character, not as UTF-8', async () => {
    let raw = Buffer.alloc(0);
    const port = await rawPeer((socket) => {
      socket.on('data', (chunk: Buffer) => {
        raw = Buffer.concat([raw, chunk]);
        if (raw.includes('\r\n\r\n')) socket.destroy();
      });
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { headers: { 'X-Obs': 'caf\u00e9' } });
    await nextEvent(ws, 'close');
    expect(raw.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a]))).toBe(true); // "café" in Latin-1, then CRLF
    expect(raw.includes(Buffer.from([0xc3, 0xa9]))).toBe(false); // "é" in UTF-8
  });

  it('throws a TypeError from the constructor for a header with CR/LF, before connecting', async () => {
    let connections = 0;
    const port = await rawPeer(() => { connections++; });
    expect(() => new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { headers: { 'X-Bad': 'a\r\nInjected: 1' } })).toThrow(TypeError);
    expect(() => new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { headers: { 'Bad Name': 'x' } })).toThrow(TypeError);
    expect(() => new WebSocket(`ws://127.0.0.1:${port}/`, ['a b'])).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(() => new WebSocket(`ws://127.0.0.1:${port}/`, ['x', 'x'])).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connections).toBe(0);
  });

  it('connects to an IPv6 literal and keeps brackets in Host', async () => {
    let head = '';
    const peer = await startRawServer(async (socket) => {
      const request = await readRequestHead(socket);
      head = request.head;
      socket.write(switchingProtocols(request.key));
    }, '::1').catch(() => undefined);
    if (peer === undefined) return; // no IPv6 loopback on this machine
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://[::1]:${peer.port}/`);
    await nextEvent(ws, 'open');
    expect(ws.url).toBe(`ws://[::1]:${peer.port}/`);
    expect(head).toContain(`Host: [::1]:${peer.port}\r\n`);
    ws.close();
  });

  it('exposes the selected subprotocol and the handshake response', async () => {
    const { port, close } = await startEchoServer({ handleProtocols: () => 'v2' });
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, ['v1', 'v2']);
    await nextEvent(ws, 'open');
    expect(ws.protocol).toBe('v2');
    expect(ws.handshakeResponse?.status).toBe(101);
    expect(ws.handshakeResponse?.headers['upgrade']).toBe('websocket');
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('fails with HandshakeError carrying status, headers and body on a non-101 answer', async () => {
    const port = await rawPeer(async (socket) => {
      await readRequestHead(socket);
      socket.write('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nnot al');
      setTimeout(() => socket.end('lowed'), 20);
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    const closing = nextEvent<CloseEvent>(ws, 'close');
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
    expect(error).toBeInstanceOf(HandshakeError);
    expect(error.code).toBe('ERR_UNEXPECTED_STATUS');
    expect(error.status).toBe(403);
    expect(error.headers['content-type']).toBe('text/plain');
    expect(Buffer.from(error.body ?? []).toString()).toBe('not allowed');
    const closed = await closing;
    expect(closed.code).toBe(1006);
    expect(closed.wasClean).toBe(false);
  });

  it('keeps at most 4 KiB of a refused handshake body', async () => {
    const port = await rawPeer(async (socket) => {
      await readRequestHead(socket);
      socket.end(`HTTP/1.1 500 Oops\r\n\r\n${'x'.repeat(10_000)}`);
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
    expect(error.status).toBe(500);
    expect(error.body?.byteLength).toBe(4096);
  });

  it('fails with ERR_INVALID_ACCEPT when the accept value is wrong', async () => {
    const port = await rawPeer(async (socket) => {
      await readRequestHead(socket);
      socket.write(switchingProtocols('AAAAAAAAAAAAAAAAAAAAAA=='));
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
    expect(error.code).toBe('ERR_INVALID_ACCEPT');
  });

  it('delivers a frame that arrives in the same TCP segment as the 101', async () => {
    const port = await rawPeer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(Buffer.concat([Buffer.from(switchingProtocols(key)), serverFrame(1, 'early'), serverFrame(1, 'bird')]));
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    const messages: string[] = [];
    ws.onmessage = (event) => messages.push(event.data as string);
    await nextEvent(ws, 'open');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(messages).toEqual(['early', 'bird']);
    ws.close();
  });

  it('times out with ERR_HANDSHAKE_TIMEOUT when the server never answers', async () => {
    const port = await rawPeer(() => undefined);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { handshakeTimeoutMs: 100 });
    const closing = nextEvent<CloseEvent>(ws, 'close');
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.code).toBe('ERR_HANDSHAKE_TIMEOUT');
    expect(error.deadline).toBe('handshake');
    expect((await closing).code).toBe(1006);
  });

  it('accepts Connection: keep-alive, Upgrade', async () => {
    const port = await rawPeer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: keep-alive, Upgrade',
        `Sec-WebSocket-Accept: ${acceptFor(key)}`, '', ''].join('\r\n'));
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await nextEvent(ws, 'open');
    ws.close();
  });
});
