import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { InvalidStateError } from '../../src/errors/index.js';
import { closeBody, closeCodeOf, concat, createProtocol, sentFrames, serverFrame, utf8 } from './wire.js';

describe('ClientProtocol closing handshake started by the server', () => {
  it('answers a close frame with a close frame echoing the code', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Close, closeBody(1001, 'restarting')));
    expect(protocol.eventsReceived()).toEqual([{ type: 'close', code: 1001, reason: 'restarting' }]);
    const frames = sentFrames(protocol);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ opcode: Opcode.Close, masked: true, fin: true });
    expect(closeCodeOf(frames[0])).toBe(1001);
    expect(frames[0].payload).toHaveLength(2);
    expect(protocol.state).toBe('closed');
    expect(protocol.closeExpected()).toBe(true);
    expect({ code: protocol.closeCode, reason: protocol.closeReason, closedBy: protocol.closedBy, wasClean: protocol.wasClean })
      .toEqual({ code: 1001, reason: 'restarting', closedBy: 'remote', wasClean: true });
  });

  it('answers an empty close frame with an empty close frame and reports 1005', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Close));
    expect(protocol.eventsReceived()).toEqual([{ type: 'close', code: 1005, reason: '' }]);
    const [reply] = sentFrames(protocol);
    expect(reply.opcode).toBe(Opcode.Close);
    expect(reply.payload).toHaveLength(0);
    expect(protocol.closeCode).toBe(1005);
  });

  it('echoes an application code from the 3000-4999 range', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Close, closeBody(4321)));
    expect(closeCodeOf(sentFrames(protocol)[0])).toBe(4321);
  });

  it('ignores frames that follow the close frame', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Close, closeBody(1000)), serverFrame(Opcode.Ping, 'x'), serverFrame(Opcode.Text, 'y')]));
    protocol.receiveData(serverFrame(Opcode.Text, 'z'));
    expect(protocol.eventsReceived()).toEqual([{ type: 'close', code: 1000, reason: '' }]);
    expect(sentFrames(protocol).map((f) => f.opcode)).toEqual([Opcode.Close]);
  });

  it('drops a fragmented message interrupted by a close frame', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'part', { fin: false }), serverFrame(Opcode.Close, closeBody(1000))]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'close', code: 1000, reason: '' }]);
  });

  it('refuses to send after the close handshake with InvalidStateError', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Close, closeBody(1000)));
    expect(() => protocol.sendText('late')).toThrow(InvalidStateError);
    expect(() => protocol.sendBinary(new Uint8Array(1))).toThrow(InvalidStateError);
    expect(() => protocol.sendPing()).toThrow(InvalidStateError);
    expect(() => protocol.sendPong()).toThrow(InvalidStateError);
    expect(() => protocol.sendClose()).toThrow(InvalidStateError);
  });
});

describe('ClientProtocol closing handshake started by the client', () => {
  it('starts the closing handshake with a masked close frame and waits in closing', () => {
    const protocol = createProtocol();
    protocol.sendClose(1000, 'done');
    const [frame] = sentFrames(protocol);
    expect(frame).toMatchObject({ opcode: Opcode.Close, masked: true, payload: concat([closeBody(1000), utf8('done')]) });
    expect(protocol.state).toBe('closing');
    expect(protocol.closedBy).toBe('local');
    expect(protocol.closeExpected()).toBe(true);
    expect(protocol.closeCode).toBeUndefined();
  });

  it('sends an empty close frame when no code is given', () => {
    const protocol = createProtocol();
    protocol.sendClose();
    expect(sentFrames(protocol)[0].payload).toHaveLength(0);
  });

  it('keeps delivering data frames until the peer close arrives, then completes cleanly', () => {
    const protocol = createProtocol();
    protocol.sendClose(1000);
    protocol.dataToSend();
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'in flight'), serverFrame(Opcode.Ping, 'p'), serverFrame(Opcode.Close, closeBody(1000, 'ok'))]));
    expect(protocol.eventsReceived()).toEqual([
      { type: 'text', data: 'in flight' },
      { type: 'ping', data: utf8('p') },
      { type: 'close', code: 1000, reason: 'ok' },
    ]);
    // Nothing may follow our close frame: no pong, no second close.
    expect(protocol.dataToSend()).toEqual([]);
    expect(protocol.state).toBe('closed');
    expect({ code: protocol.closeCode, closedBy: protocol.closedBy, wasClean: protocol.wasClean }).toEqual({ code: 1000, closedBy: 'local', wasClean: true });
  });

  it('refuses to send data or a second close after sendClose', () => {
    const protocol = createProtocol();
    protocol.sendClose(1000);
    expect(() => protocol.sendText('x')).toThrow(InvalidStateError);
    expect(() => protocol.sendClose(1000)).toThrow(/closing/);
  });

  it('rejects a close reason over 123 bytes and stays open', () => {
    const protocol = createProtocol();
    expect(() => protocol.sendClose(1000, 'x'.repeat(124))).toThrow(/123/);
    expect(protocol.state).toBe('open');
    expect(protocol.dataToSend()).toEqual([]);
  });

  it.each([1005, 1006, 1015, 999, 5000])('rejects sending the close code %d', (code) => {
    expect(() => createProtocol().sendClose(code)).toThrow(/may not be sent/);
  });
});

describe('ClientProtocol end of input', () => {
  it('reports close 1006 when the transport ends without a close frame', () => {
    const protocol = createProtocol();
    protocol.receiveEof();
    expect(protocol.eventsReceived()).toEqual([{ type: 'close', code: 1006, reason: '' }]);
    expect(protocol.state).toBe('closed');
    expect({ code: protocol.closeCode, closedBy: protocol.closedBy, wasClean: protocol.wasClean }).toEqual({ code: 1006, closedBy: 'remote', wasClean: false });
    expect(protocol.closeExpected()).toBe(false);
    expect(protocol.dataToSend()).toEqual([]);
  });

  it('reports 1006 when the peer never answers our close frame', () => {
    const protocol = createProtocol();
    protocol.sendClose(1000);
    protocol.receiveEof();
    expect(protocol.eventsReceived()).toEqual([{ type: 'close', code: 1006, reason: '' }]);
    expect({ code: protocol.closeCode, closedBy: protocol.closedBy, wasClean: protocol.wasClean }).toEqual({ code: 1006, closedBy: 'local', wasClean: false });
  });

  it('keeps the clean result when the transport ends after the handshake', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Close, closeBody(1000)));
    protocol.eventsReceived();
    protocol.receiveEof();
    protocol.receiveEof();
    expect(protocol.eventsReceived()).toEqual([]);
    expect({ code: protocol.closeCode, wasClean: protocol.wasClean, expected: protocol.closeExpected() }).toEqual({ code: 1000, wasClean: true, expected: false });
  });

  it('keeps the failure code when the transport ends after failing', () => {
    const protocol = createProtocol();
    protocol.receiveData(serverFrame(Opcode.Continuation));
    protocol.receiveEof();
    expect(protocol.eventsReceived().map((e) => e.type)).toEqual(['failure', 'close']);
    expect(protocol.closeCode).toBe(1002);
  });

  it('ignores bytes after end of input', () => {
    const protocol = createProtocol();
    protocol.receiveEof();
    protocol.eventsReceived();
    protocol.receiveData(serverFrame(Opcode.Text, 'late'));
    expect(protocol.eventsReceived()).toEqual([]);
  });
});
