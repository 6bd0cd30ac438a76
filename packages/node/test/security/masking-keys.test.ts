// Attack: predictable masking keys let a script in a browser-like client poison intermediary
// caches (the reason RFC 6455 §5.3 requires them). Every key must come from the CSPRNG
// (crypto.randomFillSync) and differ from frame to frame.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const filled = vi.hoisted(() => [] as Uint8Array[]);
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  const randomFillSync = vi.fn(<T extends NodeJS.ArrayBufferView>(buffer: T, offset?: number, size?: number): T => {
    const result = original.randomFillSync(buffer, offset, size);
    filled.push(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice());
    return result;
  });
  return { ...original, default: { ...original, randomFillSync }, randomFillSync };
});

const { WebSocket } = await import('../../src/index.js');
const { startScriptedPeer } = await import('../faults/scripted-peer.js');

let peer: Awaited<ReturnType<typeof startScriptedPeer>>;
beforeAll(async () => {
  peer = await startScriptedPeer((side) => side.accept());
});
afterAll(async () => {
  await peer.close();
});

describe('masking keys', () => {
  it('come from crypto.randomFillSync and differ for each of 300 frames', async () => {
    filled.length = 0;
    const ws = new WebSocket(peer.url);
    await once(ws, 'open');
    for (let i = 0; i < 299; i++) ws.send(i % 2 === 0 ? `message ${i}` : new Uint8Array([i & 0xff, 1, 2]));
    ws.close(1000);
    await once(ws, 'close');
    const frames = peer.sides[0].frames();
    expect(frames).toHaveLength(300);
    const keys = frames.map((f) => Buffer.from(f.maskKey!).toString('hex'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('00000000');
    // Every key is a 4-byte window of what the CSPRNG produced after the handshake started.
    const random = Buffer.concat(filled.map((b) => Buffer.from(b))).toString('hex');
    for (const key of keys) expect(random).toContain(key);
    expect(filled.length).toBeGreaterThan(0);
  });
});
