/**
 * Tunnelling through an HTTP CONNECT proxy test peer to a `ws` server (ws://) and to a `ws` server
 * over https (wss://, TLS inside the tunnel verifying the target), with proxy authentication and a
 * clear failure on a non-2xx answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { openClient } from './interop-client.js';
import { basicAuthorization, startConnectProxy } from '../support/connect-proxy.js';
import { createSelfSignedCertificate } from '../support/certificates.js';
import { startSecureEchoServer } from '../support/servers.js';
import { loadWebSocket, withTimeout } from '../conformance/harness/testee.js';

describe('HTTP CONNECT proxy', () => {
  let server: WebSocketServer;
  let port: number;
  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as { port: number }).port;
    server.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  });
  afterAll(async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  it('tunnels ws:// through the proxy and echoes', async () => {
    const proxy = await startConnectProxy();
    try {
      const client = await openClient(`ws://127.0.0.1:${port}/`, { proxy: proxy.url });
      client.ws.send('via proxy');
      expect(await client.next()).toBe('via proxy');
      client.ws.close(1000);
      expect(await client.closed).toMatchObject({ code: 1000, wasClean: true });
      expect(proxy.requests.map((r) => r.requestLine)).toEqual([`CONNECT 127.0.0.1:${port} HTTP/1.1`]);
      expect(proxy.requests[0]!.headers['host']).toBe(`127.0.0.1:${port}`);
    } finally {
      await proxy.stop();
    }
  });

  it('sends Basic Proxy-Authorization from the proxy URL user-info', async () => {
    const proxy = await startConnectProxy({ requireAuth: basicAuthorization('user:p@ss') });
    try {
      const url = proxy.url.replace('http://', 'http://user:p%40ss@');
      const client = await openClient(`ws://127.0.0.1:${port}/`, { proxy: url });
      client.ws.send('authorized');
      expect(await client.next()).toBe('authorized');
      client.ws.close();
      await client.closed;
    } finally {
      await proxy.stop();
    }
  });

  it('fails with error then close 1006 when the proxy answers 407', async () => {
    const proxy = await startConnectProxy({ requireAuth: 'Basic nope' });
    try {
      const WebSocket = await loadWebSocket();
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { proxy: proxy.url });
      const events: Array<{ type: string; error?: { status?: number; code?: string } }> = [];
      const code = await withTimeout(
        new Promise<number>((resolve) => {
          ws.onopen = () => events.push({ type: 'open' });
          ws.onerror = (e) => events.push({ type: 'error', error: e.error as { status?: number; code?: string } });
          ws.onclose = (e) => (events.push({ type: 'close' }), resolve(e.code));
        }),
        5000,
        'close after a 407',
      );
      expect(events.map((e) => e.type)).toEqual(['error', 'close']);
      expect(code).toBe(1006);
      expect(typeof events[0]!.error?.code).toBe('string');
      expect(String(JSON.stringify(events[0]!.error)) + String(events[0]!.error)).toMatch(/407/);
    } finally {
      await proxy.stop();
    }
  });

  it('tunnels wss:// through the proxy, verifying the target certificate inside the tunnel', async () => {
    const certificate = createSelfSignedCertificate('localhost', 'DNS:localhost,IP:127.0.0.1');
    const wss = await startSecureEchoServer(certificate);
    const proxy = await startConnectProxy();
    try {
      const client = await openClient(`wss://localhost:${wss.port}/`, { proxy: proxy.url, tls: { ca: certificate.cert } });
      client.ws.send('secure via proxy');
      expect(await client.next()).toBe('secure via proxy');
      client.ws.close();
      await client.closed;
      expect(proxy.requests[0]!.requestLine).toBe(`CONNECT localhost:${wss.port} HTTP/1.1`);
    } finally {
      await proxy.stop();
      await wss.close();
    }
  });
});
