/**
 * wss:// against a `ws` server over https with a self-signed certificate made at test time:
 * trusted through `tls.ca` it works; untrusted, or naming another host, it fails by default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, openClient } from './interop-client.js';
import { createSelfSignedCertificate, type TestCertificate } from '../support/certificates.js';
import { startSecureEchoServer } from '../support/servers.js';
import { loadWebSocket, withTimeout } from '../conformance/harness/testee.js';
import { pseudoRandomBytes } from '../conformance/harness/frame-builder.js';

async function expectFailure(url: string, options: Record<string, unknown>): Promise<void> {
  const WebSocket = await loadWebSocket();
  const ws = new WebSocket(url, undefined, options);
  const events: string[] = [];
  const code = await withTimeout(
    new Promise<number>((resolve) => {
      ws.onopen = () => events.push('open');
      ws.onerror = () => events.push('error');
      ws.onclose = (e) => (events.push('close'), resolve(e.code));
    }),
    5000,
    'close after a TLS failure',
  );
  expect(events).toEqual(['error', 'close']);
  expect(code).toBe(1006);
}

describe('wss:// with a self-signed certificate', () => {
  let certificate: TestCertificate;
  let server: { port: number; close(): Promise<void> };
  beforeAll(async () => {
    certificate = createSelfSignedCertificate('localhost', 'DNS:localhost,IP:127.0.0.1');
    server = await startSecureEchoServer(certificate);
  });
  afterAll(async () => server?.close());

  it('echoes over wss:// to 127.0.0.1 when the certificate is trusted via tls.ca', async () => {
    const client = await openClient(`wss://127.0.0.1:${server.port}/`, { tls: { ca: certificate.cert } });
    client.ws.send('secure hello');
    expect(await client.next()).toBe('secure hello');
    const bin = pseudoRandomBytes(100_000, 3);
    client.ws.send(bin);
    expect(bytesOf(await client.next()).equals(bin)).toBe(true);
    client.ws.close(1000);
    expect(await client.closed).toMatchObject({ code: 1000, wasClean: true });
  });

  it('echoes over wss://localhost (SNI and hostname verification by name)', async () => {
    const client = await openClient(`wss://localhost:${server.port}/`, { tls: { ca: certificate.cert } });
    client.ws.send('by name');
    expect(await client.next()).toBe('by name');
    client.ws.close();
    await client.closed;
  });

  it('refuses an untrusted self-signed certificate by default', async () => {
    await expectFailure(`wss://127.0.0.1:${server.port}/`, {});
  });

  it('refuses a trusted certificate that names another host', async () => {
    const other = createSelfSignedCertificate('example.invalid', 'DNS:example.invalid');
    const otherServer = await startSecureEchoServer(other);
    try {
      await expectFailure(`wss://127.0.0.1:${otherServer.port}/`, { tls: { ca: other.cert } });
    } finally {
      await otherServer.close();
    }
  });
});
