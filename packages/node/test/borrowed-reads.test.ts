// Plain ws:// sockets read into ONE process-wide buffer (`net.connect({ onread })`), reused for
// every read of every connection: whatever a listener keeps must survive the next reads.
import { describe, expect, it, vi } from 'vitest';
import { ClientProtocol, ProtocolDriver } from '@weft/core';
import type { Socket } from 'node:net';
import { borrowedReadOptions, DIRECT_READ_MIN_BYTES, readsIntoSharedBuffer, setBorrowedReader, SHARED_READ_BYTES } from '../src/borrowed-reads.js';
import { WebSocket } from '../src/index.js';
import { nodePlatform } from '../src/node-platform.js';
import { allocatePayload, PAYLOAD_SLAB_BYTES, SLAB_PIECE_MAX_BYTES } from '../src/payload-slab.js';
import { binary, fragment, mixedUtf8, Op, ping, pseudoRandomBytes, text } from './conformance/harness/frame-builder.js';
import type { DeflateAgreement } from './conformance/harness/peer-deflate.js';
import { startRawPeer, type PeerConnection } from './conformance/harness/raw-peer.js';
import { compressedFrames, compressibleText } from './conformance/harness/send-compressed.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { startConnectProxy } from './support/connect-proxy.js';
import { dialled, lastDialTo } from './support/dial-recorder.js';
import { expectMessages, keepMessages, waitForCount, type SentMessage as Message } from './support/received-messages.js';
import { withUncaughtCaptured } from './support/uncaught.js';

vi.mock('node:net', async (importOriginal) => (await import('./support/dial-recorder.js')).recordingNet(importOriginal));

const cleanup = cleanupAfterEach();

const KiB = 1024;
const SIZES = [0, 1, 125, KiB, 4 * KiB + 1, 64 * KiB, 300 * KiB, KiB * KiB];

/** Deterministic random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A text and a binary message of every size, in random order. */
function messagesOfEverySize(next: () => number, seed: number): Message[] {
  return shuffle(SIZES.flatMap((size) => [mixedUtf8(size).toString(), pseudoRandomBytes(size, seed + size)]), next);
}

const frameOf = (message: Message): Buffer => (typeof message === 'string' ? text(message) : binary(message));

/** `count` random cut points inside `length` bytes, ascending (as the peer's writeSplit expects). */
const cutsIn = (length: number, count: number, next: () => number) =>
  Array.from({ length: count }, () => Math.floor(next() * length)).sort((a, b) => a - b);

/** A client that keeps every message and ping payload it is given. */
function startClient(url: string, binaryType: 'nodebuffer' | 'arraybuffer' = 'nodebuffer', perMessageDeflate = false) {
  const ws = new WebSocket(url, undefined, { perMessageDeflate });
  ws.binaryType = binaryType;
  const pings: Buffer[] = [];
  ws.addEventListener('ping', (event) => void pings.push((event as MessageEvent).data as Buffer));
  cleanup.push(async () => ws.terminate());
  return { ws, pings, ...keepMessages(ws) };
}

async function startPeer(afterResponse?: Buffer, deflate?: DeflateAgreement): Promise<{ url: string; connection: Promise<PeerConnection> }> {
  const peer = await startRawPeer({ ...(afterResponse === undefined ? {} : { afterResponse }), ...(deflate === undefined ? {} : { deflate }) });
  cleanup.push(() => peer.stop());
  return peer;
}

describe('ws:// reads into the shared read buffer', () => {
  it('dials a plain ws:// socket that reads into the shared buffer, and hands out messages that are not views of it', async () => {
    const peer = await startPeer();
    const client = startClient(peer.url);
    const shared = borrowedReadOptions().buffer() as Buffer;
    const seenInShared: boolean[] = [];
    const marker = pseudoRandomBytes(48, 0xbeef);
    client.ws.addEventListener('message', (event) => void seenInShared.push(shared.includes(marker) && (event as MessageEvent).data.buffer !== shared.buffer));
    const connection = await peer.connection;
    await client.opened;
    const socket = dialled.at(-1)!;
    expect(readsIntoSharedBuffer(socket.socket)).toBe(true);
    expect((socket.options.onread?.buffer as () => Uint8Array)()).toBe(shared);
    expect(shared.length).toBe(SHARED_READ_BYTES);
    await connection.write(binary(marker));
    await waitForCount(client.messages, 1, 'messages');
    // While the message was dispatched, its read lay in the shared buffer; the message is a copy.
    expect(seenInShared).toEqual([true]);
    expect((client.messages[0] as Buffer).equals(marker)).toBe(true);
  });

  it.each([['nodebuffer', 11], ['arraybuffer', 12]] as const)(
    'keeps every message byte-exact (binaryType %s) when the 101 and frames share a write and the rest arrives in random splits',
    async (binaryType, seed) => {
      const next = random(seed);
      const first: Message[] = ['hello', pseudoRandomBytes(3, 1), mixedUtf8(200).toString()];
      const peer = await startPeer(Buffer.concat(first.map(frameOf)));
      const client = startClient(peer.url, binaryType);
      const connection = await peer.connection;
      const rest = messagesOfEverySize(next, seed);
      const wire = Buffer.concat(rest.map(frameOf));
      await connection.write(wire, { at: cutsIn(wire.length, 60, next) });
      await waitForCount(client.messages, first.length + rest.length, 'messages');
      expectMessages(client.messages, [...first, ...rest], binaryType);
    },
  );

  it('decodes big texts that arrive over many reads right, whether all ASCII or with one other character at the start, middle or end', async () => {
    // Validated while they arrive; the decode then reads an all-ASCII text as Latin-1 without
    // scanning it again, which one misjudged character would turn into mojibake.
    const ascii = 'The quick brown fox. '.repeat(30_000);
    const texts = [ascii, `é${ascii}`, `${ascii.slice(0, 300_000)}€${ascii.slice(300_000)}`, `${ascii}😀`, `${ascii}é`.slice(-(70 * KiB))];
    const peer = await startPeer();
    const client = startClient(peer.url);
    const connection = await peer.connection;
    const wire = Buffer.concat(texts.map((t) => text(t)));
    await connection.write(wire, { at: cutsIn(wire.length, 40, random(21)) });
    await waitForCount(client.messages, texts.length, 'messages');
    expect(client.messages.map((message, i) => message === texts[i])).toEqual(texts.map(() => true));
  });

  it('asks the protocol for exact copies while binaryType is arraybuffer, and gives Buffers views of one shared window', async () => {
    const exactly = vi.spyOn(ClientProtocol.prototype, 'copyPayloadsExactly');
    cleanup.push(async () => exactly.mockRestore());
    const peer = await startPeer();
    const client = startClient(peer.url, 'arraybuffer');
    const connection = await peer.connection;
    await client.opened;
    expect(exactly.mock.lastCall).toEqual([true]);
    client.ws.binaryType = 'nodebuffer';
    expect(exactly.mock.lastCall).toEqual([false]);
    await connection.write(Buffer.concat([binary(Buffer.of(1, 2)), binary(Buffer.of(3))]));
    await waitForCount(client.messages, 2, 'messages');
    const [first, second] = client.messages as Buffer[];
    // Two messages of one read: views of one window copy, not of the read buffer.
    expect(first.buffer).toBe(second.buffer);
    expect(first.buffer).not.toBe(borrowedReadOptions().buffer().buffer);
    client.ws.binaryType = 'arraybuffer';
    expect(exactly.mock.lastCall).toEqual([true]);
    await connection.write(Buffer.concat([binary(Buffer.of(4, 5, 6)), binary(Buffer.of(7))]));
    await waitForCount(client.messages, 4, 'messages');
    expect(client.messages.slice(2).map((data) => [...new Uint8Array(data as ArrayBuffer)])).toEqual([[4, 5, 6], [7]]);
  });

  it('keeps the messages of two connections apart while both receive at once', async () => {
    const next = random(21);
    const peers = await Promise.all([startPeer(), startPeer()]);
    const clients = peers.map((peer) => startClient(peer.url));
    const connections = await Promise.all(peers.map((peer) => peer.connection));
    await Promise.all(clients.map((client) => client.opened));
    const scripts = connections.map((_, c) => messagesOfEverySize(next, 100 * (c + 1)));
    await Promise.all(connections.map((connection, c) => {
      const wire = Buffer.concat(scripts[c]!.map(frameOf));
      return connection.write(wire, { at: cutsIn(wire.length, 40, next) });
    }));
    await Promise.all(clients.map((client, c) => waitForCount(client.messages, scripts[c]!.length, 'messages')));
    clients.forEach((client, c) => expectMessages(client.messages, scripts[c]!, 'nodebuffer'));
  });

  it('joins fragmented messages whose fragments span reads, with pings between fragments', async () => {
    const next = random(31);
    const peer = await startPeer();
    const client = startClient(peer.url);
    const connection = await peer.connection;
    const bigText = mixedUtf8(300 * KiB);
    const bigBinary = pseudoRandomBytes(KiB * KiB, 5);
    const smallText = mixedUtf8(500);
    const midBinary = pseudoRandomBytes(6000, 6);
    const withPing = (frames: Buffer[], payload: string) => [frames[0]!, ping(payload), ...frames.slice(1)];
    const wire = Buffer.concat([
      ...withPing(fragment(Op.Text, bigText, 70_001), 'between text'),
      ...withPing(fragment(Op.Binary, bigBinary, 100_003), 'between binary'),
      ...fragment(Op.Text, smallText, 10),
      ...fragment(Op.Binary, midBinary, 1500),
    ]);
    await connection.write(wire, { at: cutsIn(wire.length, 50, next) });
    await waitForCount(client.messages, 4, 'messages');
    expectMessages(client.messages, [bigText.toString(), bigBinary, smallText.toString(), midBinary], 'nodebuffer');
    expect(client.pings.map((p) => p.toString())).toEqual(['between text', 'between binary']);
  });

  it('keeps the ping payloads a ping listener was given, and answers each with the same bytes', async () => {
    const next = random(41);
    const peer = await startPeer();
    const client = startClient(peer.url);
    const connection = await peer.connection;
    const payloads = Array.from({ length: 30 }, (_, i) => pseudoRandomBytes(Math.floor(next() * 126), 1000 + i));
    const filler = Array.from({ length: 30 }, (_, i) => pseudoRandomBytes(Math.floor(next() * 5000), 2000 + i));
    const wire = Buffer.concat(payloads.flatMap((payload, i) => [ping(payload), binary(filler[i]!)]));
    await connection.write(wire, { at: cutsIn(wire.length, 40, next) });
    await waitForCount(client.messages, filler.length, 'messages');
    await connection.waitForCount(payloads.length);
    expect(client.pings.map((p, i) => p.equals(payloads[i]!))).toEqual(payloads.map(() => true));
    const pongs = connection.events.flatMap((e) => (e.type === 'pong' ? [e.data] : []));
    expect(pongs.map((data, i) => data.equals(payloads[i]!))).toEqual(payloads.map(() => true));
  });
});

/** The buffer the socket will read into next (the `onread.buffer` function Node calls after each read). */
const nextReadBuffer = (socket: (typeof dialled)[number]) => (socket.options.onread?.buffer as () => Uint8Array)();

/** Resolves once `condition` holds; rejects after `timeoutMs` naming `what`. */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * An opened client over the raw peer, with its dialled socket and the shared read buffer;
 * `armTarget(wire, bytes)` writes the first `bytes` of `wire` and resolves with the read target
 * they leave for the rest of the payload.
 */
async function openDirectReader(binaryType: 'nodebuffer' | 'arraybuffer' = 'nodebuffer') {
  const peer = await startPeer();
  const client = startClient(peer.url, binaryType);
  const connection = await peer.connection;
  await client.opened;
  const socket = dialled.at(-1)!;
  const shared = borrowedReadOptions().buffer();
  const armTarget = async (wire: Buffer, bytes: number): Promise<Uint8Array> => {
    await connection.write(wire.subarray(0, bytes));
    await waitUntil(() => nextReadBuffer(socket) !== shared, 'the read target');
    return nextReadBuffer(socket);
  };
  return { client, connection, socket, shared, armTarget };
}

describe('ws:// reads straight into a big payload', () => {
  it.each([['binary', 1], ['text', 2]] as const)(
    'reads the missing part of a big %s payload straight into its own buffer, then the shared buffer again',
    async (kind, seed) => {
      const receive = vi.spyOn(ProtocolDriver.prototype, 'receive');
      cleanup.push(async () => receive.mockRestore());
      const { client, connection, socket, shared, armTarget } = await openDirectReader();
      const data = kind === 'binary' ? pseudoRandomBytes(2 * KiB * KiB, seed) : mixedUtf8(2 * KiB * KiB);
      const wire = frameOf(kind === 'binary' ? data : data.toString());
      // The header and the first 100 KiB: the rest is far more than a shared read.
      const target = await armTarget(wire, 100 * KiB);
      expect(target.length).toBe(wire.length - 100 * KiB);
      await connection.write(wire.subarray(100 * KiB), { every: 256 * KiB });
      await waitForCount(client.messages, 1, 'messages');
      expectMessages(client.messages, [kind === 'binary' ? data : data.toString()], 'nodebuffer');
      // Reads were fed as views of the target, starting where it starts: the bytes are right, and
      // core does not copy bytes that already lie in place, so the kernel wrote them there.
      const fedInPlace = receive.mock.calls.filter(([bytes]) => bytes.buffer === target.buffer);
      expect(fedInPlace.length).toBeGreaterThan(0);
      expect(fedInPlace[0]![0].byteOffset).toBe(target.byteOffset);
      // The delivered binary message is the buffer the kernel wrote into, not a copy of it.
      if (kind === 'binary') expect((client.messages[0] as Buffer).buffer).toBe(target.buffer);
      expect(nextReadBuffer(socket)).toBe(shared);
    },
  );

  it('reads a rest shorter than a shared read through the shared buffer, with the frames after it', async () => {
    const { client, connection, socket, shared } = await openDirectReader();
    const data = pseudoRandomBytes(DIRECT_READ_MIN_BYTES + 10 * KiB, 3);
    const wire = binary(data);
    // Missing: DIRECT_READ_MIN_BYTES - 1 payload bytes.
    const cut = wire.length - DIRECT_READ_MIN_BYTES + 1;
    await connection.write(wire.subarray(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(nextReadBuffer(socket)).toBe(shared);
    await connection.write(Buffer.concat([wire.subarray(cut), binary('after')]));
    await waitForCount(client.messages, 2, 'messages');
    expectMessages(client.messages, [data, Buffer.from('after')], 'nodebuffer');
  });

  it('keeps a big message whole when the application pauses while its payload is read into its own buffer', async () => {
    const { client, connection, armTarget } = await openDirectReader();
    const data = pseudoRandomBytes(3 * KiB * KiB, 4);
    const wire = Buffer.concat([binary(data), binary('next')]);
    await armTarget(wire, 50 * KiB);
    client.ws.pause();
    await connection.write(wire.subarray(50 * KiB), { every: 300 * KiB });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.messages).toHaveLength(0);
    client.ws.resume();
    await waitForCount(client.messages, 2, 'messages');
    expectMessages(client.messages, [data, Buffer.from('next')], 'nodebuffer');
  });

  it('keeps a big message whole when Node reads into its buffer while the application has paused', async () => {
    const { client, connection, socket, armTarget } = await openDirectReader();
    const data = pseudoRandomBytes(4 * KiB * KiB, 11);
    const wire = Buffer.concat([binary(data), binary('after')]);
    await armTarget(wire, 100 * KiB);
    client.ws.pause();
    // What Node's readable side may do on a paused socket: start the handle reading. That read
    // lands in the payload's buffer and is queued as a copy; no later read may land there before
    // the copy is fed, or the bytes would be fed out of order.
    socket.socket.read(0);
    await connection.write(wire.subarray(100 * KiB, 2 * KiB * KiB), { every: 300 * KiB });
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.ws.resume();
    await connection.write(wire.subarray(2 * KiB * KiB), { every: 300 * KiB });
    await waitForCount(client.messages, 2, 'messages');
    expectMessages(client.messages, [data, Buffer.from('after')], 'nodebuffer');
  });

  it.each(['nodebuffer', 'arraybuffer'] as const)(
    'receives the next message after the application transferred a big %s message that was read straight into its buffer',
    async (binaryType) => {
      const { client, connection, armTarget } = await openDirectReader(binaryType);
      const closes: number[] = [];
      client.ws.addEventListener('close', (event) => void closes.push((event as unknown as { code: number }).code));
      client.ws.addEventListener('message', (event) => {
        const data = (event as MessageEvent).data as Buffer | ArrayBuffer;
        const memory = data instanceof ArrayBuffer ? data : data.buffer;
        // Moved to a worker, say: every view of that memory, the decoder's included, reads as empty.
        if (data.byteLength > 1000) structuredClone(memory, { transfer: [memory as ArrayBuffer] });
      });
      const wire = binary(pseudoRandomBytes(KiB * KiB, 12));
      await armTarget(wire, 100 * KiB);
      await connection.write(wire.subarray(100 * KiB));
      await waitForCount(client.messages, 1, 'messages');
      await connection.write(binary('after'));
      await waitForCount(client.messages, 2, 'messages');
      expect([(client.messages[1] as Buffer | ArrayBuffer).byteLength, closes]).toEqual([5, []]);
    },
  );

  it('pushes a copy of a read that arrives before the reader is set or while paused, never a view of the read buffer', () => {
    const options = borrowedReadOptions();
    const pushed: Buffer[] = [];
    const fake = { readableFlowing: false, readableLength: 0, destroyed: false, push: (chunk: Buffer) => pushed.push(chunk) > 0 } as unknown as Socket;
    for (const buffer of [options.buffer(), new Uint8Array(DIRECT_READ_MIN_BYTES)]) {
      buffer.set([1, 2, 3]);
      options.callback.call(fake, 3, buffer);
      buffer.fill(9, 0, 3);
    }
    expect(pushed.map((chunk) => [...chunk])).toEqual([[1, 2, 3], [1, 2, 3]]);
  });

  it('destroys the socket when processing a read that landed in a payload buffer throws, and names the shared buffer for any later read', async () => {
    await withUncaughtCaptured(async (reported) => {
      const options = borrowedReadOptions();
      const shared = options.buffer();
      const destroyed: boolean[] = [];
      const fake = { readableFlowing: true, readableLength: 0, destroyed: false, destroy: () => void destroyed.push(true) } as unknown as Socket;
      const target = new Uint8Array(DIRECT_READ_MIN_BYTES);
      let throwNext = false;
      setBorrowedReader(fake, () => {
        if (throwNext) throw new Error('listener bug');
      }, () => target);
      // A read that goes well aims the next one at the payload.
      expect(options.callback.call(fake, 10, shared)).toBe(true);
      expect(options.buffer()).toBe(target);
      throwNext = true;
      // Node asks for a buffer again only after a normal return (and TLS keeps copying the rest of
      // a record into the current one): the callback returns, and the next buffer is the shared one.
      expect(options.callback.call(fake, 10, target)).toBe(false);
      expect(destroyed).toEqual([true]);
      expect(options.buffer()).toBe(shared);
      // In the shared buffer the socket is not destroyed: the read is over, reading goes on.
      expect(options.callback.call(fake, 10, shared)).toBe(true);
      expect(destroyed).toEqual([true]);
      // Both errors surface as uncaught exceptions once the reads are over.
      expect(reported).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported.map((error) => (error as Error).message)).toEqual(['listener bug', 'listener bug']);
    });
  });
});

describe('ws:// reads into the shared read buffer, continued', () => {
  it('reads a ws:// tunnel through an HTTP CONNECT proxy into the shared buffer, and keeps every message whole', async () => {
    const proxy = await startConnectProxy();
    cleanup.push(() => proxy.stop());
    const peer = await startPeer();
    const ws = new WebSocket(peer.url, undefined, { proxy: proxy.url });
    ws.binaryType = 'nodebuffer';
    cleanup.push(async () => ws.terminate());
    const client = keepMessages(ws);
    const connection = await peer.connection;
    await client.opened;
    const tunnel = lastDialTo(proxy.port)!;
    expect(tunnel.options.onread).toBeDefined();
    expect(readsIntoSharedBuffer(tunnel.socket)).toBe(true);
    const sent: Message[] = ['through the proxy', pseudoRandomBytes(3, 1), pseudoRandomBytes(700 * KiB, 2), mixedUtf8(5000).toString()];
    await connection.write(Buffer.concat(sent.map(frameOf)), { every: 100 * KiB });
    await waitForCount(client.messages, sent.length, 'messages');
    expectMessages(client.messages, sent);
  });

  it('keeps compressed messages (context takeover, some fragmented) byte-exact across reads', async () => {
    const next = random(61);
    const peer = await startPeer(undefined, {});
    const client = startClient(peer.url, 'nodebuffer', true);
    const connection = await peer.connection;
    await client.opened;
    const messages: Message[] = [];
    const frames: Buffer[] = [];
    for (const [i, size] of [10, 5000, 70_000, 300 * KiB, 5000, KiB * KiB].entries()) {
      const data = i % 2 === 0 ? compressibleText(size, 300, i + 1) : pseudoRandomBytes(size, i + 1);
      messages.push(i % 2 === 0 ? data.toString() : data);
      frames.push(...compressedFrames(i % 2 === 0 ? 'text' : 'binary', await connection.deflate.compress(data), i > 2 ? 20_000 : undefined));
    }
    const wire = Buffer.concat(frames);
    await connection.write(wire, { at: cutsIn(wire.length, 40, next) });
    await waitForCount(client.messages, messages.length, 'messages');
    expectMessages(client.messages, messages, 'nodebuffer');
  });

  it('keeps every message when the application pauses and resumes reading between messages', async () => {
    const next = random(71);
    const peer = await startPeer();
    const client = startClient(peer.url);
    client.ws.addEventListener('message', () => {
      if (client.messages.length % 3 !== 0) return;
      client.ws.pause();
      setTimeout(() => client.ws.resume(), 2);
    });
    const connection = await peer.connection;
    const script = [...messagesOfEverySize(next, 700), ...messagesOfEverySize(next, 800)];
    const wire = Buffer.concat(script.map(frameOf));
    await connection.write(wire, { at: cutsIn(wire.length, 40, next) });
    await waitForCount(client.messages, script.length, 'messages');
    expectMessages(client.messages, script, 'nodebuffer');
  });
});

describe('payload buffers and text decoding on Node', () => {
  it('carves small payloads from slabs without overlap, 8-byte aligned; larger ones get a buffer of their own', () => {
    const next = random(51);
    const pieces = Array.from({ length: 400 }, () => allocatePayload(Math.floor(next() * (SLAB_PIECE_MAX_BYTES + 1))));
    pieces.forEach((piece, i) => piece.fill(i & 0xff));
    for (const [i, piece] of pieces.entries()) {
      expect(piece.byteOffset % 8).toBe(0);
      expect(piece.buffer.byteLength).toBe(PAYLOAD_SLAB_BYTES);
      expect(piece.every((byte) => byte === (i & 0xff))).toBe(true);
    }
    const bySlab = new Map<ArrayBufferLike, Buffer[]>();
    for (const piece of pieces) bySlab.set(piece.buffer, [...(bySlab.get(piece.buffer) ?? []), piece]);
    for (const slab of bySlab.values()) {
      const sorted = slab.filter((p) => p.length > 0).sort((a, b) => a.byteOffset - b.byteOffset);
      sorted.slice(1).forEach((piece, k) => expect(piece.byteOffset).toBeGreaterThanOrEqual(sorted[k]!.byteOffset + sorted[k]!.length));
    }
    for (const length of [SLAB_PIECE_MAX_BYTES + 1, 64 * KiB, 300 * KiB]) {
      const own = allocatePayload(length);
      // Never a slab piece (Node 24 may round an unpooled Buffer's ArrayBuffer up: only its start is asserted).
      expect([own.length, own.byteOffset, bySlab.has(own.buffer)]).toEqual([length, 0, false]);
    }
  });

  it('gives an empty payload an empty buffer of its own, so keeping it pins no slab', () => {
    const empty = allocatePayload(0);
    expect([Buffer.isBuffer(empty), empty.length, empty.buffer.byteLength]).toEqual([true, 0, 0]);
    expect(allocatePayload(0).buffer === empty.buffer).toBe(false);
  });

  it('decodes UTF-8 from a plain Uint8Array that is a window of a bigger buffer', () => {
    const sample = 'aé€𝄞 κόσμε — ✓';
    const encoded = new TextEncoder().encode(sample);
    const backing = new Uint8Array(encoded.length + 20).fill(0x41);
    backing.set(encoded, 7);
    const view = backing.subarray(7, 7 + encoded.length);
    expect(nodePlatform.decodeUtf8!(view)).toBe(sample);
    expect(nodePlatform.decodeUtf8!(view.subarray(1, 3))).toBe('é');
    expect(nodePlatform.decodeUtf8!(Buffer.from(sample))).toBe(sample);
    expect(nodePlatform.decodeUtf8!(new Uint8Array(0))).toBe('');
  });
});
