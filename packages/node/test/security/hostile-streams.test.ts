// Attack, end to end: a raw peer sends the fuzzer's valid, mutated and random server streams
// over real TCP, in random writes, then ends the connection. What the user of the Node
// WebSocket sees must match the reference model of RFC 6455: the same messages in order, then
// one close whose code is the peer's (clean close), ours (1002/1007/1009 when we failed the
// connection) or 1006 (the stream just ended), never an exception and never an event after close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRng } from '../../../core/test/fuzz/run-fuzz.js';
import { generateProtocolCase, modelOptionsFor, type ProtocolCase } from '../../../core/test/fuzz/protocol-target.js';
import { zlibCodec } from '../../../core/test/extensions/zlib-codec.js';
import { PerMessageDeflate } from '@weft/core';
import { modelServerStream, type ModelEvent } from '../../../core/test/fuzz/protocol-model.js';
import { constants, inflateRawSync } from 'node:zlib';
import { WebSocket } from '../../src/index.js';
import type { CloseEvent, MessageEvent } from '../../src/index.js';
import { startScriptedPeer, type ScriptedPeer } from '../faults/scripted-peer.js';

const CASES = Number(process.env.WEFT_HOSTILE_STREAMS ?? 400);
const SEED = 7_0707;
const cases = new Map<string, ProtocolCase>();
/** Only its (stateless) encoded-size bound is used, as the Node client's own extension computes it. */
const deflate = new PerMessageDeflate({ codec: zlibCodec, agreement: { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 15, clientMaxWindowBits: 15 } });
let peer: ScriptedPeer;

beforeAll(async () => {
  peer = await startScriptedPeer((side) => {
    const c = cases.get(/^X-Case: (\d+)$/m.exec(side.head)![1])!;
    side.accept(c.deflate ? ['Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover'] : [], { answerClose: false });
    let at = 0;
    const sizes = [...c.chunkSizes];
    const writeNext = (): void => {
      if (side.socket.destroyed) return;
      const size = sizes.shift();
      if (size === undefined) {
        side.socket.end();
        return;
      }
      side.socket.write(c.bytes.subarray(at, at + size));
      at += size;
      // Mostly separate reads on the client; sometimes coalesced.
      if (size % 3 === 0) writeNext();
      else setImmediate(writeNext);
    };
    side.socket.on('error', () => undefined);
    writeNext();
  });
});
afterAll(async () => {
  await peer.close();
});

function inflate(payload: Uint8Array, maxBytes: number): Uint8Array | 1007 | 1009 {
  try {
    const out = inflateRawSync(Buffer.concat([payload, Buffer.from([0, 0, 0xff, 0xff])]), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, maxBytes) });
    return out.length > maxBytes ? 1009 : out;
  } catch (error) {
    return error instanceof RangeError ? 1009 : 1007;
  }
}

describe('hostile server streams over TCP', () => {
  it(`matches the reference model for ${CASES} mutated streams`, async () => {
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const c = generateProtocolCase(caseRng(SEED, i));
      // Keep each case small enough for a quick TCP run.
      if (c.bytes.length > 100_000) continue;
      cases.set(String(i), c);
      const ws = new WebSocket(peer.url, undefined, {
        headers: { 'X-Case': String(i) }, maxMessageBytes: c.maxMessageBytes, maxFrameBytes: c.maxFrameBytes, maxFragments: c.maxFragments,
        closeTimeoutMs: 200, ...(c.deflate ? { perMessageDeflate: { clientNoContextTakeover: true, serverNoContextTakeover: true } } : {}),
      });
      ws.binaryType = 'nodebuffer';
      const seen: string[] = [];
      const messages: ModelEvent[] = [];
      const close = await new Promise<CloseEvent>((resolve) => {
        ws.addEventListener('open', () => seen.push('open'));
        ws.addEventListener('error', () => seen.push('error'));
        ws.addEventListener('message', (event) => {
          seen.push('message');
          const data = (event as MessageEvent).data;
          messages.push(typeof data === 'string' ? { type: 'text', data } : { type: 'binary', data: new Uint8Array(data as Buffer) });
        });
        ws.addEventListener('close', (event) => {
          seen.push('close');
          resolve(event as CloseEvent);
        });
      });
      const model = modelServerStream(c.bytes, { ...modelOptionsFor(c, c.deflate ? deflate : undefined), ...(c.deflate ? { inflate } : {}) }, true);
      const expectedMessages = model.events.filter((e) => e.type === 'text' || e.type === 'binary');
      const peerClose = model.events.find((e) => e.type === 'close');
      const describeEvents = (events: ModelEvent[]): string => JSON.stringify(events.map((e) => (e.type === 'text' ? e.data : e.type === 'binary' ? Buffer.from(e.data).toString('hex') : e.type)));
      if (describeEvents(messages) !== describeEvents(expectedMessages)) problems.push(`case ${i}: messages ${describeEvents(messages)} expected ${describeEvents(expectedMessages)}`);
      const codeOk = model.failure !== undefined ? model.failure.includes(close.code)
        : close.code === (peerClose as { code: number }).code || (model.mayFail ?? []).includes(close.code);
      if (!codeOk) problems.push(`case ${i}: close ${close.code}, model ${model.failure ? `fails with ${model.failure}` : `closes with ${(peerClose as { code: number }).code}`}`);
      if (seen[0] !== 'open' || seen.at(-1) !== 'close' || seen.filter((e) => e === 'close').length !== 1) problems.push(`case ${i}: events ${seen.join(',')}`);
      await new Promise((resolve) => setImmediate(resolve));
      if (seen.at(-1) !== 'close') problems.push(`case ${i}: an event after close`);
    }
    expect(problems).toEqual([]);
  });
});
