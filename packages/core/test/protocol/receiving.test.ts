import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { concat, createProtocol, sentFrames, serverFrame, utf8 } from './wire.js';

describe('ClientProtocol receiving messages', () => {
  // RFC 6455 §5.7 examples.
  it('delivers the §5.7 single-frame unmasked text message "Hello"', () => {
    const protocol = createProtocol();
    protocol.receiveData(Uint8Array.of(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'Hello' }]);
    expect(protocol.dataToSend()).toEqual([]);
  });

  it('delivers the §5.7 fragmented text message "Hel" + "lo"', () => {
    const protocol = createProtocol();
    protocol.receiveData(Uint8Array.of(0x01, 0x03, 0x48, 0x65, 0x6c));
    expect(protocol.eventsReceived()).toEqual([]);
    protocol.receiveData(Uint8Array.of(0x80, 0x02, 0x6c, 0x6f));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'Hello' }]);
  });

  it.each([0, 125, 126, 256, 65535, 65536])('delivers a %d-byte binary message', (length) => {
    const protocol = createProtocol();
    const payload = Uint8Array.from({ length }, (_, i) => i & 0xff);
    protocol.receiveData(serverFrame(Opcode.Binary, payload));
    expect(protocol.eventsReceived()).toEqual([{ type: 'binary', data: payload }]);
  });

  it('delivers a message whose bytes arrive one at a time', () => {
    const protocol = createProtocol();
    const wire = concat([serverFrame(Opcode.Text, 'hé', { fin: false }), serverFrame(Opcode.Continuation, 'llo')]);
    for (const byte of wire) protocol.receiveData(Uint8Array.of(byte));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'héllo' }]);
  });

  it('joins a text message whose multi-byte character is split across fragments', () => {
    const protocol = createProtocol();
    const euro = utf8('€'); // e2 82 ac
    protocol.receiveData(serverFrame(Opcode.Text, euro.subarray(0, 1), { fin: false }));
    protocol.receiveData(serverFrame(Opcode.Continuation, euro.subarray(1, 2), { fin: false }));
    protocol.receiveData(serverFrame(Opcode.Continuation, euro.subarray(2)));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: '€' }]);
  });

  it('delivers empty text and binary messages, also fragmented', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([
      serverFrame(Opcode.Text, ''),
      serverFrame(Opcode.Binary, new Uint8Array(0), { fin: false }),
      serverFrame(Opcode.Continuation, new Uint8Array(0)),
    ]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: '' }, { type: 'binary', data: new Uint8Array(0) }]);
  });

  it('delivers several messages from one chunk in order', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Binary, Uint8Array.of(1)), serverFrame(Opcode.Text, 'b')]));
    expect(protocol.eventsReceived()).toEqual([
      { type: 'text', data: 'a' }, { type: 'binary', data: Uint8Array.of(1) }, { type: 'text', data: 'b' },
    ]);
  });

  it('eventsReceived and dataToSend drain their queues', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Ping, 'x'));
    expect(protocol.eventsReceived()).toHaveLength(1);
    expect(protocol.eventsReceived()).toEqual([]);
    expect(protocol.dataToSend().length).toBeGreaterThan(0);
    expect(protocol.dataToSend()).toEqual([]);
  });
});

describe('ClientProtocol control frames', () => {
  it('replies to a ping with a pong carrying the same payload', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Ping, 'are you there?'));
    expect(protocol.eventsReceived()).toEqual([{ type: 'ping', data: utf8('are you there?') }]);
    const [pong] = sentFrames(protocol);
    expect(pong).toMatchObject({ fin: true, opcode: Opcode.Pong, masked: true, payload: utf8('are you there?') });
  });

  it('replies to an empty ping with an empty pong', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Ping));
    expect(sentFrames(protocol)).toMatchObject([{ opcode: Opcode.Pong, payload: new Uint8Array(0) }]);
  });

  it('answers each of several pings in order', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Ping, '1'), serverFrame(Opcode.Ping, '2')]));
    expect(sentFrames(protocol).map((f) => new TextDecoder().decode(f.payload))).toEqual(['1', '2']);
  });

  it('surfaces a pong without answering it', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Pong, 'beat'));
    expect(protocol.eventsReceived()).toEqual([{ type: 'pong', data: utf8('beat') }]);
    expect(protocol.dataToSend()).toEqual([]);
  });

  it('answers a ping interleaved inside a fragmented message and still delivers the message', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([
      serverFrame(Opcode.Text, 'frag', { fin: false }),
      serverFrame(Opcode.Ping, 'p'),
      serverFrame(Opcode.Continuation, 'mented', { fin: false }),
      serverFrame(Opcode.Pong, 'q'),
      serverFrame(Opcode.Continuation, '!'),
    ]));
    expect(protocol.eventsReceived()).toEqual([
      { type: 'ping', data: utf8('p') },
      { type: 'pong', data: utf8('q') },
      { type: 'text', data: 'fragmented!' },
    ]);
    expect(sentFrames(protocol)).toMatchObject([{ opcode: Opcode.Pong, payload: utf8('p') }]);
    expect(protocol.state).toBe('open');
  });
});
