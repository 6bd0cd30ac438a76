import { describe, expect, it } from 'vitest';
import type { MessageEvent } from '../src/index.js';
import { toSendBytes } from '../src/binary-data.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { nextEvent, openEchoSocket } from './support/servers.js';

const cleanup = cleanupAfterEach();

/** A Uint8Array subclass whose methods lie: core must never call them on what `send()` got. */
class HostileBytes extends Uint8Array {
  override subarray(): Uint8Array<ArrayBuffer> {
    throw new Error('subarray of the caller object was called');
  }
  override set(): void {
    throw new Error('set of the caller object was called');
  }
}

describe('what send() makes of binary data', () => {
  it('passes a plain Buffer or Uint8Array on as it is, with no view made per message', () => {
    const buffer = Buffer.from('abc');
    const bytes = new Uint8Array([1, 2, 3]);
    expect(toSendBytes(buffer) === buffer).toBe(true);
    expect(toSendBytes(bytes) === bytes).toBe(true);
  });

  it('wraps any other view (a subclass, another element type, a DataView) in a plain view of the same bytes', () => {
    const backing = new Uint8Array([9, 1, 2, 3, 4, 9]).buffer;
    for (const view of [new HostileBytes(backing, 1, 4), new Uint16Array(backing, 2, 2), new DataView(backing, 1, 4)]) {
      const bytes = toSendBytes(view);
      expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
      expect(bytes.buffer).toBe(backing);
      expect([bytes.byteOffset, bytes.byteLength]).toEqual([view.byteOffset, view.byteLength]);
    }
    const whole = toSendBytes(backing);
    expect([...whole]).toEqual([9, 1, 2, 3, 4, 9]);
  });

  it('sends the bytes of every kind of view, small and big, and leaves the caller\'s bytes as they were', async () => {
    const ws = await openEchoSocket(cleanup);
    ws.binaryType = 'nodebuffer';
    const big = Buffer.alloc(200_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    const bigCopy = Buffer.from(big);
    const hostile = new HostileBytes(70_000).fill(0x5a);
    const cases: Array<[ArrayBufferView | ArrayBuffer, Buffer]> = [
      [Buffer.from('abc'), Buffer.from('abc')],
      [big, bigCopy],
      [hostile, Buffer.alloc(70_000, 0x5a)],
      [new Uint16Array([0x0102, 0x0304]), Buffer.from(new Uint16Array([0x0102, 0x0304]).buffer)],
      [new DataView(Uint8Array.of(7, 8, 9).buffer, 1), Buffer.from([8, 9])],
    ];
    for (const [data, expected] of cases) {
      ws.send(data);
      const echoed = (await nextEvent<MessageEvent>(ws, 'message')).data as Buffer;
      expect(echoed.equals(expected)).toBe(true);
    }
    // Masking never touched the caller's memory.
    expect(big.equals(bigCopy)).toBe(true);
    expect(Buffer.from(hostile.buffer).equals(Buffer.alloc(70_000, 0x5a))).toBe(true);
    ws.close();
    await nextEvent(ws, 'close');
  });
});
