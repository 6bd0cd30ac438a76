// Attack: a redirect used to steal credentials (CVE-2022-0235-style leaks in HTTP clients) or to
// downgrade wss: to ws:. Cross-origin hops drop Authorization, Cookie and URL user-info; a hop
// from wss: to ws: is refused before any connection to the insecure target is made.
import { once } from 'node:events';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../support/certificates.js';
import { closeScriptedPeers, startScriptedPeer, type ScriptedPeer } from '../faults/scripted-peer.js';
import { codeOf, observe } from './helpers.js';

afterEach(closeScriptedPeers);

function startRedirector(location: (port: number) => string, status = 302): Promise<ScriptedPeer> {
  return startScriptedPeer((side) => {
    side.socket.end(`HTTP/1.1 ${status} Moved\r\nLocation: ${location(side.socket.localPort!)}\r\nContent-Length: 0\r\n\r\n`);
  });
}

function startTarget(): Promise<ScriptedPeer> {
  return startScriptedPeer((side) => side.accept());
}

const credentials = { headers: { Authorization: 'Bearer secret-token', Cookie: 'session=secret', 'X-Trace': 'kept' }, maxRedirects: 3 };

describe('redirects never leak credentials across origins', () => {
  it('drops Authorization, Cookie and URL user-info on a cross-origin redirect, keeping other headers', async () => {
    const target = await startTarget();
    const redirector = await startRedirector(() => `ws://127.0.0.1:${target.port}/next`);
    const seen = observe(`ws://user:pass@127.0.0.1:${redirector.port}/start`, undefined, credentials);
    await once(seen.ws, 'open');
    const head = target.sides[0].head;
    expect(head).not.toMatch(/^authorization:/im);
    expect(head).not.toMatch(/^cookie:/im);
    expect(head).not.toContain('secret');
    expect(head).not.toContain(Buffer.from('user:pass').toString('base64'));
    expect(head).toMatch(/^X-Trace: kept$/m);
    expect(redirector.sides[0].head).toMatch(/^Authorization: Bearer secret-token$/m);
    seen.ws.close();
    await seen.closed;
  });

  it('treats another host name on the same port as another origin (localhost vs 127.0.0.1)', async () => {
    let hop = 0;
    const peer = await startScriptedPeer((side) => {
      if (hop++ === 0) side.socket.end(`HTTP/1.1 307 Moved\r\nLocation: ws://localhost:${side.socket.localPort}/\r\nContent-Length: 0\r\n\r\n`);
      else side.accept();
    });
    const seen = observe(`ws://user:pass@127.0.0.1:${peer.port}/`, undefined, { maxRedirects: 1 });
    await once(seen.ws, 'open');
    expect(peer.sides[0].head).toMatch(/^Authorization: Basic /m);
    expect(peer.sides[1].head).toMatch(/^Host: localhost:/m);
    expect(peer.sides[1].head).not.toMatch(/^authorization:/im);
    seen.ws.close();
    await seen.closed;
  });

  it('keeps credentials on a same-origin redirect', async () => {
    let hop = 0;
    const peer = await startScriptedPeer((side) => {
      if (hop++ === 0) side.socket.end('HTTP/1.1 302 Found\r\nLocation: /second\r\nContent-Length: 0\r\n\r\n');
      else side.accept();
    });
    const seen = observe(peer.url, undefined, credentials);
    await once(seen.ws, 'open');
    expect(peer.sides[1].head).toMatch(/^Authorization: Bearer secret-token$/m);
    seen.ws.close();
    await seen.closed;
  });

  it('does not follow redirects by default (maxRedirects 0): the 302 is an error', async () => {
    const target = await startTarget();
    const redirector = await startRedirector(() => `ws://127.0.0.1:${target.port}/`);
    const seen = observe(redirector.url, undefined, { headers: { Authorization: 'Bearer secret-token' } });
    await seen.closed;
    expect(seen.events).toEqual(['error', 'close']);
    expect((seen.error as { status?: number }).status).toBe(302);
    expect(target.accepted).toBe(0);
  });
});

describe('redirects never downgrade wss: to ws:', () => {
  it('refuses wss → ws with ERR_REDIRECT_DOWNGRADE and never connects to the ws: target', async () => {
    const target = await startTarget();
    const certificate = createSelfSignedCertificate('localhost', 'IP:127.0.0.1,DNS:localhost');
    const tls = createTlsServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
      socket.once('data', () => socket.end(`HTTP/1.1 301 Moved\r\nLocation: ws://127.0.0.1:${target.port}/\r\nContent-Length: 0\r\n\r\n`));
      socket.on('error', () => undefined);
    });
    tls.listen(0, '127.0.0.1');
    await once(tls, 'listening');
    try {
      const port = (tls.address() as AddressInfo).port;
      const seen = observe(`wss://127.0.0.1:${port}/`, undefined, { maxRedirects: 5, tls: { ca: certificate.cert }, headers: { Authorization: 'Bearer x' } });
      await seen.closed;
      expect(seen.events).toEqual(['error', 'close']);
      expect(codeOf(seen.error)).toBe('ERR_REDIRECT_DOWNGRADE');
      expect(target.accepted).toBe(0);
    } finally {
      tls.close();
    }
  });
});
