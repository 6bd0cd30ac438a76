import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import type { ProtocolOptions } from '../../src/protocol/index.js';
import { concat, counterRandom, createProtocol, serverFrame, utf8 } from './wire.js';

/** A platform with the optional receive accelerators, recording how they are used. */
function recordingPlatform() {
  const calls = { allocate: 0, validated: [] as number[], decoded: 0 };
  return {
    calls,
    platform: {
      fillRandom: counterRandom(),
      allocate(length: number): Uint8Array {
        calls.allocate++;
        return new Uint8Array(length).fill(0xee); // garbage, as Buffer.allocUnsafe may hold
      },
      isValidUtf8(bytes: Uint8Array): boolean {
        calls.validated.push(bytes.length);
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          return true;
        } catch {
          return false;
        }
      },
      decodeUtf8(bytes: Uint8Array): string {
        calls.decoded++;
        return new TextDecoder().decode(bytes);
      },
    },
  };
}

describe('ClientProtocol with platform receive accelerators', () => {
  it('validates a text frame chunk by chunk while it arrives, then decodes it without validating again', () => {
    const { calls, platform } = recordingPlatform();
    const protocol = createProtocol({ platform });
    const text = 'é'.repeat(500); // 1000 bytes of two-byte sequences
    const wire = serverFrame(Opcode.Text, text);
    // Cut inside a two-byte sequence: the validator carries the lead byte to the next chunk.
    protocol.receiveData(wire.subarray(0, 301));
    protocol.receiveData(wire.subarray(301, 700));
    protocol.receiveData(wire.subarray(700));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: text }]);
    expect(calls.allocate).toBe(1);
    expect(calls.validated.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000);
    expect(calls.decoded).toBe(1);
  });

  it('fails with 1007 at the chunk that carries the first invalid byte', () => {
    const { platform } = recordingPlatform();
    const protocol = createProtocol({ platform });
    const payload = utf8('a'.repeat(1000));
    payload[400] = 0xff;
    const wire = serverFrame(Opcode.Text, payload);
    protocol.receiveData(wire.subarray(0, 300));
    expect(protocol.eventsReceived()).toEqual([]);
    protocol.receiveData(wire.subarray(300, 500));
    expect(protocol.eventsReceived()).toEqual([expect.objectContaining({ type: 'failure', error: expect.objectContaining({ closeCode: 1007 }) })]);
  });

  it('delivers a binary frame that spans chunks with exactly its bytes, never the allocator garbage', () => {
    const { platform } = recordingPlatform();
    const protocol = createProtocol({ platform });
    const payload = Uint8Array.from({ length: 5000 }, (_, i) => i & 0x7f);
    const wire = serverFrame(Opcode.Binary, payload);
    for (let offset = 0; offset < wire.length; offset += 999) protocol.receiveData(wire.subarray(offset, offset + 999));
    expect(protocol.eventsReceived()).toEqual([{ type: 'binary', data: payload }]);
  });

  it('joins a fragmented binary message into allocated memory, every byte of it written', () => {
    const { platform } = recordingPlatform();
    const protocol = createProtocol({ platform });
    const parts = [Uint8Array.from({ length: 2000 }, (_, i) => i & 0xff), Uint8Array.of(1, 2, 3), new Uint8Array(1500).fill(9)];
    protocol.receiveData(concat([
      serverFrame(Opcode.Binary, parts[0], { fin: false }),
      serverFrame(Opcode.Continuation, parts[1], { fin: false }),
      serverFrame(Opcode.Continuation, parts[2]),
    ]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'binary', data: concat(parts) }]);
  });

  describe('a stream of fragmented messages over borrowed reads (each read overwritten once processed)', () => {
    /** Frames of `messages`, each cut into `fragments` equal frames, fed read by read through one reused buffer. */
    function receiveBorrowed(options: Partial<ProtocolOptions>, opcode: number, messages: Uint8Array[], fragments = 4) {
      const sizes: number[] = [];
      const platform = { ...recordingPlatform().platform, allocate: (length: number) => (sizes.push(length), new Uint8Array(length).fill(0xee)) };
      const protocol = createProtocol({ platform, borrowedInput: true, ...options });
      // Reads big enough for a whole message: no frame spans two (the decoder would assemble it first).
      const read = new Uint8Array(128 * 1024);
      const perMessage: number[][] = [];
      const events = [];
      for (const message of messages) {
        sizes.length = 0;
        const step = Math.ceil(message.length / fragments);
        const wire = concat(Array.from({ length: fragments }, (_, i) => serverFrame(i === 0 ? opcode : Opcode.Continuation,
          message.subarray(i * step, (i + 1) * step), { fin: i === fragments - 1 })));
        for (let offset = 0; offset < wire.length; offset += read.length) {
          const length = Math.min(read.length, wire.length - offset);
          read.set(wire.subarray(offset, offset + length));
          protocol.receiveData(read.subarray(0, length));
          protocol.detachInput();
          read.fill(0);
        }
        events.push(...protocol.eventsReceived());
        perMessage.push([...sizes]);
      }
      return { events, perMessage };
    }
    const message = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 13 + seed) & 0x7f);

    it('gathers a binary message as long as the last one in a single buffer of its size, which is delivered', () => {
      const messages = [message(64 * 1024, 1), message(64 * 1024, 2), message(64 * 1024, 3)];
      const { events, perMessage } = receiveBorrowed({}, Opcode.Binary, messages);
      expect(events).toEqual(messages.map((data) => ({ type: 'binary', data })));
      expect(perMessage.slice(1)).toEqual([[64 * 1024], [64 * 1024]]);
      for (const event of events) expect((event as { data: Uint8Array }).data.buffer.byteLength).toBe(64 * 1024);
    });

    it('reserves half as much again for text, which is only decoded, and never more than the message limit', () => {
      const texts = [message(60_000, 1), message(61_000, 2), message(62_000, 3)];
      const { events, perMessage } = receiveBorrowed({ maxMessageBytes: 80_000 }, Opcode.Text, texts);
      expect(events).toEqual(texts.map((bytes) => ({ type: 'text', data: new TextDecoder().decode(bytes) })));
      expect(perMessage.slice(1)).toEqual([[80_000], [80_000]]);
      const { perMessage: small } = receiveBorrowed({}, Opcode.Text, [message(40_000, 4), message(50_000, 5)]);
      expect(small[1]).toEqual([60_000]);
    });
  });

  it('decodes a fragmented text message once, after validating each fragment as it arrived', () => {
    const { calls, platform } = recordingPlatform();
    const protocol = createProtocol({ platform });
    const part = 'x'.repeat(100);
    protocol.receiveData(concat([
      serverFrame(Opcode.Text, part, { fin: false }),
      serverFrame(Opcode.Continuation, part, { fin: false }),
      serverFrame(Opcode.Continuation, part),
    ]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: part.repeat(3) }]);
    expect(calls.decoded).toBe(1);
  });
});

describe('ClientProtocol.nextEvent', () => {
  it('hands out the events one at a time, in order, sharing the queue with eventsReceived', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Text, 'b'), serverFrame(Opcode.Text, 'c')]));
    expect(protocol.nextEvent()).toEqual({ type: 'text', data: 'a' });
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'b' }, { type: 'text', data: 'c' }]);
    expect(protocol.nextEvent()).toBeUndefined();
    protocol.receiveData(serverFrame(Opcode.Binary, Uint8Array.of(1)));
    expect(protocol.nextEvent()).toEqual({ type: 'binary', data: Uint8Array.of(1) });
    expect(protocol.nextEvent()).toBeUndefined();
    expect(protocol.eventsReceived()).toEqual([]);
  });

  it('with pauseAfterMessage, stops after each message until the pending input is processed', () => {
    const protocol = createProtocol({ pauseAfterMessage: true });
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Text, 'b')]));
    expect(protocol.nextEvent()).toEqual({ type: 'text', data: 'a' });
    expect(protocol.nextEvent()).toBeUndefined();
    expect(protocol.hasPendingInput()).toBe(true);
    protocol.processPendingInput();
    expect(protocol.nextEvent()).toEqual({ type: 'text', data: 'b' });
    expect(protocol.hasPendingInput()).toBe(false);
  });

  it('with pauseAfterMessage, tells from receiveData and processPendingInput whether it stopped after a message', () => {
    const protocol = createProtocol({ pauseAfterMessage: true });
    expect(protocol.receiveData(concat([serverFrame(Opcode.Binary, Uint8Array.of(1)), serverFrame(Opcode.Text, 'b'), serverFrame(Opcode.Ping, 'p')]))).toBe(true);
    expect(protocol.processPendingInput()).toBe(true);
    expect(protocol.processPendingInput()).toBe(false);
    expect(protocol.eventsReceived().map((event) => event.type)).toEqual(['binary', 'text', 'ping']);
    // Stopped after the last message of the input: the next call finds nothing left.
    expect(protocol.receiveData(serverFrame(Opcode.Text, 'c'))).toBe(true);
    expect(protocol.processPendingInput()).toBe(false);
    expect(protocol.receiveData(serverFrame(Opcode.Close, Uint8Array.of(3, 0xe8)))).toBe(false);
    expect(protocol.processPendingInput()).toBe(false);
    expect(createProtocol().receiveData(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Text, 'b')]))).toBe(false);
  });
});
