/**
 * wss:// sockets hand their decrypted bytes over in the process's shared read buffer (tls.connect's
 * `onread`), as plain ws:// sockets do, instead of a new 16 KiB buffer per TLS record: the same
 * guarantees (every byte in order, copies where a message outlives the read, big payloads read
 * straight into their own buffer) hold through TLS. Over a proxy tunnel Node ignores `onread`, so
 * none is given there.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ProtocolDriver } from '@weft/core';
import { borrowedReadOptions, readsIntoSharedBuffer, SHARED_READ_BYTES } from '../src/borrowed-reads.js';
import { WebSocket } from '../src/index.js';
import { binary, mixedUtf8, pseudoRandomBytes, text } from './conformance/harness/frame-builder.js';
import { compressedFrames, compressibleText } from './conformance/harness/send-compressed.js';
import { startRawPeer, type PeerConnection } from './conformance/harness/raw-peer.js';
import { createSelfSignedCertificate, type TestCertificate } from './support/certificates.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { startConnectProxy } from './support/connect-proxy.js';
import { dialledTls, lastDialTo } from './support/dial-recorder.js';
import { expectMessages, keepMessages, waitForCount, type SentMessage as Message } from './support/received-messages.js';

vi.mock('node:tls', async (importOriginal) => (await import('./support/dial-recorder.js')).recordingTls(importOriginal));
vi.mock('node:net', async (importOriginal) => (await import('./support/dial-recorder.js')).recordingNet(importOriginal));

const cleanup = cleanupAfterEach();
const KiB = 1024;

let certificate: TestCertificate;
beforeAll(() => {
  certificate = createSelfSignedCertificate('127.0.0.1', 'IP:127.0.0.1');
});

const sharedBuffer = (): Uint8Array => borrowedReadOptions().buffer();
const frameOf = (message: Message): Buffer => (typeof message === 'string' ? text(message) : binary(message));

async function startSecurePeer(): Promise<{ url: string; connection: Promise<PeerConnection> }> {
  const peer = await startRawPeer({ tls: certificate });
  cleanup.push(() => peer.stop());
  return peer;
}

/** A client trusting the test certificate that keeps every message it is given. */
function startClient(url: string, options: Record<string, unknown> = {}) {
  const ws = new WebSocket(url, undefined, { tls: { ca: certificate.cert }, ...options });
  ws.binaryType = 'nodebuffer';
  cleanup.push(async () => ws.terminate());
  return { ws, ...keepMessages(ws) };
}

describe('wss:// reads into the shared read buffer', () => {
  it('dials a direct wss:// socket whose decrypted reads land in the shared buffer, and hands out messages that are not views of it', async () => {
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    const shared = borrowedReadOptions().buffer() as Buffer;
    const marker = pseudoRandomBytes(48, 0x5eed);
    const seenInShared: boolean[] = [];
    client.ws.addEventListener('message', (event) => void seenInShared.push(shared.includes(marker) && (event as MessageEvent).data.buffer !== shared.buffer));
    const connection = await peer.connection;
    await client.opened;
    const dial = dialledTls.at(-1)!;
    expect(readsIntoSharedBuffer(dial.socket)).toBe(true);
    expect((dial.options.onread?.buffer as () => Uint8Array)()).toBe(shared);
    expect(shared.length).toBe(SHARED_READ_BYTES);
    await connection.write(binary(marker));
    await waitForCount(client.messages, 1, 'messages');
    // While the message was dispatched its decrypted read lay in the shared buffer; the message is a copy.
    expect(seenInShared).toEqual([true]);
    expect((client.messages[0] as Buffer).equals(marker)).toBe(true);
  });

  it('keeps every message byte-exact when frames of every size arrive over TLS in uneven writes', async () => {
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    const connection = await peer.connection;
    await client.opened;
    const sizes = [0, 1, 125, KiB, 16 * KiB - 3, 16 * KiB + 7, 64 * KiB, 300 * KiB, KiB * KiB];
    const messages: Message[] = sizes.flatMap((size, i) => [mixedUtf8(size).toString(), pseudoRandomBytes(size, 40 + i)]);
    const wire = Buffer.concat(messages.map(frameOf));
    // Cuts that do not fall on frame or 16 KiB record boundaries: every TLS record ends mid-frame somewhere.
    await connection.write(wire, { every: 23 * KiB + 5 });
    await waitForCount(client.messages, messages.length, 'messages');
    expectMessages(client.messages, messages);
  });

  it('keeps the messages of a wss:// and a ws:// connection apart while both receive into the shared buffer at once', async () => {
    const secure = await startSecurePeer();
    const plain = await startRawPeer();
    cleanup.push(() => plain.stop());
    const plainClient = new WebSocket(plain.url);
    plainClient.binaryType = 'nodebuffer';
    cleanup.push(async () => plainClient.terminate());
    const clients = [startClient(secure.url), { ws: plainClient, ...keepMessages(plainClient) }];
    const connections = await Promise.all([secure.connection, plain.connection]);
    await Promise.all(clients.map((client) => client.opened));
    const scripts: Message[][] = [0, 1].map((c) => [KiB, 20 * KiB, 5, 400 * KiB, 70 * KiB, 1].flatMap((size, i) =>
      [mixedUtf8(size + c).toString(), pseudoRandomBytes(size + c, 10 * c + i)]));
    await Promise.all(connections.map((connection, c) => connection.write(Buffer.concat(scripts[c]!.map(frameOf)), { every: 9 * KiB + 1000 * c })));
    await Promise.all(clients.map((client, c) => waitForCount(client.messages, scripts[c]!.length, 'messages')));
    clients.forEach((client, c) => expectMessages(client.messages, scripts[c]!));
  });

  it('reads the missing part of a big payload straight into its own buffer through TLS', async () => {
    const receive = vi.spyOn(ProtocolDriver.prototype, 'receive');
    cleanup.push(async () => receive.mockRestore());
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    const connection = await peer.connection;
    await client.opened;
    const data = pseudoRandomBytes(2 * KiB * KiB, 7);
    await connection.write(Buffer.concat([binary(data), binary('after')]), { every: 256 * KiB });
    await waitForCount(client.messages, 2, 'messages');
    expectMessages(client.messages, [data, Buffer.from('after')]);
    // The delivered message is the buffer TLS decrypted into: reads were fed as views of it.
    const delivered = (client.messages[0] as Buffer).buffer;
    expect(receive.mock.calls.filter(([bytes]) => bytes.buffer === delivered).length).toBeGreaterThan(1);
  });

  it('keeps a big message and the ones after it whole when the application pauses while TLS is copying a record into the payload', async () => {
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    const connection = await peer.connection;
    await client.opened;
    const data = pseudoRandomBytes(3 * KiB * KiB, 9);
    const wire = Buffer.concat([binary(data), text('next'), binary(pseudoRandomBytes(5, 1))]);
    // Pause from inside the first read that lands in the payload's own buffer: the rest of that
    // decrypted record, and every read until resume(), must then wait as copies, in order.
    let pausedAt = -1;
    const original = ProtocolDriver.prototype.receive;
    const spy = vi.spyOn(ProtocolDriver.prototype, 'receive').mockImplementation(function (this: ProtocolDriver, bytes: Uint8Array) {
      if (pausedAt === -1 && bytes.buffer !== sharedBuffer().buffer && bytes.byteLength <= 16 * KiB) {
        pausedAt = spy.mock.calls.length;
        client.ws.pause();
      }
      return original.call(this, bytes);
    });
    cleanup.push(async () => spy.mockRestore());
    await connection.write(wire, { every: 512 * KiB });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pausedAt).toBeGreaterThan(0);
    expect(client.messages).toHaveLength(0);
    client.ws.resume();
    await waitForCount(client.messages, 3, 'messages');
    expectMessages(client.messages, [data, 'next', pseudoRandomBytes(5, 1)]);
  });

  it('delivers frames that came in the same TLS write as the 101, then the rest', async () => {
    const first: Message[] = ['early', pseudoRandomBytes(300, 2)];
    const peer = await startRawPeer({ tls: certificate, afterResponse: Buffer.concat(first.map(frameOf)) });
    cleanup.push(() => peer.stop());
    const client = startClient(peer.url);
    const connection = await peer.connection;
    await client.opened;
    await connection.write(text('later'));
    await waitForCount(client.messages, 3, 'messages');
    expectMessages(client.messages, [...first, 'later']);
  });

  it('fails with 1002 on a bad frame that follows a big payload in the same TLS write, after delivering what came before', async () => {
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    const closes: number[] = [];
    client.ws.addEventListener('close', (event) => void closes.push((event as unknown as { code: number }).code));
    const connection = await peer.connection;
    await client.opened;
    const data = pseudoRandomBytes(KiB * KiB, 5);
    // Opcode 3 is reserved (RFC 6455 §5.2): the connection must fail there.
    const bad = Buffer.from([0x83, 0x00]);
    await connection.write(Buffer.concat([binary(data), bad, text('never')]), { every: 300 * KiB });
    const closeFrame = await connection.waitForClose();
    expect(closeFrame.code).toBe(1002);
    await waitForCount(closes, 1, 'close events');
    expectMessages(client.messages, [data]);
  });

  it('delivers every message the server sent before it ended the connection', async () => {
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    const closed = new Promise<{ code: number }>((resolve) => client.ws.addEventListener('close', (event) => resolve(event as unknown as { code: number })));
    const connection = await peer.connection;
    await client.opened;
    const data = pseudoRandomBytes(700 * KiB, 6);
    await connection.write(Buffer.concat([text('a'), binary(data), text('z')]));
    connection.end();
    expect((await closed).code).toBe(1006);
    expectMessages(client.messages, ['a', data, 'z']);
  });

  it("gives exact ArrayBuffers over wss:// with binaryType 'arraybuffer'", async () => {
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    client.ws.binaryType = 'arraybuffer';
    const connection = await peer.connection;
    await client.opened;
    const sent = [pseudoRandomBytes(3, 1), pseudoRandomBytes(20 * KiB, 2), pseudoRandomBytes(600 * KiB, 3)];
    await connection.write(Buffer.concat(sent.map((bytes) => binary(bytes))), { every: 100 * KiB });
    await waitForCount(client.messages, 3, 'messages');
    expect(client.messages.map((message) => message instanceof ArrayBuffer && Buffer.from(message).equals(sent[client.messages.indexOf(message)]!))).toEqual([true, true, true]);
  });

  it('keeps compressed messages byte-exact over wss:// (permessage-deflate, some fragmented)', async () => {
    const peer = await startRawPeer({ tls: certificate, deflate: {} });
    cleanup.push(() => peer.stop());
    const client = startClient(peer.url, { perMessageDeflate: true });
    const connection = await peer.connection;
    await client.opened;
    const messages: Message[] = [];
    const frames: Buffer[] = [];
    for (const [i, size] of [10, 5000, 70_000, 300 * KiB, KiB * KiB].entries()) {
      const data = i % 2 === 0 ? compressibleText(size, 300, i + 1) : pseudoRandomBytes(size, i + 1);
      messages.push(i % 2 === 0 ? data.toString() : data);
      frames.push(...compressedFrames(i % 2 === 0 ? 'text' : 'binary', await connection.deflate.compress(data), i > 2 ? 20_000 : undefined));
    }
    await connection.write(Buffer.concat(frames), { every: 37 * KiB });
    await waitForCount(client.messages, messages.length, 'messages');
    expectMessages(client.messages, messages);
  });
});

describe('ws:// through an https: proxy', () => {
  it('reads the TLS connection to an https: proxy at an IP into the shared buffer (it carries the frames), sends no SNI for the IP, and keeps every message whole', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    cleanup.push(async () => void process.off('warning', onWarning));
    const proxy = await startConnectProxy({ tls: certificate });
    cleanup.push(() => proxy.stop());
    const peer = await startRawPeer();
    cleanup.push(() => peer.stop());
    const ws = new WebSocket(peer.url, undefined, { proxy: proxy.url, tls: { ca: certificate.cert } });
    ws.binaryType = 'nodebuffer';
    cleanup.push(async () => ws.terminate());
    const client = keepMessages(ws);
    const connection = await peer.connection;
    await client.opened;
    expect(proxy.requests.map((request) => request.requestLine)).toEqual([`CONNECT 127.0.0.1:${new URL(peer.url).port} HTTP/1.1`]);
    const dial = dialledTls.at(-1)!;
    expect(dial.options.port).toBe(proxy.port);
    expect(readsIntoSharedBuffer(dial.socket)).toBe(true);
    // The proxy is an IP literal: no SNI for it (RFC 6066 §3), so no DEP0123 warning from Node.
    expect(dial.options.servername).toBeUndefined();
    expect(warnings.filter((warning) => warning.includes('ServerName'))).toEqual([]);
    const sent: Message[] = ['via https proxy', pseudoRandomBytes(600 * KiB, 8), mixedUtf8(3000).toString()];
    await connection.write(Buffer.concat(sent.map(frameOf)), { every: 50 * KiB });
    await waitForCount(client.messages, sent.length, 'messages');
    expectMessages(client.messages, sent);
  });
});

describe('an https: proxy at an IP', () => {
  async function startSecureProxy(cert: TestCertificate = certificate) {
    const proxy = await startConnectProxy({ tls: cert });
    cleanup.push(() => proxy.stop());
    return proxy;
  }

  it("verifies the proxy's certificate against its IP even when the tls option names the target's host", async () => {
    const proxy = await startSecureProxy();
    const peer = await startRawPeer();
    cleanup.push(() => peer.stop());
    // `servername` in the tls option is for the target (here a ws: one, so unused): it must not
    // become the proxy's SNI nor the name its certificate is checked against.
    const ws = new WebSocket(peer.url, undefined, { proxy: proxy.url, tls: { ca: certificate.cert, servername: 'other.test' } });
    cleanup.push(async () => ws.terminate());
    const client = keepMessages(ws);
    await client.opened;
    await peer.connection;
    expect(dialledTls.at(-1)!.options.servername).toBeUndefined();
  });

  it('refuses an https: proxy at an IP whose certificate does not name that IP', async () => {
    const named = createSelfSignedCertificate('localhost', 'DNS:localhost');
    const proxy = await startSecureProxy(named);
    const ws = new WebSocket('ws://127.0.0.1:9/', undefined, { proxy: proxy.url, tls: { ca: named.cert } });
    const closed = new Promise<{ code: number }>((resolve) => ws.addEventListener('close', (event) => resolve(event as unknown as { code: number })));
    const errors: unknown[] = [];
    ws.addEventListener('error', (event) => void errors.push((event as unknown as { error: unknown }).error));
    expect((await closed).code).toBe(1006);
    expect((errors[0] as { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(proxy.requests).toEqual([]);
  });

  it('gives neither TLS socket an onread for wss:// through an https: proxy (TLS inside TLS), and still receives every message', async () => {
    const proxy = await startSecureProxy();
    const peer = await startSecurePeer();
    const client = startClient(peer.url, { proxy: proxy.url });
    const connection = await peer.connection;
    await client.opened;
    const toProxy = dialledTls.at(-2)!;
    const toTarget = dialledTls.at(-1)!;
    expect([toProxy.options.port, toProxy.options.onread]).toEqual([proxy.port, undefined]);
    expect([toTarget.options.socket !== undefined, toTarget.options.onread]).toEqual([true, undefined]);
    const sent: Message[] = ['tls in tls', pseudoRandomBytes(400 * KiB, 4)];
    await connection.write(Buffer.concat(sent.map(frameOf)), { every: 30 * KiB });
    await waitForCount(client.messages, sent.length, 'messages');
    expectMessages(client.messages, sent);
  });
});

describe('wss:// through a proxy tunnel', () => {
  it('gives TLS over a tunnel no onread (Node would ignore it) and still receives every message', async () => {
    const proxy = await startConnectProxy();
    cleanup.push(() => proxy.stop());
    const peer = await startSecurePeer();
    const client = startClient(peer.url, { proxy: proxy.url });
    const connection = await peer.connection;
    await client.opened;
    const dial = dialledTls.at(-1)!;
    expect(dial.options.socket).toBeDefined();
    expect(dial.options.onread).toBeUndefined();
    expect(readsIntoSharedBuffer(dial.socket)).toBe(false);
    // Nor does the tunnel socket under it: TLS reads its handle itself.
    const tunnel = lastDialTo(proxy.port)!;
    expect(tunnel.options.onread).toBeUndefined();
    const data = pseudoRandomBytes(KiB * KiB, 3);
    await connection.write(Buffer.concat([text('hello'), binary(data)]), { every: 40 * KiB });
    await waitForCount(client.messages, 2, 'messages');
    expectMessages(client.messages, ['hello', data]);
  });
});
