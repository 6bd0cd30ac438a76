/**
 * Every message arrives intact however sizes, kinds and bursts vary: a seeded soak through a real
 * socket and a `ws` echo server. The pools behind the fast paths (write slabs, frame memory of a
 * size class, the frame arena, the payloads' pool, shared reads, external ASCII strings) all hand
 * memory from one message to the next; a piece handed to two owners at once shows up here as a
 * message that changed after it was sent or after it arrived. The caller's bytes are scribbled
 * over right after each `send` returns, so a sender that kept them instead of copying fails too.
 */
import { describe, expect, it } from 'vitest';
import { connect, WebSocket } from '../src/index.js';
import type { MessageEvent } from '../src/index.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { createSelfSignedCertificate } from './support/certificates.js';
import { nextEvent, startEchoServer, startSecureEchoServer } from './support/servers.js';

const cleanup = cleanupAfterEach();

/** `SOAK_SEED_BASE=N` shifts every scenario's seed, to soak longer locally with fresh draws. */
const SEED_BASE = Number(process.env.SOAK_SEED_BASE ?? 0);

/** mulberry32: a small seeded generator, so a failure names the seed that reproduces it. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Lengths where the paths change: frame header sizes (125/126, 65 535/65 536), the 16 KiB slab
 * piece limit, Node's external-string apex (0xfbee9) and the external-slice start (512 KiB).
 */
const EDGE_LENGTHS = [0, 1, 125, 126, 127, 4096, 16_383, 16_384, 16_385, 65_535, 65_536, 65_537, 262_144, 524_287, 524_288, 0xfbee8, 0xfbee9, 0xfbeea, 1_048_576];

type Kind = 'ascii' | 'unicode' | 'buffer' | 'subarray' | 'arraybuffer';
const KINDS: Kind[] = ['ascii', 'unicode', 'buffer', 'subarray', 'arraybuffer'];

interface Planned {
  /** What the receiver must get: text as a string, binary as its bytes (a copy kept aside). */
  expected: string | Buffer;
  /** What is passed to `send`. */
  argument: string | ArrayBuffer | Uint8Array;
  /** Overwrites the caller's bytes once `send` has returned (nothing for text). */
  scribble: () => void;
}

/** A length log-uniform from 1 B to `maxBytes`, an edge length one time in five. */
function pickLength(random: () => number, maxBytes: number): number {
  if (random() < 0.2) {
    const edges = EDGE_LENGTHS.filter((length) => length <= maxBytes);
    return edges[Math.floor(random() * edges.length)];
  }
  return Math.floor(Math.exp(random() * Math.log(maxBytes)));
}

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  // Runs of one byte now and then, so deflate has something to compress as well as noise.
  let i = 0;
  while (i < length) {
    const run = Math.min(length - i, 1 + Math.floor(random() * 64));
    if (random() < 0.5) bytes.fill(Math.floor(random() * 256), i, i + run);
    else for (let j = i; j < i + run; j++) bytes[j] = Math.floor(random() * 256);
    i += run;
  }
  return bytes;
}

const UNICODE_PIECES = ['a', 'Z', ' ', '\u00e9', '\u00ff', '\u20ac', '\u6f22', '\ud834\udd1e', '{"k":1}'];

function randomText(random: () => number, length: number, ascii: boolean): string {
  const chars = ascii ? 'abcdefghijklmnopqrstuvwxyz0123456789 {}":,' : undefined;
  let text = '';
  const pieces: string[] = [];
  let size = 0;
  while (size < length) {
    const piece = chars !== undefined
      ? chars[Math.floor(random() * chars.length)].repeat(1 + Math.floor(random() * 32))
      : UNICODE_PIECES[Math.floor(random() * UNICODE_PIECES.length)];
    pieces.push(piece);
    size += piece.length;
  }
  text = pieces.join('');
  // Cut at a code-point boundary: never split a surrogate pair.
  let end = Math.min(length, text.length);
  if (end > 0 && end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end--;
  return text.slice(0, end);
}

function plan(random: () => number, maxBytes: number): Planned {
  const kind = KINDS[Math.floor(random() * KINDS.length)];
  const length = pickLength(random, maxBytes);
  if (kind === 'ascii' || kind === 'unicode') {
    const text = randomText(random, length, kind === 'ascii');
    return { expected: text, argument: text, scribble: () => undefined };
  }
  const bytes = randomBytes(random, length);
  const expected = Buffer.from(bytes);
  if (kind === 'buffer') return { expected, argument: bytes, scribble: () => void bytes.fill(0xee) };
  if (kind === 'arraybuffer') {
    const buffer = new ArrayBuffer(length);
    new Uint8Array(buffer).set(bytes);
    return { expected, argument: buffer, scribble: () => void new Uint8Array(buffer).fill(0xee) };
  }
  // A window onto a bigger buffer: only the window may be sent.
  const outer = new Uint8Array(length + 24).fill(0x55);
  const view = outer.subarray(7, 7 + length);
  view.set(bytes);
  return { expected, argument: view, scribble: () => void outer.fill(0xee) };
}

function mismatches(received: unknown[], planned: Planned[], seed: number): string[] {
  return planned.flatMap(({ expected }, i) => {
    const got = received[i];
    const where = `seed ${seed} (SOAK_SEED_BASE=${SEED_BASE}), message #${i}`;
    if (typeof expected === 'string') {
      if (got === expected) return [];
      return [`${where}: text of ${expected.length} chars arrived as ${typeof got === 'string' ? `${got.length} chars, different` : typeof got}`];
    }
    const bytes = got instanceof ArrayBuffer ? Buffer.from(got) : got instanceof Uint8Array ? Buffer.from(got.buffer, got.byteOffset, got.byteLength) : undefined;
    if (bytes !== undefined && bytes.equals(expected)) return [];
    return [`${where}: binary of ${expected.length} bytes arrived ${bytes === undefined ? `as ${typeof got}` : `as ${bytes.length} different bytes`}`];
  });
}

/**
 * Resolves once `received` holds `count` messages; rejects at once if the connection ended first
 * (a corrupted frame makes the server close it), or after 60 s, saying how many came.
 */
async function waitForEchoes(received: unknown[], count: number, ended: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (received.length < count) {
    const why = ended();
    if (why !== undefined) throw new Error(`the connection ended (${why}) after ${received.length} of ${count} echoes`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} echoes; got ${received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

interface Scenario {
  name: string;
  seed: number;
  count: number;
  maxBytes: number;
  deflate?: boolean;
  fragmentBytes?: number;
  binaryType?: 'nodebuffer' | 'arraybuffer';
  /** Over `wss:` (a `ws` echo server behind https, trusting its throwaway certificate). */
  tls?: boolean;
  /** The server echoes each message in 1–6 fragments cut at random bytes (text mid-character). */
  fragmentedEcho?: boolean;
}

/** A `ws` server echoing every message as fragments cut at bytes drawn from `seed`. */
async function startFragmentingEchoServer(seed: number): Promise<{ port: number; close: () => Promise<void> }> {
  const echo = await startEchoServer();
  const random = seededRandom(SEED_BASE + seed);
  echo.server.on('connection', (socket) => {
    socket.removeAllListeners('message');
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const pieces = 1 + Math.floor(random() * 6);
      const cuts = Array.from({ length: pieces - 1 }, () => Math.floor(random() * (data.length + 1))).sort((a, b) => a - b);
      const bounds = [0, ...cuts, data.length];
      for (let i = 0; i < pieces; i++) socket.send(data.subarray(bounds[i], bounds[i + 1]), { binary: isBinary, fin: i === pieces - 1 });
    });
  });
  return echo;
}

async function openSoakSocket(scenario: Scenario): Promise<WebSocket> {
  const options = {
    perMessageDeflate: scenario.deflate === true,
    ...(scenario.fragmentBytes !== undefined ? { fragmentBytes: scenario.fragmentBytes } : {}),
  };
  if (scenario.tls === true) {
    const certificate = createSelfSignedCertificate('127.0.0.1', 'IP:127.0.0.1');
    const echo = await startSecureEchoServer(certificate);
    cleanup.push(echo.close);
    return new WebSocket(`wss://127.0.0.1:${echo.port}/`, undefined, { ...options, tls: { ca: certificate.cert } });
  }
  const echo = scenario.fragmentedEcho === true
    ? await startFragmentingEchoServer(scenario.seed)
    : await startEchoServer(scenario.deflate === true ? { perMessageDeflate: true } : {});
  cleanup.push(echo.close);
  return new WebSocket(`ws://127.0.0.1:${echo.port}/`, undefined, options);
}

/** Sends in bursts of 1–12 messages in one tick, waiting for some echoes between bursts. */
async function soakWebSocket(scenario: Scenario): Promise<void> {
  const ws = await openSoakSocket(scenario);
  ws.binaryType = scenario.binaryType ?? 'nodebuffer';
  cleanup.unshift(async () => ws.terminate());
  const received: unknown[] = [];
  ws.onmessage = (event: MessageEvent) => void received.push(event.data);
  let ended: string | undefined;
  ws.onclose = (event) => void (ended = `close ${event.code} ${event.reason}`);
  await nextEvent(ws, 'open');
  const random = seededRandom(SEED_BASE + scenario.seed);
  const planned: Planned[] = [];
  while (planned.length < scenario.count) {
    const burst = 1 + Math.floor(random() * 12);
    for (let i = 0; i < burst && planned.length < scenario.count; i++) {
      const message = plan(random, scenario.maxBytes);
      planned.push(message);
      ws.send(message.argument);
      message.scribble();
    }
    if (random() < 0.5) await waitForEchoes(received, planned.length - Math.floor(random() * burst), () => ended);
  }
  await waitForEchoes(received, planned.length, () => ended);
  expect(mismatches(received, planned, scenario.seed)).toEqual([]);
}

/**
 * `connect()` read with `for await` by a consumer that stalls now and then, with a small
 * high-water mark: reading pauses in the middle of reads again and again, and the rest of each
 * read waits in the decoder until the consumer catches up.
 */
async function soakForAwait(port: number, seed: number, deflate: boolean): Promise<void> {
  const socket = connect(`ws://127.0.0.1:${port}/`, {
    reconnect: false, heartbeat: false, perMessageDeflate: deflate, iteration: { highWaterMark: 8, lowWaterMark: 2 },
  });
  cleanup.unshift(async () => void (await socket.close()));
  const random = seededRandom(SEED_BASE + seed);
  const received: unknown[] = [];
  let ended: string | undefined;
  socket.on('close', (event) => void (ended = `close ${event.code} ${event.reason}`));
  const consumed = (async () => {
    for await (const data of socket) {
      received.push(data);
      if (random() < 0.05) await new Promise((resolve) => setTimeout(resolve, random() * 3));
      else if (random() < 0.2) await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await socket.opened;
  const planned: Planned[] = [];
  while (planned.length < 300) {
    const burst = 1 + Math.floor(random() * 12);
    for (let i = 0; i < burst && planned.length < 300; i++) {
      const message = plan(random, 512 * 1024);
      planned.push(message);
      socket.send(message.argument);
      message.scribble();
    }
    if (random() < 0.3) await waitForEchoes(received, planned.length - burst, () => ended);
  }
  await waitForEchoes(received, planned.length, () => ended);
  expect(mismatches(received, planned, seed)).toEqual([]);
  await socket.close();
  await consumed;
}

describe('messages arrive intact through the pooled send and receive paths (seeded soak against a ws echo server)', () => {
  const scenarios: Scenario[] = [
    { name: 'messages of 1 B to 2 MiB, Buffers', seed: 1, count: 300, maxBytes: 2 * 1024 * 1024 },
    { name: 'messages of 1 B to 2 MiB, ArrayBuffers', seed: 2, count: 300, maxBytes: 2 * 1024 * 1024, binaryType: 'arraybuffer' },
    { name: 'messages of 1 B to 300 KiB, many per burst', seed: 3, count: 1500, maxBytes: 300 * 1024 },
    { name: 'messages of 1 B to 1 MiB sent in 7 000-byte fragments', seed: 4, count: 200, maxBytes: 1024 * 1024, fragmentBytes: 7000 },
    { name: 'messages of 1 B to 1 MiB with permessage-deflate', seed: 5, count: 200, maxBytes: 1024 * 1024, deflate: true },
    { name: 'messages of 1 B to 1 MiB with permessage-deflate, ArrayBuffers', seed: 6, count: 200, maxBytes: 1024 * 1024, deflate: true, binaryType: 'arraybuffer' },
    { name: 'messages of 1 B to 1 MiB echoed in fragments cut at random bytes', seed: 9, count: 300, maxBytes: 1024 * 1024, fragmentedEcho: true },
    { name: 'messages of 1 B to 1 MiB echoed in fragments cut at random bytes, ArrayBuffers', seed: 10, count: 300, maxBytes: 1024 * 1024, fragmentedEcho: true, binaryType: 'arraybuffer' },
    { name: 'messages of 1 B to 2 MiB over wss:', seed: 8, count: 300, maxBytes: 2 * 1024 * 1024, tls: true },
  ];
  for (const scenario of scenarios) {
    it(`keeps every byte of ${scenario.name}`, () => soakWebSocket(scenario), 120_000);
  }

  for (const deflate of [false, true]) {
    it(`keeps every byte of messages read with for await on three connections whose consumers keep falling behind${deflate ? ', with permessage-deflate' : ''}`, async () => {
      const echo = await startEchoServer(deflate ? { perMessageDeflate: true } : {});
      cleanup.push(echo.close);
      // Three at once: the memory a paused read's rest is held in is shared by the process.
      await Promise.all([0, 1, 2].map((i) => soakForAwait(echo.port, (deflate ? 20 : 10) + i, deflate)));
    }, 120_000);
  }

  it('keeps every byte of messages sent through connect() before it opens and after, caller buffers scribbled over', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    const socket = connect(`ws://127.0.0.1:${echo.port}/`, { reconnect: false });
    cleanup.unshift(async () => void (await socket.close()));
    const received: unknown[] = [];
    socket.on('message', (data) => void received.push(data));
    let ended: string | undefined;
    socket.on('close', (event) => void (ended = `close ${event.code} ${event.reason}`));
    const random = seededRandom(SEED_BASE + 7);
    const planned: Planned[] = [];
    // The first burst is queued before the connection opens.
    for (let i = 0; i < 40; i++) {
      const message = plan(random, 512 * 1024);
      planned.push(message);
      socket.send(message.argument);
      message.scribble();
    }
    await socket.opened;
    while (planned.length < 400) {
      const message = plan(random, 512 * 1024);
      planned.push(message);
      socket.send(message.argument);
      message.scribble();
      if (random() < 0.1) await waitForEchoes(received, planned.length - 3, () => ended);
    }
    await waitForEchoes(received, planned.length, () => ended);
    expect(mismatches(received, planned, 7)).toEqual([]);
  }, 120_000);
});
