import { randomFillSync } from 'node:crypto';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { PerMessageDeflate, type PerMessageExtension } from '../../src/extensions/index.js';
import { MIN_AVERAGE_FRAGMENT_BYTES } from '../../src/protocol/incoming-message.js';
import { ClientProtocol, type ProtocolEvent } from '../../src/protocol/index.js';
import { zlibCodec } from '../extensions/zlib-codec.js';
import { readClientFrames } from './client-frames.js';
import { mutateStream } from './mutate.js';
import { chunkRandomly, type Prng } from './prng.js';
import { modelServerStream, type ModelEvent, type ModelOptions } from './protocol-model.js';
import { generateServerStream } from './server-stream.js';

/** One input of the protocol target: bytes, how they are cut, limits, and whether EOF follows. */
export interface ProtocolCase {
  bytes: Uint8Array;
  chunkSizes: number[];
  eof: boolean;
  deflate: boolean;
  maxFrameBytes: number;
  maxMessageBytes: number;
  maxFragments: number;
}

const TAIL = Uint8Array.of(0x00, 0x00, 0xff, 0xff);

/** RFC 7692 §7.2.1 compression as a server would do it (sync flush, tail removed). */
export function compressMessage(payload: Uint8Array): Uint8Array {
  const out = deflateRawSync(payload, { finishFlush: constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
}

/** Independent inflate for the model: 1009 past the limit, 1007 on corrupt data. */
function inflateForModel(payload: Uint8Array, maxBytes: number): Uint8Array | 1007 | 1009 {
  const data = new Uint8Array(payload.length + 4);
  data.set(payload);
  data.set(TAIL, payload.length);
  try {
    const out = inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, maxBytes) });
    return out.length > maxBytes ? 1009 : out;
  } catch (error) {
    return error instanceof RangeError ? 1009 : 1007;
  }
}

/**
 * The model's options for a case. Two bounds are Weft's documented choices rather than RFC
 * rules, so they are read from the code under test: the encoded bound of a compressed message
 * and the average fragment size required past maxFragments.
 */
export function modelOptionsFor(c: Pick<ProtocolCase, 'maxFrameBytes' | 'maxMessageBytes' | 'maxFragments' | 'deflate'>,
  extension: PerMessageExtension | undefined): ModelOptions {
  return {
    maxFrameBytes: c.maxFrameBytes, maxMessageBytes: c.maxMessageBytes, maxFragments: c.maxFragments,
    minAverageFragmentBytes: MIN_AVERAGE_FRAGMENT_BYTES,
    ...(c.deflate ? { inflate: inflateForModel, maxEncodedBytes: extension?.maxEncodedBytes?.(c.maxMessageBytes) ?? c.maxMessageBytes } : {}),
  };
}

/** A random case: a valid server stream, mutated most of the time, in random chunks. */
export function generateProtocolCase(rng: Prng): ProtocolCase {
  const deflate = rng.chance(0.25);
  const compress = deflate ? compressMessage : undefined;
  const stream = generateServerStream(rng, compress);
  const other = generateServerStream(rng, compress);
  const bytes = rng.chance(0.8) ? mutateStream(rng, stream, other).bytes : rng.chance(0.5) ? stream.bytes : rng.bytes(rng.smallLength(200));
  return {
    bytes,
    chunkSizes: chunkRandomly(rng, bytes).map((c) => c.length),
    eof: rng.chance(0.5),
    deflate,
    maxFrameBytes: rng.pick([16, 200, 70_000, 64 * 1024 * 1024]),
    maxMessageBytes: rng.pick([32, 300, 100_000]),
    maxFragments: rng.pick([1, 3, 10_000]),
  };
}

/**
 * Feeds a case to ClientProtocol and returns every invariant it breaks (empty when none): no
 * exception escapes; events equal the reference model's; a failure carries an acceptable code
 * and is followed by nothing but the EOF closure; no message exceeds maxMessageBytes; the bytes
 * sent are masked pongs echoing each ping, then at most one close frame with the right code.
 */
export function checkProtocolCase(c: ProtocolCase): string[] {
  const problems: string[] = [];
  const extension = c.deflate ? new PerMessageDeflate({ codec: zlibCodec, agreement: {
    serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 15, clientMaxWindowBits: 15 } }) : undefined;
  const options = modelOptionsFor(c, extension);
  const protocol = new ClientProtocol({
    platform: { fillRandom: (target) => randomFillSync(target) },
    maxFrameBytes: c.maxFrameBytes, maxMessageBytes: c.maxMessageBytes, maxFragments: c.maxFragments,
    ...(extension === undefined ? {} : { extension }),
  });
  const events: ProtocolEvent[] = [];
  const sent: Uint8Array[] = [];
  try {
    let at = 0;
    for (const size of c.chunkSizes) {
      // A fresh copy per chunk: the protocol may keep views, and the caller's memory is its own.
      protocol.receiveData(c.bytes.slice(at, at + size));
      at += size;
      events.push(...protocol.eventsReceived());
      sent.push(...protocol.dataToSend());
    }
    if (c.eof) protocol.receiveEof();
    events.push(...protocol.eventsReceived());
    sent.push(...protocol.dataToSend());
  } catch (error) {
    return [`exception escaped: ${(error as Error)?.stack ?? String(error)}`];
  }
  const expected = modelServerStream(c.bytes, options, c.eof);
  const failureAt = events.findIndex((e) => e.type === 'failure');
  const before = (failureAt === -1 ? events : events.slice(0, failureAt)) as ModelEvent[];
  const expectedBefore = failureAt === -1 && expected.failure === undefined ? expected.events : expected.events.filter((e) => !(e.type === 'close' && e.code === 1006));
  if (!sameEvents(before, expectedBefore)) {
    problems.push(`events differ from the model:\n  got      ${describe(before)}\n  expected ${describe(expectedBefore)}`);
  }
  if (failureAt === -1 && expected.failure !== undefined) problems.push(`no failure; the model fails with ${expected.failure.join('/')}`);
  let failureCode: number | undefined;
  if (failureAt !== -1) {
    const failure = events[failureAt] as Extract<ProtocolEvent, { type: 'failure' }>;
    failureCode = failure.error.closeCode;
    if (expected.failure === undefined) {
      // Failing early inside an unfinished frame is allowed when the model says it may.
      if (!(expected.mayFail ?? []).includes(failureCode)) problems.push(`failed with ${failureCode} (${failure.error.code}); the model does not fail`);
    } else if (!expected.failure.includes(failureCode)) {
      problems.push(`failed with ${failureCode} (${failure.error.code}: ${failure.error.message}); expected ${expected.failure.join('/')}`);
    }
    const after = events.slice(failureAt + 1);
    const allowed = c.eof ? [{ type: 'close', code: 1006, reason: '' }] : [];
    if (!sameEvents(after as ModelEvent[], allowed as ModelEvent[])) problems.push(`events after the failure: ${describe(after as ModelEvent[])}`);
    if (protocol.state !== 'closed') problems.push(`state is ${protocol.state} after a failure`);
  }
  for (const e of events) {
    const size = e.type === 'text' ? new TextEncoder().encode(e.data).length : e.type === 'binary' ? e.data.length : 0;
    if (size > c.maxMessageBytes) problems.push(`a ${e.type} message of ${size} bytes passed maxMessageBytes ${c.maxMessageBytes}`);
  }
  problems.push(...checkSentBytes(sent, events, failureCode));
  return problems;
}

function checkSentBytes(sent: Uint8Array[], events: ProtocolEvent[], failureCode: number | undefined): string[] {
  const frames = readClientFrames(sent);
  if (typeof frames === 'string') return [`client output does not parse: ${frames}`];
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const f of frames) {
    if (f.maskKey === undefined) problems.push('a client frame is not masked');
    else keys.add(f.maskKey.join(','));
  }
  if (frames.length < 1000 && keys.size !== frames.length) problems.push('two client frames share a masking key');
  const pings = events.filter((e) => e.type === 'ping').map((e) => (e as { data: Uint8Array }).data);
  const pongs = frames.filter((f) => f.opcode === 10).map((f) => f.payload);
  if (!sameEvents(pongs.map((data) => ({ type: 'pong', data })), pings.map((data) => ({ type: 'pong', data })))) {
    problems.push(`pongs sent ${pongs.length} do not echo pings received ${pings.length}`);
  }
  const closes = frames.filter((f) => f.opcode === 8);
  if (closes.length > 1) problems.push(`${closes.length} close frames sent`);
  if (closes.length === 1 && frames[frames.length - 1].opcode !== 8) problems.push('a frame was sent after the close frame');
  if (failureCode !== undefined) {
    const body = closes[0]?.payload;
    const code = body !== undefined && body.length >= 2 ? (body[0] << 8) | body[1] : undefined;
    if (code !== failureCode) problems.push(`close frame sent with ${String(code)}, the failure code is ${failureCode}`);
  }
  return problems;
}

function sameEvents(a: readonly ModelEvent[], b: readonly ModelEvent[]): boolean {
  return a.length === b.length && a.every((e, i) => describe([e]) === describe([b[i]]));
}

/** A short, comparable description of events. */
export function describe(events: readonly ModelEvent[]): string {
  return '[' + events.map((e) => {
    if (e.type === 'close') return `close ${e.code} ${JSON.stringify(e.reason)}`;
    if (e.type === 'text') return `text ${JSON.stringify(e.data.length > 40 ? `${e.data.slice(0, 40)}…(${e.data.length})` : e.data)}`;
    const d = (e as { data: Uint8Array }).data;
    return `${e.type} ${d.length}:${Buffer.from(d).toString('hex').slice(0, 24)}${hash(d)}`;
  }).join(', ') + ']';
}

function hash(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return `#${(h >>> 0).toString(16)}`;
}
