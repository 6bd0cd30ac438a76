import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkEnvelope, Reassembler } from '@weft/core';
import { FakeWebSocket, installFakeBrowser } from './fake-web-socket.js';
import { startBrowserClient } from './setup.js';

let browser: ReturnType<typeof installFakeBrowser>;
beforeEach(() => {
  browser = installFakeBrowser();
});
afterEach(() => browser.restore());

const fragment = { sizeBytes: 4 };

function reassemble(sent: (string | Uint8Array)[]): unknown[] {
  const reassembler = new Reassembler();
  const out: unknown[] = [];
  for (const item of sent) {
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const result = reassembler.push(item);
    if (result.kind === 'message') out.push(result.isText ? new TextDecoder().decode(result.data) : result.data);
    if (result.kind === 'error') throw result.error;
  }
  return out;
}

describe('@weft/browser chunk envelope', () => {
  it('splits large messages into envelopes that a Reassembler rebuilds, and leaves small ones alone', () => {
    const { socket } = startBrowserClient({ heartbeat: false, fragment });
    FakeWebSocket.last.open();
    const big = Uint8Array.from({ length: 10 }, (_, i) => i);
    socket.send(big);
    socket.send('hi');
    socket.send('héllo wörld');
    socket.send(new Uint8Array([5]));
    const sent = FakeWebSocket.last.sent;
    expect(sent).toHaveLength(3 + 1 + 4 + 1);
    expect(ChunkEnvelope.decode(sent[0] as Uint8Array)).toMatchObject({ messageId: 0, index: 0, final: false, isText: false });
    expect(ChunkEnvelope.decode(sent[2] as Uint8Array)).toMatchObject({ messageId: 0, index: 2, final: true });
    expect(sent[3]).toBe('hi');
    expect(reassemble(sent)).toEqual([big, 'hi', 'héllo wörld', new Uint8Array([5])]);
  });

  it('wraps a small binary message that starts with the magic byte so it is not mistaken for a chunk', () => {
    const { socket } = startBrowserClient({ heartbeat: false, fragment });
    FakeWebSocket.last.open();
    socket.send(new Uint8Array([0xa1, 2]));
    expect(reassemble(FakeWebSocket.last.sent)).toEqual([new Uint8Array([0xa1, 2])]);
    expect(FakeWebSocket.last.sent[0]).toHaveLength(12);
  });

  it('paces chunks by bufferedAmount and keeps later messages behind them', () => {
    const { clock, socket } = startBrowserClient({ heartbeat: false, fragment: { sizeBytes: 1024 * 1024 } });
    const native = FakeWebSocket.last;
    native.open();
    native.bufferedAmount = 8 * 1024 * 1024;
    const big = new Uint8Array(3 * 1024 * 1024).fill(7);
    socket.send(big);
    socket.send('after');
    expect(native.sent).toHaveLength(0);
    expect(socket.bufferedAmount).toBe(native.bufferedAmount + big.byteLength + 5);
    clock.advance(100);
    expect(native.sent).toHaveLength(0);
    native.bufferedAmount = 0;
    clock.advance(8);
    const [rebuilt, after] = reassemble(native.sent) as [Uint8Array, string];
    expect(rebuilt.byteLength).toBe(big.byteLength);
    expect(rebuilt.every((byte) => byte === 7)).toBe(true);
    expect(after).toBe('after');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('drained() waits for the chunks held back by a full native buffer, then resolves once they are out', async () => {
    const { clock, socket } = startBrowserClient({ heartbeat: false, fragment: { sizeBytes: 1024 * 1024 } });
    const native = FakeWebSocket.last;
    native.open();
    native.bufferedAmount = 8 * 1024 * 1024;
    socket.send(new Uint8Array(3 * 1024 * 1024));
    let drained = false;
    void socket.drained().then(() => (drained = true));
    const settle = async (ms: number) => {
      clock.advance(ms);
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    await settle(100);
    expect(drained).toBe(false);
    native.bufferedAmount = 0;
    await settle(8);
    expect(native.sent).toHaveLength(3);
    expect(drained).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts waiting text in UTF-8 bytes, and sends what fits one chunk whole', () => {
    const { clock, socket } = startBrowserClient({ heartbeat: false, fragment: { sizeBytes: 2 } });
    const native = FakeWebSocket.last;
    native.open();
    native.bufferedAmount = 8 * 1024 * 1024;
    socket.send('ééé');
    socket.send('ü');
    expect(socket.bufferedAmount).toBe(native.bufferedAmount + 6 + 2);
    native.bufferedAmount = 0;
    clock.advance(8);
    expect(socket.bufferedAmount).toBe(0);
    const ids = native.sent.filter((data) => typeof data !== 'string').map((data) => ChunkEnvelope.decode(data as Uint8Array));
    expect(ids.map((chunk) => typeof chunk !== 'string' && [chunk.messageId, chunk.index, chunk.final])).toEqual([
      [0, 0, false], [0, 1, false], [0, 2, true],
    ]);
    expect(native.sent.at(-1)).toBe('ü');
    expect(reassemble(native.sent)).toEqual(['ééé', 'ü']);
  });

  it('copies bytes that have to wait, so the caller may reuse its buffer', () => {
    const { clock, socket } = startBrowserClient({ heartbeat: false, fragment });
    const native = FakeWebSocket.last;
    native.open();
    native.bufferedAmount = 10 * 1024 * 1024;
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]);
    socket.send(buffer);
    buffer.fill(0);
    native.bufferedAmount = 0;
    clock.advance(8);
    expect(reassemble(native.sent)).toEqual([new Uint8Array([1, 2, 3, 4, 5, 6])]);
  });

  it('reassembles chunked messages it receives, text and binary', () => {
    const { socket } = startBrowserClient({ heartbeat: false, fragment });
    const seen: unknown[] = [];
    socket.on('message', (data) => seen.push(data));
    FakeWebSocket.last.open();
    const text = new TextEncoder().encode('héllo');
    FakeWebSocket.last.receive(ChunkEnvelope.encode({ messageId: 3, index: 0, final: false, isText: true, payload: text.subarray(0, 2) }));
    FakeWebSocket.last.receive(ChunkEnvelope.encode({ messageId: 3, index: 1, final: true, isText: true, payload: text.subarray(2) }));
    FakeWebSocket.last.receive(new Uint8Array([9, 9]));
    expect(seen).toEqual(['héllo', new Uint8Array([9, 9])]);
  });

  it('fails the connection with 4007 on a chunk out of order, then reconnects', () => {
    const { socket } = startBrowserClient({ heartbeat: false, fragment });
    const errors: unknown[] = [];
    socket.on('error', (error) => errors.push(error));
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive(ChunkEnvelope.encode({ messageId: 1, index: 1, final: true, isText: false, payload: new Uint8Array(1) }));
    expect(errors).toEqual([expect.objectContaining({ code: 'ERR_CHUNK_ORDER' })]);
    expect(FakeWebSocket.last.closeCalls).toEqual([{ code: 4007, reason: 'ERR_CHUNK_ORDER' }]);
  });

  it('does not interpret binary messages as chunks when fragmentation is off', () => {
    const { socket } = startBrowserClient({ heartbeat: false });
    const seen: unknown[] = [];
    socket.on('message', (data) => seen.push(data));
    FakeWebSocket.last.open();
    const lookalike = ChunkEnvelope.encode({ messageId: 1, index: 0, final: true, isText: false, payload: new Uint8Array(1) });
    FakeWebSocket.last.receive(lookalike);
    expect(seen).toEqual([lookalike]);
  });

  it('refuses an incoming message above maxMessageBytes with 4009', () => {
    const { socket } = startBrowserClient({ heartbeat: false, maxMessageBytes: 4 });
    const errors: unknown[] = [];
    socket.on('error', (error) => errors.push(error));
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive(new Uint8Array(5));
    expect(errors).toEqual([expect.objectContaining({ code: 'ERR_MESSAGE_TOO_BIG' })]);
    expect(FakeWebSocket.last.closeCalls[0].code).toBe(4009);
  });
});
