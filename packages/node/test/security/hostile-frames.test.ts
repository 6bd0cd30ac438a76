// Attacks after the handshake, end to end over TCP: 64-bit length tricks (allocation before
// validation), fragment floods (memory exhaustion with tiny frames), decompression bombs, and
// close/ping payloads that could expose uninitialized memory.
import { once } from 'node:events';
import { constants, deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCodeOf, closeScriptedPeers, frame, startScriptedPeer, type PeerSide, type ScriptedPeer } from '../faults/scripted-peer.js';
import type { WebSocketOptions } from '../../src/index.js';
import { codeOf, observe, type Observed } from './helpers.js';

let peer: ScriptedPeer;
afterEach(closeScriptedPeers);

/** Opens a connection whose peer runs `attack` right after the 101. */
async function attackAfterOpen(attack: (side: PeerSide) => void, options: WebSocketOptions = {}, extra: string[] = []): Promise<{ seen: Observed; side: PeerSide }> {
  let resolveSide!: (side: PeerSide) => void;
  const sideReady = new Promise<PeerSide>((resolve) => (resolveSide = resolve));
  peer = await startScriptedPeer((side) => {
    side.accept(extra);
    resolveSide(side);
    attack(side);
  });
  const seen = observe(peer.url, undefined, options);
  return { seen, side: await sideReady };
}

/** A permessage-deflate bomb: `copies` sync-flushed blocks of 1 MiB of zeros, tail removed. */
function deflateBomb(copies: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  // Each block ends on a sync-flush boundary, so blocks concatenate into one valid stream.
  const stream = Buffer.concat(Array.from({ length: copies }, () => block));
  return stream.subarray(0, stream.length - 4);
}

describe('64-bit lengths are refused before allocation', () => {
  const headers: Array<[string, number[], number]> = [
    ['the most significant bit set', [0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0x10], 1002],
    ['a value past Number.MAX_SAFE_INTEGER', [0x82, 0x7f, 0x00, 0x40, 0, 0, 0, 0, 0, 0], 1002],
    ['1 TiB, past maxMessageBytes', [0x82, 0x7f, 0, 0, 0x01, 0, 0, 0, 0, 0], 1009],
  ];
  for (const [name, header, code] of headers) {
    it(`closes with ${code} on a length with ${name}, allocating nothing`, async () => {
      // Measured once the connection is open: opening the first one of a process makes one
      // untouched 32 MiB block on purpose (trim-threshold.ts), counted until a GC frees it.
      let before = 0;
      const { seen, side } = await attackAfterOpen((s) => {
        before = process.memoryUsage().arrayBuffers;
        s.socket.write(Buffer.from(header));
      });
      const close = await seen.closed;
      expect(close.code).toBe(code);
      expect(seen.events).toEqual(['open', 'error', 'close']);
      expect(closeCodeOf(await side.waitForFrame((f) => f.opcode === 8))).toBe(code);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
    });
  }
});

describe('fragment floods', () => {
  it('refuses 100 000 one-byte fragments with 1009 (fragment limit) and delivers no message', async () => {
    const { seen, side } = await attackAfterOpen((s) => {
      const flood = Buffer.alloc(3 * 100_000);
      for (let i = 0; i < 100_000; i++) flood.set([i === 0 ? 0x01 : 0x00, 1, 0x61], 3 * i);
      s.socket.write(flood);
      s.socket.on('error', () => undefined);
    });
    const close = await seen.closed;
    expect(close.code).toBe(1009);
    expect(codeOf(seen.error)).toBe('ERR_TOO_MANY_FRAGMENTS');
    expect(seen.messages).toEqual([]);
    expect(closeCodeOf(await side.waitForFrame((f) => f.opcode === 8))).toBe(1009);
  });
});

describe('decompression bombs end in 1009 with bounded memory', () => {
  it('a ~10 KiB message that would inflate to 10 MiB, with maxMessageBytes 256 KiB', async () => {
    const bomb = deflateBomb(10);
    expect(bomb.length).toBeLessThan(16 * 1024);
    const before = process.memoryUsage();
    const { seen } = await attackAfterOpen((s) => s.socket.write(frame(2, bomb, { rsv1: true })),
      { perMessageDeflate: true, maxMessageBytes: 256 * 1024 }, ['Sec-WebSocket-Extensions: permessage-deflate']);
    const close = await seen.closed;
    const after = process.memoryUsage();
    expect(close.code).toBe(1009);
    expect(seen.messages).toEqual([]);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(4 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(32 * 1024 * 1024);
  });

  it('a ~1 MiB message that would inflate to 1 GiB, with maxMessageBytes 4 MiB', async () => {
    const bomb = deflateBomb(1024);
    const before = process.memoryUsage();
    const { seen } = await attackAfterOpen((s) => s.socket.write(frame(1, bomb, { rsv1: true })),
      { perMessageDeflate: true, maxMessageBytes: 4 * 1024 * 1024 }, ['Sec-WebSocket-Extensions: permessage-deflate']);
    const close = await seen.closed;
    const after = process.memoryUsage();
    expect(close.code).toBe(1009);
    expect(codeOf(seen.error)).toBe('ERR_MESSAGE_TOO_BIG');
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('control payloads carry exactly the bytes they should (no uninitialized memory)', () => {
  /** Fills the allocator's pools with a marker so that leaked uninitialized bytes would show it. */
  function poisonPools(): void {
    for (let i = 0; i < 256; i++) Buffer.allocUnsafe(4096).fill(0xa5);
  }

  it('close() with a code and reason, ping with data, and a failure close are byte-exact', async () => {
    const { seen, side } = await attackAfterOpen(() => undefined);
    await once(seen.ws, 'open');
    poisonPools();
    await expect(Promise.race([seen.ws.ping('abc'), side.waitForFrame((f) => f.opcode === 9).then(() => 'sent')])).resolves.toBe('sent');
    poisonPools();
    seen.ws.close(4001, 'bye');
    await seen.closed;
    const frames = side.frames();
    const ping = frames.find((f) => f.opcode === 9)!;
    expect(Buffer.from(ping.payload).toString()).toBe('abc');
    const close = frames.find((f) => f.opcode === 8)!;
    expect([...close.payload]).toEqual([0x0f, 0xa1, ...Buffer.from('bye')]);
    for (const f of frames) expect(f.maskKey).toBeDefined();
  });

  it('close() without a code sends an empty body; an automatic ping payload is 4 bytes of sequence', async () => {
    const { seen, side } = await attackAfterOpen(() => undefined);
    await once(seen.ws, 'open');
    poisonPools();
    void seen.ws.ping().catch(() => undefined);
    poisonPools();
    seen.ws.close();
    await seen.closed;
    const frames = side.frames();
    expect([...frames.find((f) => f.opcode === 9)!.payload]).toEqual([0, 0, 0, 1]);
    expect(frames.find((f) => f.opcode === 8)!.payload.length).toBe(0);
  });

  it('the close frame sent when failing the connection holds exactly the 2-byte code', async () => {
    const { seen, side } = await attackAfterOpen((s) => s.socket.write(Buffer.from([0x83, 0])));
    await seen.closed;
    poisonPools();
    const close = await side.waitForFrame((f) => f.opcode === 8);
    expect([...close.payload]).toEqual([0x03, 0xea]);
  });
});
