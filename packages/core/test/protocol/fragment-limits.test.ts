import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { FragmentBuffer } from '../../src/protocol/fragment-buffer.js';
import { concat, createProtocol, serverFrame } from './wire.js';

/** One message of `count` fragments of `size` bytes each, as one byte stream. */
function fragmentedMessage(count: number, size: number, opcode: number = Opcode.Binary): Uint8Array {
  const payload = new Uint8Array(size).fill(0x61);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    frames.push(serverFrame(i === 0 ? opcode : Opcode.Continuation, payload, { fin: i === count - 1 }));
  }
  return concat(frames);
}

describe('fragment limits', () => {
  it('refuses 100 000 one-byte fragments with 1009 before the message ends', () => {
    const protocol = createProtocol();
    protocol.receiveData(fragmentedMessage(100_000, 1));
    const failure = protocol.eventsReceived().find((e) => e.type === 'failure');
    expect(failure?.type === 'failure' && failure.error.code).toBe('ERR_TOO_MANY_FRAGMENTS');
    expect(protocol.closeCode).toBe(1009);
  });

  it('accepts a 16 MiB message in 64-byte fragments (262 144 fragments)', () => {
    const protocol = createProtocol();
    protocol.receiveData(fragmentedMessage(262_144, 64));
    const events = protocol.eventsReceived();
    expect(events).toHaveLength(1);
    expect(events[0].type === 'binary' && events[0].data.length).toBe(16 * 1024 * 1024);
  });

  it('accepts up to maxFragments tiny fragments', () => {
    const protocol = createProtocol({ maxFragments: 1000 });
    protocol.receiveData(fragmentedMessage(1000, 1, Opcode.Text));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'a'.repeat(1000) }]);
  });
});

describe('FragmentBuffer', () => {
  it('joins small and large fragments in order', () => {
    const buffer = new FragmentBuffer();
    const pieces = [Uint8Array.of(1, 2), new Uint8Array(5000).fill(3), Uint8Array.of(4), new Uint8Array(3000).fill(5), Uint8Array.of(6)];
    for (const piece of pieces) buffer.add(piece);
    expect(buffer.count).toBe(5);
    expect(buffer.byteLength).toBe(8004);
    expect(Array.from(buffer.join())).toEqual(pieces.flatMap((p) => Array.from(p)));
  });

  it('does not keep a small view that would pin the large chunk it points into', () => {
    const chunk = new Uint8Array(64 * 1024);
    const buffer = new FragmentBuffer();
    buffer.add(chunk.subarray(0, 2048));
    buffer.add(chunk.subarray(2048, 4096));
    const joined = buffer.join();
    expect(joined.buffer).not.toBe(chunk.buffer);
    expect(joined.length).toBe(4096);
  });

  it('keeps the only large fragment as the zero-copy view', () => {
    const chunk = new Uint8Array(4096);
    const buffer = new FragmentBuffer();
    buffer.add(chunk);
    expect(buffer.join()).toBe(chunk);
  });
});
