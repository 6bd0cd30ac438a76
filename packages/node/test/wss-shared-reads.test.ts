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
import { startRawPeer, type PeerConnection } from './conformance/harness/raw-peer.js';
import { createSelfSignedCertificate, type TestCertificate } from './support/certificates.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { startConnectProxy } from './support/connect-proxy.js';
import { dialledTls } from './support/dial-recorder.js';

vi.mock('node:tls', async (importOriginal) => (await import('./support/dial-recorder.js')).recordingTls(importOriginal));

const cleanup = cleanupAfterEach();
const KiB = 1024;

let certificate: TestCertificate;
beforeAll(() => {
  certificate = createSelfSignedCertificate('127.0.0.1', 'IP:127.0.0.1');
});

type Message = string | Buffer;
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
  const messages: unknown[] = [];
  ws.addEventListener('message', (event) => void messages.push((event as MessageEvent).data));
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('close', () => reject(new Error('closed before open')), { once: true });
  });
  cleanup.push(async () => ws.terminate());
  return { ws, messages, opened };
}

async function waitForCount(list: unknown[], count: number, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (list.length < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} ${what}; got ${list.length}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function expectMessages(received: unknown[], expected: Message[]): void {
  expect(received).toHaveLength(expected.length);
  const mismatches = expected.flatMap((message, i) => {
    const got = received[i];
    if (typeof message === 'string') return got === message ? [] : [`#${i}: text of ${Buffer.byteLength(message)} bytes differs`];
    return Buffer.isBuffer(got) && got.equals(message) ? [] : [`#${i}: binary of ${message.length} bytes differs`];
  });
  expect(mismatches).toEqual([]);
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

  it('keeps a big message and the ones after it whole when the application pauses and resumes mid-payload', async () => {
    const peer = await startSecurePeer();
    const client = startClient(peer.url);
    const connection = await peer.connection;
    await client.opened;
    const data = pseudoRandomBytes(3 * KiB * KiB, 9);
    const wire = Buffer.concat([binary(data), text('next'), binary(pseudoRandomBytes(5, 1))]);
    await connection.write(wire.subarray(0, 600 * KiB));
    client.ws.pause();
    await connection.write(wire.subarray(600 * KiB), { every: 300 * KiB });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.messages).toHaveLength(0);
    client.ws.resume();
    await waitForCount(client.messages, 3, 'messages');
    expectMessages(client.messages, [data, 'next', pseudoRandomBytes(5, 1)]);
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
    const data = pseudoRandomBytes(KiB * KiB, 3);
    await connection.write(Buffer.concat([text('hello'), binary(data)]), { every: 40 * KiB });
    await waitForCount(client.messages, 2, 'messages');
    expectMessages(client.messages, ['hello', data]);
  });
});
