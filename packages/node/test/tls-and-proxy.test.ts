import { beforeAll, describe, expect, it } from 'vitest';
import { HandshakeError, WebSocket } from '../src/index.js';
import type { CloseEvent, ErrorEvent } from '../src/index.js';
import { createSelfSignedCertificate } from './support/certificates.js';
import type { TestCertificate } from './support/certificates.js';
import { basicAuthorization, startConnectProxy } from './support/connect-proxy.js';
import { echoOnce, nextEvent, startEchoServer, startSecureEchoServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

let localhostCert: TestCertificate;
let otherCert: TestCertificate;
beforeAll(() => {
  localhostCert = createSelfSignedCertificate('localhost', 'DNS:localhost,IP:127.0.0.1');
  otherCert = createSelfSignedCertificate('other.test', 'DNS:other.test');
});

async function startSecureEcho(cert: TestCertificate): Promise<number> {
  const echo = await startSecureEchoServer(cert);
  cleanup.push(echo.close);
  return echo.port;
}

describe('wss://', () => {
  it('connects with a trusted self-signed certificate, verifying the host name', async () => {
    const port = await startSecureEcho(localhostCert);
    const ws = new WebSocket(`wss://localhost:${port}/`, undefined, { tls: { ca: localhostCert.cert } });
    expect(await echoOnce(ws, 'secure')).toBe('secure');
  });

  it('connects to an IP literal whose certificate lists that IP', async () => {
    const port = await startSecureEcho(localhostCert);
    const ws = new WebSocket(`wss://127.0.0.1:${port}/`, undefined, { tls: { ca: localhostCert.cert } });
    expect(await echoOnce(ws, 'ip')).toBe('ip');
  });

  it('fails when the certificate is for another host name', async () => {
    const port = await startSecureEcho(otherCert);
    const ws = new WebSocket(`wss://localhost:${port}/`, undefined, { tls: { ca: otherCert.cert } });
    const closing = nextEvent<CloseEvent>(ws, 'close');
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as { code: string };
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect((await closing).code).toBe(1006);
  });

  it('fails when the certificate is not trusted', async () => {
    const port = await startSecureEcho(localhostCert);
    const ws = new WebSocket(`wss://localhost:${port}/`);
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as { code: string };
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});

describe('HTTP CONNECT proxy', () => {
  it('tunnels ws:// with Proxy-Authorization from the proxy URL', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    const proxy = await startConnectProxy({ requireAuth: basicAuthorization('me:pw') });
    cleanup.push(proxy.stop);
    const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`, undefined, { proxy: `http://me:pw@127.0.0.1:${proxy.port}` });
    expect(await echoOnce(ws, 'via proxy')).toBe('via proxy');
    expect(proxy.requests[0]?.requestLine).toBe(`CONNECT 127.0.0.1:${echo.port} HTTP/1.1`);
  });

  it('tunnels wss:// and verifies the target certificate inside the tunnel', async () => {
    const port = await startSecureEcho(localhostCert);
    const proxy = await startConnectProxy();
    cleanup.push(proxy.stop);
    const ws = new WebSocket(`wss://localhost:${port}/`, undefined, { proxy: `http://127.0.0.1:${proxy.port}`, tls: { ca: localhostCert.cert } });
    expect(await echoOnce(ws, 'tunnelled tls')).toBe('tunnelled tls');
    expect(proxy.requests[0]?.requestLine).toBe(`CONNECT localhost:${port} HTTP/1.1`);
  });

  it('reports a refused CONNECT as HandshakeError ERR_PROXY_CONNECT with the status', async () => {
    const proxy = await startConnectProxy({ requireAuth: basicAuthorization('me:right') });
    cleanup.push(proxy.stop);
    const ws = new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: `http://me:wrong@127.0.0.1:${proxy.port}` });
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
    expect(error.code).toBe('ERR_PROXY_CONNECT');
    expect(error.status).toBe(407);
    expect(Buffer.from(error.body ?? []).toString()).toBe('auth');
  });

  it("reads bytes a proxy sends with its 200 as the start of the server's answer, so a 101 forged before our request is refused", async () => {
    // The tunnel's first bytes arrive in the same write as the proxy's head: they must reach the
    // handshake reader in order (lost, the handshake would end in ERR_HANDSHAKE_EOF instead).
    const forged = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + 'Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n';
    const proxy = await startConnectProxy({ answer: `HTTP/1.1 200 Connection Established\r\n\r\n${forged}` });
    cleanup.push(proxy.stop);
    const ws = new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: proxy.url });
    const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
    expect(error.code).toBe('ERR_INVALID_ACCEPT');
  });

  it("uses the environment with proxy: 'env' and honours NO_PROXY", async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    const proxy = await startConnectProxy();
    cleanup.push(proxy.stop);
    const saved = { ...process.env };
    try {
      process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`;
      delete process.env.http_proxy;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      expect(await echoOnce(new WebSocket(`ws://127.0.0.1:${echo.port}/`, undefined, { proxy: 'env' }), 'env')).toBe('env');
      expect(proxy.requests).toHaveLength(1);
      process.env.NO_PROXY = '127.0.0.1';
      expect(await echoOnce(new WebSocket(`ws://127.0.0.1:${echo.port}/`, undefined, { proxy: 'env' }), 'direct')).toBe('direct');
      expect(proxy.requests).toHaveLength(1);
    } finally {
      process.env = saved;
    }
  });

  it('throws a TypeError for a proxy URL with an unsupported scheme', () => {
    expect(() => new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: 'ftp://p:1' })).toThrow(TypeError);
  });
});

