import { describe, expect, it } from 'vitest';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { Opcode } from '../../src/codec/index.js';
import { ProtocolError } from '../../src/errors/index.js';
import { PerMessageDeflate, type DeflateCodec, type PerMessageExtension } from '../../src/extensions/index.js';
import { closeBody, closeCodeOf, concat, createProtocol, sentFrames, serverFrame, utf8 } from './wire.js';

/** A toy RSV1 extension: "compressed" means the bytes are reversed. */
function reversing(overrides: Partial<PerMessageExtension> = {}): PerMessageExtension & { decoded: number[] } {
  const decoded: number[] = [];
  return {
    name: 'x-reverse',
    decoded,
    decodeMessage(payload, maxBytes) {
      decoded.push(maxBytes);
      return payload.slice().reverse();
    },
    encodeMessage(payload) {
      return payload.length >= 3 ? payload.slice().reverse() : undefined;
    },
    ...overrides,
  };
}

function failureCode(events: ReturnType<ReturnType<typeof createProtocol>['eventsReceived']>): number | undefined {
  const failure = events.find((e) => e.type === 'failure');
  return failure?.type === 'failure' ? failure.error.closeCode : undefined;
}

describe('ClientProtocol with a negotiated extension', () => {
  it('passes a whole RSV1 message to decodeMessage with maxMessageBytes', () => {
    const extension = reversing();
    const protocol = createProtocol({ extension, maxMessageBytes: 1000 });
    protocol.receiveData(serverFrame(Opcode.Text, 'olleh', { rsv1: true }));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'hello' }]);
    expect(extension.decoded).toEqual([1000]);
  });

  it('joins the fragments of an RSV1 message before decoding it once', () => {
    const extension = reversing();
    const protocol = createProtocol({ extension });
    protocol.receiveData(concat([serverFrame(Opcode.Binary, Uint8Array.of(3, 2), { rsv1: true, fin: false }), serverFrame(Opcode.Continuation, Uint8Array.of(1))]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'binary', data: Uint8Array.of(1, 2, 3) }]);
    expect(extension.decoded).toHaveLength(1);
  });

  it('delivers messages without RSV1 untouched', () => {
    const extension = reversing();
    const protocol = createProtocol({ extension });
    protocol.receiveData(serverFrame(Opcode.Text, 'plain'));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'plain' }]);
    expect(extension.decoded).toEqual([]);
  });

  it.each([
    ['a continuation frame', concat([serverFrame(Opcode.Text, 'a', { fin: false }), serverFrame(Opcode.Continuation, 'b', { rsv1: true })])],
    ['a ping', serverFrame(Opcode.Ping, 'a', { rsv1: true })],
    ['a close frame', serverFrame(Opcode.Close, Uint8Array.of(3, 0xe8), { rsv1: true })],
  ])('fails with 1002 when RSV1 is set on %s (RFC 7692 §6)', (_name, bytes) => {
    const protocol = createProtocol({ extension: reversing() });
    protocol.receiveData(bytes);
    expect(failureCode(protocol.eventsReceived())).toBe(1002);
  });

  it.each([
    ['binary', Opcode.Binary, false],
    ['text', Opcode.Text, false],
    ['binary, one message at a time', Opcode.Binary, true],
    ['text, one message at a time', Opcode.Text, true],
  ])('fails with 1009 on an uncompressed one-frame %s message over maxMessageBytes, though frames may reach the encoded bound', (_name, opcode, pauseAfterMessage) => {
    const extension = reversing({ maxEncodedBytes: (max) => max + 100 });
    const protocol = createProtocol({ extension, maxMessageBytes: 10, pauseAfterMessage });
    let paused = protocol.receiveData(concat([serverFrame(opcode, 'a'.repeat(10)), serverFrame(opcode, 'b'.repeat(11))]));
    while (paused) paused = protocol.processPendingInput();
    const events = protocol.eventsReceived();
    expect(events[0]).toMatchObject({ type: opcode === Opcode.Text ? 'text' : 'binary' });
    expect(failureCode(events)).toBe(1009);
    expect(closeCodeOf(sentFrames(protocol)[0])).toBe(1009);
  });

  it.each([['binary', Opcode.Binary], ['text', Opcode.Text]])('fails with 1009 from the first chunk of an uncompressed %s frame over maxMessageBytes, before the rest is buffered', (_name, opcode) => {
    const extension = reversing({ maxEncodedBytes: (max) => max + 1000 });
    const protocol = createProtocol({ extension, maxMessageBytes: 1000 });
    const frame = serverFrame(opcode, 'c'.repeat(1500));
    protocol.receiveData(frame.subarray(0, 100));
    expect(failureCode(protocol.eventsReceived())).toBe(1009);
    expect(protocol.state).toBe('closed');
  });

  it('fails with the close code of a ProtocolError thrown by decodeMessage', () => {
    const protocol = createProtocol({
      extension: reversing({ decodeMessage: () => { throw new ProtocolError('ERR_MESSAGE_TOO_BIG', 1009, 'too big'); } }),
    });
    protocol.receiveData(serverFrame(Opcode.Binary, 'x', { rsv1: true }));
    expect(failureCode(protocol.eventsReceived())).toBe(1009);
    expect(closeCodeOf(sentFrames(protocol)[0])).toBe(1009);
  });

  it('fails with 1007 when decodeMessage throws anything else (corrupt compressed data)', () => {
    const protocol = createProtocol({ extension: reversing({ decodeMessage: () => { throw new Error('invalid stored block'); } }) });
    protocol.receiveData(serverFrame(Opcode.Binary, 'x', { rsv1: true }));
    const events = protocol.eventsReceived();
    expect(failureCode(events)).toBe(1007);
  });

  it('fails with 1009 when the decoded message exceeds maxMessageBytes', () => {
    const protocol = createProtocol({ maxMessageBytes: 4, extension: reversing({ decodeMessage: () => new Uint8Array(5) }) });
    protocol.receiveData(serverFrame(Opcode.Binary, 'x', { rsv1: true }));
    expect(failureCode(protocol.eventsReceived())).toBe(1009);
  });

  it('fails with 1007 when a decoded text message is invalid UTF-8', () => {
    const protocol = createProtocol({ extension: reversing({ decodeMessage: () => Uint8Array.of(0xc3) }) });
    protocol.receiveData(serverFrame(Opcode.Text, 'x', { rsv1: true }));
    expect(failureCode(protocol.eventsReceived())).toBe(1007);
  });

  it('sets RSV1 on the first frame only when encodeMessage returns bytes', () => {
    const protocol = createProtocol({ extension: reversing() });
    protocol.sendBinary(Uint8Array.of(1, 2, 3, 4), 2);
    protocol.sendText('ab');
    expect(sentFrames(protocol).map((f) => [f.opcode, f.rsv1, Array.from(f.payload)])).toEqual([
      [Opcode.Binary, true, [4, 3]], [Opcode.Continuation, false, [2, 1]], [Opcode.Text, false, Array.from(utf8('ab'))],
    ]);
  });
});

describe('ClientProtocol disposing its extension', () => {
  const disposing = () => {
    let disposed = 0;
    return { extension: reversing({ dispose: () => { disposed++; } }), disposed: () => disposed };
  };

  it('disposes it once when the closing handshake completes, not before', () => {
    const { extension, disposed } = disposing();
    const protocol = createProtocol({ extension });
    protocol.sendClose(1000);
    expect(protocol.state).toBe('closing');
    expect(disposed()).toBe(0);
    protocol.receiveData(serverFrame(Opcode.Close, closeBody(1000)));
    protocol.receiveEof();
    expect(protocol.state).toBe('closed');
    expect(disposed()).toBe(1);
  });

  it('disposes it when the connection fails or the transport ends without a close frame', () => {
    const failed = disposing();
    const failing = createProtocol({ extension: failed.extension });
    failing.receiveData(serverFrame(Opcode.Binary, 'x', { rsv1: true, fin: false }));
    failing.receiveData(serverFrame(Opcode.Binary, 'y'));
    expect(failing.state).toBe('closed');
    expect(failed.disposed()).toBe(1);
    const ended = disposing();
    const ending = createProtocol({ extension: ended.extension });
    ending.receiveEof();
    ending.receiveEof();
    expect(ended.disposed()).toBe(1);
  });
});

describe('ClientProtocol with permessage-deflate over node:zlib', () => {
  const codec: DeflateCodec = {
    inflateRaw: (data, dictionary, maxOutputBytes) => inflateRawSync(data, { dictionary, maxOutputLength: Math.max(maxOutputBytes, 1), finishFlush: constants.Z_SYNC_FLUSH }),
    deflateRaw: (data, dictionary, windowBits) => deflateRawSync(data, { dictionary, windowBits, finishFlush: constants.Z_SYNC_FLUSH }),
  };
  const agreement = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 };

  it('delivers a compressed text message from the server', () => {
    const protocol = createProtocol({ extension: new PerMessageDeflate({ codec, agreement }) });
    const compressed = deflateRawSync(utf8('Hello'), { finishFlush: constants.Z_SYNC_FLUSH });
    protocol.receiveData(serverFrame(Opcode.Text, compressed.subarray(0, compressed.length - 4), { rsv1: true }));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'Hello' }]);
  });

  it('fails with 1007 on a corrupt deflate stream', () => {
    const protocol = createProtocol({ extension: new PerMessageDeflate({ codec, agreement }) });
    protocol.receiveData(serverFrame(Opcode.Binary, Uint8Array.of(0xff, 0xff, 0xff), { rsv1: true }));
    expect(failureCode(protocol.eventsReceived())).toBe(1007);
  });

  it('sends a large message compressed with RSV1 set', () => {
    const protocol = createProtocol({ extension: new PerMessageDeflate({ codec, agreement, thresholdBytes: 0 }) });
    protocol.sendText('a'.repeat(2000));
    const [frame] = sentFrames(protocol);
    expect(frame.rsv1).toBe(true);
    const inflated = inflateRawSync(concat([frame.payload, Uint8Array.of(0, 0, 0xff, 0xff)]), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(new TextDecoder().decode(inflated)).toBe('a'.repeat(2000));
  });
});
