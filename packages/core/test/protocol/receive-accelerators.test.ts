import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import type { ProtocolOptions } from '../../src/protocol/index.js';
import { create, plain } from '../extensions/deflate-fixtures.js';
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

  it('tells the decoder a text message that arrived in chunks was all ASCII, and never says so of one that was not', () => {
    const hints: (boolean | undefined)[] = [];
    const { platform } = recordingPlatform();
    const withAscii = {
      ...platform,
      isAscii: (bytes: Uint8Array): boolean => bytes.every((byte) => byte < 0x80),
      decodeUtf8(bytes: Uint8Array, ascii?: boolean): string {
        hints.push(ascii);
        // Decoded as Latin-1 when told ASCII, as a platform may: a wrong hint would show as mojibake.
        return ascii === true ? String.fromCharCode(...bytes) : new TextDecoder().decode(bytes);
      },
    };
    const protocol = createProtocol({ platform: withAscii, extension: create() });
    // Cuts every 300 bytes of the wire: the first text's é and the fourth's € straddle a cut.
    const texts = ['a'.repeat(1000), `${'a'.repeat(295)}é${'a'.repeat(700)}`, `é${'a'.repeat(999)}`, `${'a'.repeat(294)}€${'a'.repeat(700)}`];
    const inChunks = (wire: Uint8Array): void => {
      for (let offset = 0; offset < wire.length; offset += 300) protocol.receiveData(wire.subarray(offset, offset + 300));
    };
    for (const text of texts) inChunks(serverFrame(Opcode.Text, text));
    // Fragmented: ASCII in every fragment; then a first fragment checked while it arrived and a
    // continuation that is not ASCII.
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'b'.repeat(700), { fin: false }), serverFrame(Opcode.Continuation, 'c'.repeat(700))]));
    inChunks(concat([serverFrame(Opcode.Text, 'd'.repeat(700), { fin: false }), serverFrame(Opcode.Continuation, `${'e'.repeat(600)}ü`)]));
    // Compressed text is validated and decoded once inflated, never through a hint.
    const deflated = deflateRawSync(utf8('f'.repeat(2000)), { finishFlush: constants.Z_SYNC_FLUSH });
    inChunks(serverFrame(Opcode.Text, deflated.subarray(0, deflated.length - 4), { rsv1: true }));
    const expected = [...texts, `${'b'.repeat(700)}${'c'.repeat(700)}`, `${'d'.repeat(700)}${'e'.repeat(600)}ü`, 'f'.repeat(2000)];
    expect(protocol.eventsReceived()).toEqual(expected.map((data) => ({ type: 'text', data })));
    expect(hints).toEqual([true, false, false, false, true, false]);
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
    /**
     * Frames of `messages`, each cut into frames of `fragmentBytes` (the last one shorter), fed read
     * by read through one reused buffer; what the allocator was asked for, message by message.
     */
    function receiveBorrowed(options: Partial<ProtocolOptions>, opcode: number, messages: Uint8Array[], fragmentBytes: number | number[] = 16 * 1024) {
      const sizes: number[] = [];
      const platform = { ...recordingPlatform().platform, allocate: (length: number) => (sizes.push(length), new Uint8Array(length).fill(0xee)) };
      const protocol = createProtocol({ platform, borrowedInput: true, ...options });
      // Reads big enough for a whole message: no frame spans two (the decoder would assemble it first).
      const read = new Uint8Array(128 * 1024);
      const perMessage: number[][] = [];
      const events = [];
      for (const [index, message] of messages.entries()) {
        sizes.length = 0;
        const cut = typeof fragmentBytes === 'number' ? fragmentBytes : fragmentBytes[index];
        const count = Math.max(2, Math.ceil(message.length / cut));
        const wire = concat(Array.from({ length: count }, (_, i) => serverFrame(i === 0 ? opcode : Opcode.Continuation,
          message.subarray(i * cut, (i + 1) * cut), { fin: i === count - 1 })));
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
    const binaryEvents = (messages: Uint8Array[]) => messages.map((data) => ({ type: 'binary', data }));

    it('gathers a binary message as long as the last one in a single buffer of its size, which is delivered', () => {
      const messages = [message(64 * 1024, 1), message(64 * 1024, 2), message(64 * 1024, 3)];
      const { events, perMessage } = receiveBorrowed({}, Opcode.Binary, messages);
      expect(events).toEqual(binaryEvents(messages));
      expect(perMessage.slice(1)).toEqual([[64 * 1024], [64 * 1024]]);
      for (const event of events) expect((event as { data: Uint8Array }).data.buffer.byteLength).toBe(64 * 1024);
    });

    it('delivers a binary message shorter or longer than the last with exactly its bytes, in a buffer it spans', () => {
      const messages = [message(64 * 1024, 1), message(40_000, 2), message(64 * 1024, 3), message(90_000, 4), message(20_000, 5)];
      const { events } = receiveBorrowed({}, Opcode.Binary, messages);
      expect(events).toEqual(binaryEvents(messages));
      for (const event of events) {
        const data = (event as { data: Uint8Array }).data;
        expect([data.byteOffset, data.buffer.byteLength]).toEqual([0, data.length]);
      }
    });

    it('reserves half as much again for text, which is only decoded, and never more than the message limit', () => {
      const texts = [message(60_000, 1), message(61_000, 2), message(62_000, 3)];
      const { events, perMessage } = receiveBorrowed({ maxMessageBytes: 80_000 }, Opcode.Text, texts);
      expect(events).toEqual(texts.map((bytes) => ({ type: 'text', data: new TextDecoder().decode(bytes) })));
      expect(perMessage.slice(1)).toEqual([[80_000], [80_000]]);
      const { perMessage: unlimited } = receiveBorrowed({}, Opcode.Text, [message(40_000, 4), message(50_000, 5)]);
      expect(unlimited[1]).toEqual([60_000]);
    });

    it('reserves nothing for a message that does not start like the last (another first-fragment length)', () => {
      const messages = [message(64 * 1024, 1), message(3000, 2)];
      const { events, perMessage } = receiveBorrowed({}, Opcode.Binary, messages, [16 * 1024, 1500]);
      expect(events).toEqual(binaryEvents(messages));
      expect(Math.max(...perMessage[1])).toBeLessThan(16 * 1024);
    });

    it('reserves at most 256 times the first fragment, so a peer must send bytes to make it reserve memory', () => {
      // A 1 MiB message whose first fragment is 100 bytes, then messages that start the same way.
      const big = concat([message(100, 1), message(1024 * 1024 - 100, 2)]);
      const parts = (bytes: Uint8Array) => [bytes.subarray(0, 100), bytes.subarray(100)];
      const sizes: number[] = [];
      const platform = { ...recordingPlatform().platform, allocate: (length: number) => (sizes.push(length), new Uint8Array(length)) };
      const protocol = createProtocol({ platform, borrowedInput: true, maxMessageBytes: 2 * 1024 * 1024 });
      for (const bytes of [big, message(300, 3)]) {
        sizes.length = 0;
        const [first, rest] = parts(bytes);
        protocol.receiveData(concat([serverFrame(Opcode.Binary, first, { fin: false }), serverFrame(Opcode.Continuation, rest)]));
        protocol.detachInput();
      }
      expect(protocol.eventsReceived().map((event) => (event as { data: Uint8Array }).data.length)).toEqual([1024 * 1024, 300]);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(256 * 100);
    });

    it('decodes compressed fragmented messages joined from part-filled room (the extension reads them, the application never does)', () => {
      // Bytes of 64 values from a xorshift: compressible to about three quarters, not to nothing.
      let state = 2463534242;
      const noisy = (length: number) => Uint8Array.from({ length }, () => {
        state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
        return state & 0x3f;
      });
      const payloads = [noisy(50_000), noisy(60_000), noisy(30_000)];
      const compressed = payloads.map((bytes) => {
        const deflated = deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
        return deflated.subarray(0, deflated.length - 4);
      });
      const sizes: number[] = [];
      const platform = { ...recordingPlatform().platform, allocate: (length: number) => (sizes.push(length), new Uint8Array(length).fill(0xee)) };
      const protocol = createProtocol({ platform, borrowedInput: true, extension: create() });
      const read = new Uint8Array(64 * 1024);
      const firstAllocations: number[] = [];
      for (const bytes of compressed) {
        sizes.length = 0;
        const cut = Math.ceil(bytes.length / 3);
        const wire = concat([serverFrame(Opcode.Binary, bytes.subarray(0, 1000), { fin: false, rsv1: true }),
          serverFrame(Opcode.Continuation, bytes.subarray(1000, cut), { fin: false }), serverFrame(Opcode.Continuation, bytes.subarray(cut))]);
        read.set(wire);
        protocol.receiveData(read.subarray(0, wire.length));
        protocol.detachInput();
        read.fill(0);
        firstAllocations.push(sizes[0]);
      }
      const received = protocol.eventsReceived().map((event) => plain((event as { data: Uint8Array }).data));
      expect(received.map((bytes) => bytes.length)).toEqual(payloads.map((bytes) => bytes.length));
      expect(received.every((bytes, i) => Buffer.from(bytes).equals(payloads[i]))).toBe(true);
      // Each message after the first started like the one before: room for 1.5 times its bytes.
      expect(firstAllocations.slice(1)).toEqual([Math.floor(compressed[0].length * 1.5), Math.floor(compressed[1].length * 1.5)]);
      expect(compressed[1].length).toBeLessThan(firstAllocations[1]);
      expect(compressed[2].length).toBeLessThan(firstAllocations[2]);
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
