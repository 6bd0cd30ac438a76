import { lookup } from 'node:dns/promises';
import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from '../src/index.js';
import type { CloseEvent, ErrorEvent, HandshakeError } from '../src/index.js';
import { readsIntoSharedBuffer } from '../src/borrowed-reads.js';
import { encodeIpAddress } from '../src/ip-address-bytes.js';
import { createSelfSignedCertificate } from './support/certificates.js';
import type { TestCertificate } from './support/certificates.js';
import { lastDialTo } from './support/dial-recorder.js';
import { echoOnce, nextEvent, startEchoServer } from './support/servers.js';

vi.mock('node:net', async (importOriginal) => (await import('./support/dial-recorder.js')).recordingNet(importOriginal));

/** The client's connection to the proxy at `proxyUrl`, as `net.connect` was asked for it. */
const tunnelDial = (proxyUrl: string) => lastDialTo(Number(new URL(proxyUrl).port));

interface SocksRequest { readonly addressType: number; readonly host: string; readonly port: number }
interface SocksLog { methods: number[][]; logins: Array<{ username: string; password: string }>; requests: SocksRequest[] }
interface SocksBehaviour {
  readonly login?: { username: string; password: string };
  readonly reply?: number;
  readonly silent?: boolean;
  /** Bytes sent in the same write as a success reply, instead of tunnelling. */
  readonly withReply?: string;
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

/** Reads exact byte counts from a socket, for the tiny SOCKS server below. */
function byteReader(socket: Socket): { read: (n: number) => Promise<Buffer>; detach: () => Buffer } {
  let buffered = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  };
  socket.on('data', onData);
  return {
    async read(n) {
      while (buffered.length < n) await new Promise<void>((resolve) => { wake = resolve; });
      const out = buffered.subarray(0, n);
      buffered = buffered.subarray(n);
      return out;
    },
    detach() {
      socket.off('data', onData);
      return buffered;
    },
  };
}

/** A minimal RFC 1928/1929 SOCKS5 server that tunnels CONNECT to the requested address. */
async function startSocksServer(behaviour: SocksBehaviour = {}): Promise<{ url: (scheme: string, userInfo?: string) => string; log: SocksLog }> {
  const log: SocksLog = { methods: [], logins: [], requests: [] };
  const sockets = new Set<Socket>();
  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  const serve = async (client: Socket): Promise<void> => {
    const reader = byteReader(client);
    const [, count] = await reader.read(2);
    const methods = [...await reader.read(count)];
    log.methods.push(methods);
    if (behaviour.silent === true) return;
    if (behaviour.login !== undefined) {
      if (!methods.includes(2)) return void client.end(Buffer.of(5, 0xff));
      client.write(Buffer.of(5, 2));
      const [, userLength] = await reader.read(2);
      const username = (await reader.read(userLength)).toString();
      const [passwordLength] = await reader.read(1);
      const password = (await reader.read(passwordLength)).toString();
      log.logins.push({ username, password });
      const ok = username === behaviour.login.username && password === behaviour.login.password;
      if (!ok) return void client.end(Buffer.of(1, 1));
      client.write(Buffer.of(1, 0));
    } else {
      client.write(Buffer.of(5, 0));
    }
    const [, , , addressType] = await reader.read(4);
    let host: string;
    if (addressType === 1) host = [...await reader.read(4)].join('.');
    else if (addressType === 4) host = ((await reader.read(16)).toString('hex').match(/.{4}/g) ?? []).join(':');
    else host = (await reader.read((await reader.read(1))[0])).toString('latin1');
    const port = (await reader.read(2)).readUInt16BE(0);
    log.requests.push({ addressType, host, port });
    if (behaviour.reply !== undefined) return void client.end(Buffer.of(5, behaviour.reply, 0, 1, 0, 0, 0, 0, 0, 0));
    if (behaviour.withReply !== undefined) return void client.end(Buffer.concat([Buffer.of(5, 0, 0, 1, 0, 0, 0, 0, 0, 0), Buffer.from(behaviour.withReply)]));
    const upstream = track(connect({ host, port }));
    await once(upstream, 'connect');
    // Answer with an IPv6 bound address (22 bytes) in two writes: the client must parse by ATYP.
    client.write(Buffer.of(5, 0, 0, 4, ...new Uint8Array(8)));
    setImmediate(() => {
      client.write(Buffer.of(...new Uint8Array(8), 0x04, 0x38));
      upstream.write(reader.detach());
      client.pipe(upstream).pipe(client);
    });
  };
  const server = createServer((client) => void serve(track(client)).catch(() => client.destroy()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  cleanup.push(() => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  }));
  return { log, url: (scheme, userInfo) => `${scheme}://${userInfo === undefined ? '' : `${userInfo}@`}127.0.0.1:${port}` };
}

async function handshakeFailure(ws: WebSocket): Promise<{ error: HandshakeError; close: CloseEvent }> {
  const closing = nextEvent<CloseEvent>(ws, 'close');
  const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
  return { error, close: await closing };
}

async function startEcho(host = '127.0.0.1'): Promise<number> {
  const echo = await startEchoServer({}, host);
  cleanup.push(echo.close);
  return echo.port;
}

let localhostCert: TestCertificate;
beforeAll(() => {
  localhostCert = createSelfSignedCertificate('localhost', 'DNS:localhost,IP:127.0.0.1');
});

describe('SOCKS5 proxy (RFC 1928)', () => {
  it('tunnels ws:// without authentication, sending the host name with socks5h:', async () => {
    const resolved = await lookup('localhost');
    const port = await startEcho(resolved.address);
    const socks = await startSocksServer();
    const ws = new WebSocket(`ws://localhost:${port}/`, undefined, { proxy: socks.url('socks5h') });
    expect(await echoOnce(ws, 'via socks')).toBe('via socks');
    expect(socks.log.methods).toEqual([[0]]);
    expect(socks.log.requests).toEqual([{ addressType: 3, host: 'localhost', port }]);
  });

  it('reads a ws:// tunnel into the shared read buffer, as a direct ws:// socket does, and keeps messages whole', async () => {
    const port = await startEcho();
    const socks = await startSocksServer();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { proxy: socks.url('socks5') });
    ws.binaryType = 'nodebuffer';
    const big = Buffer.alloc(700 * 1024, 7);
    const replies: unknown[] = [];
    ws.addEventListener('message', (event) => void replies.push((event as MessageEvent).data));
    await nextEvent(ws, 'open');
    ws.send('small');
    ws.send(big);
    while (replies.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(replies[0]).toBe('small');
    expect((replies[1] as Buffer).equals(big)).toBe(true);
    const dial = tunnelDial(socks.url('socks5'))!;
    expect(dial.options.onread).toBeDefined();
    expect(readsIntoSharedBuffer(dial.socket)).toBe(true);
    ws.close();
  });

  it('resolves the host name locally with socks5: and sends the address', async () => {
    const resolved = await lookup('localhost');
    const port = await startEcho(resolved.address);
    const socks = await startSocksServer();
    const ws = new WebSocket(`ws://localhost:${port}/`, undefined, { proxy: socks.url('socks5') });
    expect(await echoOnce(ws, 'resolved here')).toBe('resolved here');
    const expectedType = resolved.family === 6 ? 4 : 1;
    expect(socks.log.requests[0].addressType).toBe(expectedType);
    expect(encodeIpAddress(socks.log.requests[0].host)).toEqual(encodeIpAddress(resolved.address));
  });

  it('sends an IPv6 target as a 16-byte address', async () => {
    const port = await startEcho('::1');
    const socks = await startSocksServer();
    const ws = new WebSocket(`ws://[::1]:${port}/`, undefined, { proxy: socks.url('socks5h') });
    expect(await echoOnce(ws, 'six')).toBe('six');
    expect(socks.log.requests[0]).toEqual({ addressType: 4, host: '0000:0000:0000:0000:0000:0000:0000:0001', port });
  });

  it('authenticates with the percent-decoded username and password (RFC 1929)', async () => {
    const port = await startEcho();
    const socks = await startSocksServer({ login: { username: 'me', password: 'p@ss:w' } });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { proxy: socks.url('socks5', 'me:p%40ss%3Aw') });
    expect(await echoOnce(ws, 'logged in')).toBe('logged in');
    expect(socks.log.methods).toEqual([[0, 2]]);
    expect(socks.log.logins).toEqual([{ username: 'me', password: 'p@ss:w' }]);
  });

  it('fails with ERR_PROXY_AUTH when the proxy rejects the credentials', async () => {
    const socks = await startSocksServer({ login: { username: 'me', password: 'right' } });
    const { error, close } = await handshakeFailure(new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: socks.url('socks5', 'me:wrong') }));
    expect(error.code).toBe('ERR_PROXY_AUTH');
    expect(error.message).toMatch(/rejected the username\/password/);
    expect(close.code).toBe(1006);
    expect(socks.log.requests).toEqual([]);
  });

  it('fails with ERR_PROXY_AUTH when the proxy accepts none of the offered methods', async () => {
    const socks = await startSocksServer({ login: { username: 'me', password: 'pw' } });
    const { error } = await handshakeFailure(new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: socks.url('socks5h') }));
    expect(error.code).toBe('ERR_PROXY_AUTH');
    expect(error.message).toMatch(/none of the offered authentication methods/);
  });

  it('fails with ERR_PROXY_CONNECT naming the reply code when the proxy refuses the connection', async () => {
    const socks = await startSocksServer({ reply: 5 });
    const { error, close } = await handshakeFailure(new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: socks.url('socks5h') }));
    expect(error.code).toBe('ERR_PROXY_CONNECT');
    expect(error.message).toMatch(/reply 5 \(connection refused\)/);
    expect(close.wasClean).toBe(false);
  });

  it("reads bytes the proxy sends with its reply as the start of the server's answer, so a 101 forged before our request is refused", async () => {
    // Lost, they would end the handshake in ERR_HANDSHAKE_EOF instead.
    const forged = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + 'Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n';
    const socks = await startSocksServer({ withReply: forged });
    const ws = new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: socks.url('socks5h') });
    const { error } = await handshakeFailure(ws);
    expect(error.code).toBe('ERR_INVALID_ACCEPT');
  });

  it('runs TLS inside the tunnel for wss://, verifying the target host name', async () => {
    const server = createHttpsServer({ cert: localhostCert.cert, key: localhostCert.key });
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanup.push(() => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }));
    const { port } = server.address() as AddressInfo;
    const socks = await startSocksServer();
    const ws = new WebSocket(`wss://127.0.0.1:${port}/`, undefined, { proxy: socks.url('socks5h'), tls: { ca: localhostCert.cert } });
    expect(await echoOnce(ws, 'tls in socks')).toBe('tls in socks');
    // TLS toward the target wraps the tunnel and reads its handle itself: the tunnel keeps Node's reads.
    expect(tunnelDial(socks.url('socks5h'))!.options.onread).toBeUndefined();
    const wrongName = new WebSocket(`wss://127.0.0.1:${port}/`, undefined,
      { proxy: socks.url('socks5h'), tls: { ca: localhostCert.cert, servername: 'other.test' } });
    const { error } = await handshakeFailure(wrongName);
    expect((error as unknown as { code: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it("is selected by proxy: 'env' from ALL_PROXY", async () => {
    const port = await startEcho();
    const socks = await startSocksServer();
    const saved = { ...process.env };
    try {
      for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY', 'all_proxy']) delete process.env[name];
      process.env.ALL_PROXY = socks.url('socks5h');
      expect(await echoOnce(new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { proxy: 'env' }), 'env')).toBe('env');
      expect(socks.log.requests).toHaveLength(1);
    } finally {
      process.env = saved;
    }
  });

  it('gives up at the handshake deadline when the proxy never answers', async () => {
    const socks = await startSocksServer({ silent: true });
    const started = Date.now();
    const { error } = await handshakeFailure(new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: socks.url('socks5h'), handshakeTimeoutMs: 150 }));
    expect((error as unknown as { code: string }).code).toBe('ERR_HANDSHAKE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('throws a TypeError at construction for credentials RFC 1929 cannot carry', () => {
    expect(() => new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: `socks5://${'u'.repeat(256)}:p@127.0.0.1:1080` })).toThrow(TypeError);
    expect(() => new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: 'socks5://user@127.0.0.1:1080' })).toThrow(/password is 0 bytes/);
    expect(() => new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: 'socks4://127.0.0.1:1080' })).toThrow(TypeError);
  });
});

describe('encodeIpAddress', () => {
  it.each([
    ['127.0.0.1', [127, 0, 0, 1]],
    ['::1', [...new Array(15).fill(0), 1]],
    ['[2001:db8::8a2e:370:7334]', [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34]],
    ['::ffff:192.0.2.1', [...new Array(10).fill(0), 0xff, 0xff, 192, 0, 2, 1]],
    ['fe80::1%eth0', [0xfe, 0x80, ...new Array(13).fill(0), 1]],
    ['1:2:3:4:5:6:7:8', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
  ])('encodes %s in network order', (text, bytes) => {
    expect([...encodeIpAddress(text) ?? []]).toEqual(bytes);
  });

  it('returns undefined for a host name', () => {
    expect(encodeIpAddress('example.com')).toBeUndefined();
  });
});
