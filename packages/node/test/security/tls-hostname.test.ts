// Attack: a man in the middle presenting a valid certificate for another host. `wss:` must
// verify the certificate chain and that it names the host we dialled, by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { createSelfSignedCertificate, type TestCertificate } from '../support/certificates.js';
import { startSecureEchoServer } from '../support/servers.js';
import { codeOf, observe } from './helpers.js';

let other: TestCertificate;
let right: TestCertificate;
let wrongServer: Awaited<ReturnType<typeof startSecureEchoServer>>;
let rightServer: Awaited<ReturnType<typeof startSecureEchoServer>>;

beforeAll(async () => {
  other = createSelfSignedCertificate('other.example', 'DNS:other.example');
  right = createSelfSignedCertificate('localhost', 'IP:127.0.0.1,DNS:localhost');
  wrongServer = await startSecureEchoServer(other);
  rightServer = await startSecureEchoServer(right);
});
afterAll(async () => {
  await wrongServer.close();
  await rightServer.close();
});

describe('wss: verifies the certificate and the host name by default', () => {
  it('fails when the trusted certificate names another host (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
    const seen = observe(`wss://127.0.0.1:${wrongServer.port}/`, undefined, { tls: { ca: other.cert } });
    expect((await seen.closed).code).toBe(1006);
    expect(seen.events).toEqual(['error', 'close']);
    expect(codeOf(seen.error)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('fails on a self-signed certificate that is not trusted', async () => {
    const seen = observe(`wss://127.0.0.1:${rightServer.port}/`);
    await seen.closed;
    expect(seen.events).toEqual(['error', 'close']);
    expect(codeOf(seen.error)).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('connects when the trusted certificate names the host (control)', async () => {
    const seen = observe(`wss://127.0.0.1:${rightServer.port}/`, undefined, { tls: { ca: right.cert } });
    await once(seen.ws, 'open');
    seen.ws.close();
    expect((await seen.closed).code).toBe(1005);
  });
});
