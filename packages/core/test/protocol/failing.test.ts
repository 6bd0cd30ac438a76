import { describe, expect, it, vi } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { ProtocolError } from '../../src/errors/index.js';
import { Utf8Validator } from '../../src/utf8/index.js';
import { type ClientProtocol } from '../../src/protocol/index.js';
import { closeBody, closeCodeOf, concat, createProtocol, sentFrames, serverFrame, utf8 } from './wire.js';

/** Asserts the protocol failed with `closeCode`: failure event, one close frame, state closed. */
function expectFailed(protocol: ClientProtocol, closeCode: number): void {
  const events = protocol.eventsReceived();
  const failure = events.find((e) => e.type === 'failure');
  expect(failure, JSON.stringify(events)).toBeDefined();
  if (failure?.type === 'failure') {
    expect(failure.error).toBeInstanceOf(ProtocolError);
    expect(failure.error.closeCode).toBe(closeCode);
  }
  const closes = sentFrames(protocol).filter((f) => f.opcode === Opcode.Close);
  expect(closes).toHaveLength(1);
  expect(closeCodeOf(closes[0])).toBe(closeCode);
  expect(protocol.state).toBe('closed');
  expect(protocol.closeCode).toBe(closeCode);
  expect(protocol.closedBy).toBe('local');
  expect(protocol.wasClean).toBe(false);
  expect(protocol.closeExpected()).toBe(true);
}

const invalidUtf8 = Uint8Array.of(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64);

// Each stream breaks one MUST of RFC 6455 that binds a client; [behaviour, bytes, close code].
const violations: Array<[string, Uint8Array, number]> = [
  ['a server frame is masked (§5.1)', serverFrame(Opcode.Text, 'hi', { maskKey: Uint8Array.of(1, 2, 3, 4) }), 1002],
  ['RSV1 is set without a negotiated extension (§5.2)', serverFrame(Opcode.Text, 'hi', { rsv1: true }), 1002],
  ['RSV2 is set (§5.2)', serverFrame(Opcode.Binary, 'hi', { rsv2: true }), 1002],
  ['RSV3 is set (§5.2)', serverFrame(Opcode.Ping, '', { rsv3: true }), 1002],
  ['RSV3 is set on a one-frame binary message (§5.2)', serverFrame(Opcode.Binary, 'hi', { rsv3: true }), 1002],
  ['RSV2 is set on a one-frame text message (§5.2)', serverFrame(Opcode.Text, 'hi', { rsv2: true }), 1002],
  ['RSV3 is set on a one-frame text message (§5.2)', serverFrame(Opcode.Text, 'hi', { rsv3: true }), 1002],
  ['a reserved data opcode arrives (§5.2)', serverFrame(3, 'x'), 1002],
  ['a reserved control opcode arrives (§5.2)', serverFrame(0xb, 'x'), 1002],
  ['a control frame is fragmented (§5.5)', serverFrame(Opcode.Ping, 'x', { fin: false }), 1002],
  ['a control frame payload exceeds 125 bytes (§5.5)', serverFrame(Opcode.Ping, new Uint8Array(126)), 1002],
  ['a 16-bit length encodes a length below 126 (§5.2 minimal encoding)', Uint8Array.of(0x82, 126, 0, 5, 1, 2, 3, 4, 5), 1002],
  ['a 64-bit length has its most significant bit set (§5.2)', Uint8Array.of(0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1), 1002],
  ['a continuation frame arrives with no message started (§5.4)', serverFrame(Opcode.Continuation, 'x'), 1002],
  ['a new data frame arrives inside a fragmented message (§5.4)',
    concat([serverFrame(Opcode.Text, 'a', { fin: false }), serverFrame(Opcode.Binary, 'b')]), 1002],
  ['a close frame has a 1-byte payload (§5.5.1)', serverFrame(Opcode.Close, Uint8Array.of(3)), 1002],
  ['a close frame carries the reserved code 1005 (§7.4.1)', serverFrame(Opcode.Close, closeBody(1005)), 1002],
  ['a close frame carries the undefined code 2000 (§7.4.2)', serverFrame(Opcode.Close, closeBody(2000)), 1002],
  ['a close reason is invalid UTF-8 (§8.1)', serverFrame(Opcode.Close, concat([closeBody(1000), Uint8Array.of(0xff)])), 1007],
  ['a one-frame text message is invalid UTF-8 (§8.1)', serverFrame(Opcode.Text, invalidUtf8), 1007],
  ['a fragmented text message ends mid-character (§8.1)',
    concat([serverFrame(Opcode.Text, 'ok', { fin: false }), serverFrame(Opcode.Continuation, Uint8Array.of(0xe2, 0x82))]), 1007],
];

describe('ClientProtocol failing the connection', () => {
  it.each(violations)('fails the connection when %s', (_behaviour, bytes, closeCode) => {
    const protocol = createProtocol();
    protocol.receiveData(bytes);
    expectFailed(protocol, closeCode);
  });

  it('fails with 1007 on invalid UTF-8 in the first fragment without waiting for the last', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Text, Uint8Array.of(0x61, 0xc0, 0x80), { fin: false }));
    expectFailed(protocol, 1007);
  });

  it('fails with 1007 at the middle fragment that makes the text invalid', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Text, utf8('κόσμε'), { fin: false }));
    expect(protocol.eventsReceived()).toEqual([]);
    protocol.receiveData(serverFrame(Opcode.Continuation, Uint8Array.of(0xf4, 0x90), { fin: false }));
    expectFailed(protocol, 1007);
  });

  it('fails with 1009 when a single frame exceeds maxMessageBytes, from its header', () => {
    const protocol = createProtocol({ maxMessageBytes: 10 });
    // Only the header of an 11-byte frame: refused before any payload arrives.
    protocol.receiveData(serverFrame(Opcode.Binary, new Uint8Array(11)).subarray(0, 2));
    expectFailed(protocol, 1009);
  });

  it('fails with 1009 when a frame exceeds maxFrameBytes', () => {
    const protocol = createProtocol({ maxFrameBytes: 4 });
    protocol.receiveData(serverFrame(Opcode.Binary, new Uint8Array(5)));
    expectFailed(protocol, 1009);
  });

  it('1009 when the second fragment pushes the message over maxMessageBytes', () => {
    const protocol = createProtocol({ maxMessageBytes: 10 });
    protocol.receiveData(serverFrame(Opcode.Binary, new Uint8Array(6), { fin: false }));
    expect(protocol.eventsReceived()).toEqual([]);
    protocol.receiveData(serverFrame(Opcode.Continuation, new Uint8Array(5)));
    expectFailed(protocol, 1009);
  });

  it('accepts a fragmented message of exactly maxMessageBytes', () => {
    const protocol = createProtocol({ maxMessageBytes: 10 });
    protocol.receiveData(concat([serverFrame(Opcode.Binary, new Uint8Array(6), { fin: false }), serverFrame(Opcode.Continuation, new Uint8Array(4))]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'binary', data: new Uint8Array(10) }]);
  });

  it('1009 when a message has more than maxFragments fragments', () => {
    const protocol = createProtocol({ maxFragments: 3 });
    protocol.receiveData(concat([
      serverFrame(Opcode.Text, 'a', { fin: false }),
      serverFrame(Opcode.Continuation, 'b', { fin: false }),
      serverFrame(Opcode.Continuation, 'c', { fin: false }),
    ]));
    expect(protocol.eventsReceived()).toEqual([]);
    protocol.receiveData(serverFrame(Opcode.Continuation, 'd'));
    expectFailed(protocol, 1009);
  });

  it('accepts a message of exactly maxFragments fragments', () => {
    const protocol = createProtocol({ maxFragments: 2 });
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'a', { fin: false }), serverFrame(Opcode.Continuation, 'b')]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'ab' }]);
  });

  it('discards input after failing the connection', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Continuation, 'x'), serverFrame(Opcode.Ping, 'after')]));
    expectFailed(protocol, 1002);
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'late'), serverFrame(Opcode.Ping, 'late')]));
    expect(protocol.eventsReceived()).toEqual([]);
    expect(protocol.dataToSend()).toEqual([]);
  });

  it('keeps the messages completed before the violating frame', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'first'), serverFrame(Opcode.Continuation, 'x')]));
    expect(protocol.eventsReceived()[0]).toEqual({ type: 'text', data: 'first' });
  });

  it('does not send a second close frame when failing during the closing handshake', () => {
    const protocol = createProtocol();
    protocol.sendClose(1000);
    protocol.dataToSend();
    protocol.receiveData(serverFrame(Opcode.Text, Uint8Array.of(0xff)));
    expect(protocol.eventsReceived()).toMatchObject([{ type: 'failure' }]);
    expect(protocol.dataToSend()).toEqual([]);
    expect(protocol.state).toBe('closed');
    expect(protocol.closeCode).toBe(1007);
    expect(protocol.closedBy).toBe('local');
  });

  it('reports an unexpected internal error as a 1011 failure without throwing', () => {
    const protocol = createProtocol();
    const push = vi.spyOn(Utf8Validator.prototype, 'push').mockImplementation(() => { throw new Error('boom'); });
    try {
      expect(() => protocol.receiveData(serverFrame(Opcode.Text, 'a', { fin: false }))).not.toThrow();
    } finally {
      push.mockRestore();
    }
    expectFailed(protocol, 1011);
  });

  it('throws TypeError at once when receiveData is given something other than bytes', () => {
    expect(() => createProtocol().receiveData('text' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('frames that precede a wire violation in the same chunk', () => {
  it('delivers the message that arrived in the same chunk as a later reserved-opcode frame', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'before'), serverFrame(3, 'x')]));
    const events = protocol.eventsReceived();
    expect(events[0]).toEqual({ type: 'text', data: 'before' });
    expect(events.some((e) => e.type === 'failure' && e.error.closeCode === 1002)).toBe(true);
    expect(protocol.state).toBe('closed');
  });
});
