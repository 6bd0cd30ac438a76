import { constants, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { WeftError } from '../../src/errors/index.js';
import { ClientProtocol } from '../../src/protocol/index.js';
import { create } from '../extensions/deflate-fixtures.js';
import { concat, createProtocol, parseClientFrames, sentFrames, utf8 } from './wire.js';

describe('ClientProtocol sending', () => {
  it('sends a text message as one masked frame', () => {
    const protocol = createProtocol();
    protocol.sendText('Hello');
    expect(sentFrames(protocol)).toMatchObject([{ fin: true, rsv1: false, opcode: Opcode.Text, masked: true, payload: utf8('Hello') }]);
  });

  it('client frames always masked and with a different key each time', () => {
    const protocol = createProtocol();
    protocol.sendText('a');
    protocol.sendBinary(Uint8Array.of(1, 2), 1);
    protocol.sendPing(utf8('p'));
    protocol.sendPong();
    protocol.sendClose(1000);
    const frames = sentFrames(protocol);
    expect(frames).toHaveLength(6);
    expect(frames.every((f) => f.masked && f.maskKey?.length === 4)).toBe(true);
    const keys = new Set(frames.map((f) => Array.from(f.maskKey ?? []).join(',')));
    expect(keys.size).toBe(frames.length);
  });

  it('masks with the bytes drawn from platform.fillRandom', () => {
    const protocol = new ClientProtocol({ platform: { fillRandom: (target) => target.fill(0xaa) } });
    protocol.sendBinary(Uint8Array.of(0xaa, 0x55));
    const chunks = protocol.dataToSend();
    expect(Array.from(chunks[0])).toEqual([0x82, 0x82, 0xaa, 0xaa, 0xaa, 0xaa, 0x00, 0xff]);
  });

  it('pushes each frame as one chunk: header, masking key and masked payload together', () => {
    const protocol = createProtocol();
    protocol.sendBinary(new Uint8Array(300));
    protocol.sendBinary(new Uint8Array(70_000));
    const chunks = protocol.dataToSend();
    expect(chunks.map((c) => c.length)).toEqual([2 + 2 + 4 + 300, 2 + 8 + 4 + 70_000]);
  });

  it('masks a big text message in its own encoded buffer and sends header and payload as two chunks', () => {
    const text = 'é'.repeat(20_000) + 'end';
    const protocol = createProtocol();
    protocol.sendText(text);
    protocol.sendText(text, 16_500);
    const chunks = protocol.dataToSend();
    expect(chunks.map((c) => c.length)).toEqual([8, 40_003, 8, 16_500, 8, 16_500, 8 + 7_003]);
    const again = createProtocol();
    again.sendText(text);
    again.sendText(text, 16_500);
    const frames = sentFrames(again);
    expect(frames.map((f) => [f.opcode, f.fin, f.masked])).toEqual([
      [Opcode.Text, true, true], [Opcode.Text, false, true], [Opcode.Continuation, false, true], [Opcode.Continuation, true, true],
    ]);
    expect(new TextDecoder().decode(frames[0].payload)).toBe(text);
    expect(new TextDecoder().decode(concat(frames.slice(1).map((f) => f.payload)))).toBe(text);
  });

  it("writes a big text message's header into the room the platform leaves before its UTF-8, so the frame is one chunk", () => {
    const rooms: number[] = [];
    const buffers: Uint8Array[] = [];
    const platform = {
      fillRandom: (target: Uint8Array) => target.fill(7),
      encodeUtf8(): Uint8Array {
        throw new Error('encodeUtf8 must not be called when encodeUtf8WithRoom is given');
      },
      encodeUtf8WithRoom(text: string, room: number): Uint8Array {
        rooms.push(room);
        const bytes = new TextEncoder().encode(text);
        const framed = new Uint8Array(room + bytes.length).fill(0xee); // the room is garbage
        framed.set(bytes, room);
        buffers.push(framed);
        return framed;
      },
    };
    const text = 'é'.repeat(20_000) + 'end'; // 40 003 bytes: a 16-bit length, an 8-byte head
    const big = 'x'.repeat(70_000); // a 64-bit length, a 14-byte head
    const protocol = createProtocol({ platform });
    protocol.sendText(text);
    protocol.sendText(big);
    protocol.sendText(text, 16_500);
    const chunks = protocol.dataToSend();
    expect(rooms).toEqual([14, 14, 14]);
    // One chunk per one-frame message, lying in the platform's buffer right up to its end, the
    // unused part of the room left alone; so is the first fragment, while the next ones keep a
    // header of their own (the last, short, is masked into a buffer with its header).
    expect(chunks.map((c) => c.length)).toEqual([8 + 40_003, 14 + 70_000, 8 + 16_500, 8, 16_500, 8 + 7_003]);
    expect(chunks[0].buffer).toBe(buffers[0].buffer);
    expect(chunks[0].byteOffset).toBe(6);
    expect(Array.from(buffers[0].subarray(0, 6))).toEqual([0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
    expect(chunks[1].buffer).toBe(buffers[1].buffer);
    expect(chunks[1].byteOffset).toBe(0);
    expect(chunks[2].buffer).toBe(buffers[2].buffer);
    expect(chunks[2].byteOffset).toBe(6);
    const frames = parseClientFrames(chunks);
    expect(frames.map((f) => [f.opcode, f.fin, f.masked])).toEqual([
      [Opcode.Text, true, true], [Opcode.Text, true, true], [Opcode.Text, false, true], [Opcode.Continuation, false, true], [Opcode.Continuation, true, true],
    ]);
    expect(new TextDecoder().decode(frames[0].payload)).toBe(text);
    expect(new TextDecoder().decode(frames[1].payload)).toBe(big);
    expect(new TextDecoder().decode(concat(frames.slice(2).map((f) => f.payload)))).toBe(text);
  });

  it('leaves the room alone when permessage-deflate encodes the message (its output is not ours to write before)', () => {
    let framed: Uint8Array | undefined;
    const platform = {
      fillRandom: (target: Uint8Array) => target.fill(7),
      encodeUtf8WithRoom(text: string, room: number): Uint8Array {
        const bytes = new TextEncoder().encode(text);
        framed = new Uint8Array(room + bytes.length).fill(0xee);
        framed.set(bytes, room);
        return framed;
      },
    };
    const protocol = createProtocol({ platform, extension: create() });
    const text = 'compressible text '.repeat(2_000);
    protocol.sendText(text);
    const [frame] = parseClientFrames(protocol.dataToSend());
    expect(frame.rsv1).toBe(true);
    const inflated = inflateRawSync(concat([frame.payload, Uint8Array.of(0, 0, 0xff, 0xff)]), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(inflated.toString()).toBe(text);
    expect(Array.from(framed!.subarray(0, 14))).toEqual(new Array(14).fill(0xee));
    // A message the extension leaves uncompressed (under its threshold) is ours again: one chunk.
    const unencoded = createProtocol({ platform, extension: create({}, 1 << 20) });
    unencoded.sendText(text);
    const chunks = unencoded.dataToSend();
    expect(chunks).toHaveLength(1);
    expect(chunks[0].buffer).toBe(framed!.buffer);
    expect(new TextDecoder().decode(parseClientFrames(chunks)[0].payload)).toBe(text);
  });

  it('gives the host back encoded text that no queued frame views, and only that', () => {
    const { platform, encoded, recycled } = recordingTextPlatform();
    const text = 'compressible text '.repeat(2_000);
    const given = (send: (protocol: ClientProtocol) => void, options = {}): boolean => {
      const protocol = createProtocol({ platform, ...options });
      const before = recycled.length;
      send(protocol);
      const frames = parseClientFrames(protocol.dataToSend());
      expect(new TextDecoder().decode(concat(frames.map((f) => f.payload))) === text || frames[0].rsv1).toBe(true);
      expect(recycled.length - before).toBeLessThanOrEqual(1);
      return recycled.length > before && recycled.at(-1) === encoded.at(-1);
    };
    // Compressed: the extension's output was framed, never the text.
    expect(given((p) => p.sendText(text), { extension: create() })).toBe(true);
    // Fragments under 16 KiB are copied into frames of their own: nothing views the text.
    expect(given((p) => p.sendText(text, 4096))).toBe(true);
    // Sent as it is, masked in place: the frame is the text's buffer, returned once written.
    expect(given((p) => p.sendText(text), { extension: create({}, 1 << 20) })).toBe(false);
    expect(given((p) => p.sendText(text))).toBe(false);
    // Fragments of 16 KiB or more are views of it.
    expect(given((p) => p.sendText(text, 16 * 1024))).toBe(false);
  });

  it('gives back compressed text whose buffer shares memory with the frames (one arena for both)', () => {
    // Node carves the encoded text and the compressed frame from the same memory: sharing an
    // ArrayBuffer with a queued frame is not viewing the text.
    const arena = new ArrayBuffer(4 * 1024 * 1024);
    let used = 0;
    const carve = (length: number): Uint8Array => {
      const piece = new Uint8Array(arena, used, length);
      used += length;
      return piece;
    };
    const recycled: Uint8Array[] = [];
    let framed: Uint8Array | undefined;
    const platform = {
      fillRandom: (target: Uint8Array) => target.fill(7),
      allocate: (length: number) => new Uint8Array(length),
      allocateFrame: carve,
      recycle: (buffer: Uint8Array) => recycled.push(buffer),
      encodeUtf8WithRoom(text: string, room: number): Uint8Array {
        framed = carve(room + text.length);
        new TextEncoder().encodeInto(text, framed.subarray(room));
        return framed;
      },
    };
    const protocol = createProtocol({ platform, extension: create() });
    // Hardly compressible: the compressed frame is big, and from the shared memory too.
    const text = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join('');
    protocol.sendText(text);
    const chunks = protocol.dataToSend();
    expect(chunks.some((chunk) => chunk.buffer === arena)).toBe(true);
    expect(parseClientFrames(chunks)[0].rsv1).toBe(true);
    expect(recycled).toHaveLength(1);
    expect(recycled[0] === framed).toBe(true);
  });

  it('gives back no text core encoded itself, which is no buffer of the host\'s', () => {
    const recycled: Uint8Array[] = [];
    const platform = {
      fillRandom: (target: Uint8Array) => target.fill(7),
      allocate: (length: number) => new Uint8Array(length),
      recycle: (buffer: Uint8Array) => recycled.push(buffer),
    };
    const protocol = createProtocol({ platform, extension: create() });
    protocol.sendText('compressible text '.repeat(2_000));
    expect(parseClientFrames(protocol.dataToSend())[0].rsv1).toBe(true);
    expect(recycled).toEqual([]);
  });

  it('gives back no streamed text while its last view waits to be written', () => {
    const { platform, recycled } = recordingTextPlatform();
    const protocol = createProtocol({ platform });
    protocol.sendText('short');
    // The earlier pieces go to the transport as they are masked, emptying the output queue.
    protocol.writeEagerly(() => {});
    protocol.sendText('z'.repeat(4 * 1024 * 1024 + 5));
    expect(recycled).toEqual([]);
    expect(protocol.dataToSend()).toHaveLength(1);
  });

  it('refuses a text message on a closed connection, or with a bad fragment size, before encoding it', () => {
    let encodings = 0;
    const platform = {
      fillRandom: (target: Uint8Array) => target.fill(7),
      encodeUtf8WithRoom(text: string, room: number): Uint8Array {
        encodings++;
        return new Uint8Array(room + text.length);
      },
    };
    const protocol = createProtocol({ platform });
    expect(() => protocol.sendText('x'.repeat(100_000), 0)).toThrow(TypeError);
    expect(encodings).toBe(0);
    protocol.sendClose(1000);
    expect(() => protocol.sendText('x'.repeat(100_000))).toThrow(/cannot send a message/);
    expect(encodings).toBe(0);
  });

  it('writes a streamed text message (4 MiB or more) with a header of its own, the room left alone', () => {
    let framed: Uint8Array | undefined;
    const platform = {
      fillRandom: (target: Uint8Array) => target.fill(7),
      encodeUtf8WithRoom(text: string, room: number): Uint8Array {
        framed = new Uint8Array(room + text.length).fill(0xee);
        new TextEncoder().encodeInto(text, framed.subarray(room));
        return framed;
      },
    };
    const protocol = createProtocol({ platform });
    const flushed: Uint8Array[] = [];
    protocol.writeEagerly((chunks) => void flushed.push(...chunks));
    const text = 'y'.repeat(4 * 1024 * 1024 + 5);
    protocol.sendText(text);
    const chunks = [...flushed, ...protocol.dataToSend()];
    expect(chunks[0].length).toBe(14);
    expect(chunks[0].buffer).not.toBe(framed!.buffer);
    expect(Array.from(framed!.subarray(0, 14))).toEqual(new Array(14).fill(0xee));
    expect(new TextDecoder().decode(parseClientFrames(chunks)[0].payload) === text).toBe(true);
  });

  it('never modifies the caller\'s buffer', () => {
    const protocol = createProtocol();
    const data = Uint8Array.of(1, 2, 3, 4, 5);
    protocol.sendBinary(data, 2);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5]);
  });

  it('splits a message into continuation frames of fragmentBytes', () => {
    const protocol = createProtocol();
    protocol.sendBinary(Uint8Array.of(1, 2, 3, 4, 5), 2);
    expect(sentFrames(protocol).map((f) => [f.opcode, f.fin, Array.from(f.payload)])).toEqual([
      [Opcode.Binary, false, [1, 2]], [Opcode.Continuation, false, [3, 4]], [Opcode.Continuation, true, [5]],
    ]);
  });

  it('sends one frame when the message fits in fragmentBytes, and one empty frame for an empty message', () => {
    const protocol = createProtocol();
    protocol.sendText('abc', 3);
    protocol.sendText('', 3);
    expect(sentFrames(protocol).map((f) => [f.opcode, f.fin, f.payload.length])).toEqual([[Opcode.Text, true, 3], [Opcode.Text, true, 0]]);
  });

  it('splits text by bytes, which the peer reassembles into the same string', () => {
    const protocol = createProtocol();
    protocol.sendText('€uro', 2);
    const frames = sentFrames(protocol);
    expect(frames.length).toBe(3);
    expect(new TextDecoder().decode(concat(frames.map((f) => f.payload)))).toBe('€uro');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects fragmentBytes %d', (fragmentBytes) => {
    expect(() => createProtocol().sendText('x', fragmentBytes)).toThrow(TypeError);
  });

  it('rejects a ping payload over 125 bytes with a WeftError and sends nothing', () => {
    const protocol = createProtocol();
    expect(() => protocol.sendPing(new Uint8Array(126))).toThrow(WeftError);
    expect(() => protocol.sendPong(new Uint8Array(126))).toThrow(/126 bytes; the limit is 125/);
    protocol.sendPing(new Uint8Array(125));
    expect(sentFrames(protocol)).toHaveLength(1);
  });

  it('rejects arguments of the wrong type with TypeError', () => {
    const protocol = createProtocol();
    expect(() => protocol.sendText(1 as unknown as string)).toThrow(TypeError);
    expect(() => protocol.sendBinary('x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => protocol.sendPing('x' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('ClientProtocol options', () => {
  it.each([
    ['no options', undefined],
    ['no platform', {}],
    ['a fillRandom that is not a function', { platform: { fillRandom: 1 } }],
    ['a zero maxMessageBytes', { platform: { fillRandom: () => {} }, maxMessageBytes: 0 }],
    ['a fractional maxFragments', { platform: { fillRandom: () => {} }, maxFragments: 1.5 }],
    ['an extension without methods', { platform: { fillRandom: () => {} }, extension: { name: 'x' } }],
    ['an onDebug that is not a function', { platform: { fillRandom: () => {} }, onDebug: 'yes' }],
  ])('throws TypeError at construction given %s', (_name, options) => {
    expect(() => new ClientProtocol(options as never)).toThrow(TypeError);
  });

  it('calls onDebug when it discards input, and formats nothing when it is absent', () => {
    const messages: string[] = [];
    const protocol = createProtocol({ onDebug: (m) => messages.push(m) });
    protocol.receiveData(Uint8Array.of(0x80, 0x00)); // continuation without a start
    protocol.receiveData(Uint8Array.of(0x81, 0x00));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/failing the connection with 1002/);
    expect(messages[1]).toMatch(/discarding 2 bytes/);
  });
});

/** A platform that encodes text with room and records what it encoded and what core gave back. */
function recordingTextPlatform() {
  const encoded: Uint8Array[] = [];
  const recycled: Uint8Array[] = [];
  const platform = {
    fillRandom: (target: Uint8Array) => target.fill(7),
    allocate: (length: number) => new Uint8Array(length),
    recycle: (buffer: Uint8Array) => recycled.push(buffer),
    encodeUtf8WithRoom(text: string, room: number): Uint8Array {
      const bytes = new TextEncoder().encode(text);
      const framed = new Uint8Array(room + bytes.length);
      framed.set(bytes, room);
      encoded.push(framed);
      return framed;
    },
  };
  return { platform, encoded, recycled };
}
