import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { WeftError } from '../../src/errors/index.js';
import { ClientProtocol } from '../../src/protocol/index.js';
import { concat, createProtocol, sentFrames, utf8 } from './wire.js';

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
