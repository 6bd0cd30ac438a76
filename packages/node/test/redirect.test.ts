import { describe, expect, it } from 'vitest';
import { HandshakeError, WebSocket } from '../src/index.js';
import type { ErrorEvent, MessageEvent } from '../src/index.js';
import { followRedirect } from '../src/redirect.js';
import { parseTarget } from '../src/target-url.js';
import { switchingProtocols } from './support/handshake.js';
import { nextEvent, readRequestHead, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

const secrets: Array<readonly [string, string]> = [['Authorization', 'Bearer t'], ['Cookie', 'c=1'], ['Proxy-Authorization', 'Basic x'], ['X-Keep', 'yes']];

describe('followRedirect', () => {
  it('keeps credentials on a same-origin hop, ws and http being the same origin scheme', () => {
    const hop = followRedirect(parseTarget('ws://u:p@a.test/one'), 302, 'http://a.test:80/two', secrets);
    expect(hop.target.url.href).toBe('ws://u:p@a.test/two');
    expect(hop.headers).toEqual(secrets);
  });

  it('strips Authorization, Cookie, Proxy-Authorization and URL credentials on a cross-origin hop', () => {
    for (const location of ['ws://b.test/', 'ws://a.test:8080/', 'wss://a.test/']) {
      const hop = followRedirect(parseTarget('ws://u:p@a.test/'), 307, location, secrets);
      expect(hop.target.credentials).toBeUndefined();
      expect(hop.headers).toEqual([['X-Keep', 'yes']]);
    }
  });

  it('resolves relative locations and maps https to wss', () => {
    expect(followRedirect(parseTarget('wss://a.test/x/y'), 301, '../z?q', []).target.url.href).toBe('wss://a.test/z?q');
    expect(followRedirect(parseTarget('wss://a.test/'), 308, 'https://b.test/', []).target.url.href).toBe('wss://b.test/');
  });

  it('refuses wss → ws, other schemes and a missing Location', () => {
    const from = parseTarget('wss://a.test/');
    expect(() => followRedirect(from, 302, 'ws://a.test/', [])).toThrow(expect.objectContaining({ code: 'ERR_REDIRECT_DOWNGRADE' }));
    expect(() => followRedirect(from, 302, 'http://a.test/', [])).toThrow(expect.objectContaining({ code: 'ERR_REDIRECT_DOWNGRADE' }));
    expect(() => followRedirect(from, 302, 'ftp://a.test/', [])).toThrow(expect.objectContaining({ code: 'ERR_REDIRECT_SCHEME' }));
    expect(() => followRedirect(from, 302, undefined, [])).toThrow(expect.objectContaining({ code: 'ERR_REDIRECT_LOCATION' }));
  });
});

describe('WebSocket redirects', () => {
  it('follows a redirect to another origin without leaking credentials', async () => {
    const heads: string[] = [];
    const final = await startRawServer(async (socket) => {
      const request = await readRequestHead(socket);
      heads.push(request.head);
      socket.write(switchingProtocols(request.key));
      socket.write(Buffer.from([0x81, 2, 0x68, 0x69]));
    }, '127.0.0.1');
    cleanup.push(final.close);
    const first = await startRawServer(async (socket) => {
      await readRequestHead(socket);
      // "localhost" vs "127.0.0.1": another origin.
      socket.end(`HTTP/1.1 302 Found\r\nLocation: ws://localhost:${final.port}/next\r\nContent-Length: 0\r\n\r\n`);
    });
    cleanup.push(first.close);
    const ws = new WebSocket(`ws://user:pw@127.0.0.1:${first.port}/`, undefined, {
      maxRedirects: 1, headers: { Cookie: 'session=1', 'X-Other': 'kept' },
    });
    const message = await nextEvent<MessageEvent>(ws, 'message');
    expect(message.data).toBe('hi');
    expect(heads[0]).toMatch(/^GET \/next /);
    expect(heads[0]).not.toMatch(/authorization|cookie/i);
    expect(heads[0]).toContain('X-Other: kept');
    ws.close();
  });

  it('does not follow redirects by default and reports the 3xx', async () => {
    const peer = await startRawServer(async (socket) => {
      await readRequestHead(socket);
      socket.end('HTTP/1.1 301 Moved\r\nLocation: ws://127.0.0.1:1/\r\nContent-Length: 0\r\n\r\n');
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`);
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
    expect(error.status).toBe(301);
    expect(error.code).toBe('ERR_UNEXPECTED_STATUS');
  });

  it('gives up with ERR_TOO_MANY_REDIRECTS', async () => {
    let hits = 0;
    const peer = await startRawServer(async (socket) => {
      await readRequestHead(socket);
      hits++;
      socket.end('HTTP/1.1 307 Again\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n');
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`, undefined, { maxRedirects: 2 });
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
    expect(error.code).toBe('ERR_TOO_MANY_REDIRECTS');
    expect(hits).toBe(3);
  });
});
