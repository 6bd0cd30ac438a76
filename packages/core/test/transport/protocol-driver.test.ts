import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { InvalidStateError, ProtocolError, TimeoutError } from '../../src/errors/index.js';
import type { ProtocolEvent } from '../../src/protocol/index.js';
import { ProtocolDriver, type ClosedInfo, type ProtocolDriverOptions } from '../../src/transport/index.js';
import { closeBody, closeCodeOf, concat, createProtocol, parseClientFrames, serverFrame, utf8 } from '../protocol/wire.js';
import { FakeTransport, ManualClock } from './fakes.js';

function setup(options?: ProtocolDriverOptions) {
  const protocol = createProtocol();
  const transport = new FakeTransport();
  const clock = new ManualClock();
  const events: ProtocolEvent[] = [];
  const closed: ClosedInfo[] = [];
  const driver = new ProtocolDriver(protocol, transport, clock, {
    onEvent: (event) => events.push(event),
    onClosed: (info) => closed.push(info),
  }, options);
  const written = () => parseClientFrames(transport.writes.flat());
  return { protocol, transport, clock, events, closed, driver, written };
}

describe('ProtocolDriver', () => {
  it('delivers events and writes each send as one transport.write call', () => {
    const { driver, transport, events, written } = setup();
    driver.receive(serverFrame(Opcode.Text, 'hi'));
    expect(events).toEqual([{ type: 'text', data: 'hi' }]);
    expect(driver.sendBinary(Uint8Array.of(1, 2, 3), 1)).toBe(true);
    expect(transport.writes).toHaveLength(1);
    expect(transport.writes[0]).toHaveLength(3); // three frames, one chunk each
    expect(driver.sendText('x')).toBe(true);
    driver.sendPing(utf8('p'));
    driver.sendPong();
    expect(written().map((f) => f.opcode)).toEqual([Opcode.Binary, Opcode.Continuation, Opcode.Continuation, Opcode.Text, Opcode.Ping, Opcode.Pong]);
  });

  it('passes on the transport backpressure answer', () => {
    const { driver, transport } = setup();
    transport.writable = false;
    expect(driver.sendText('x')).toBe(false);
  });

  it('writes the automatic pong while receiving', () => {
    const { driver, written } = setup();
    driver.receive(serverFrame(Opcode.Ping, 'beat'));
    expect(written()).toMatchObject([{ opcode: Opcode.Pong, payload: utf8('beat') }]);
  });

  it('completes a client-started close: timer armed, end() after the reply, clean onClosed once', () => {
    const { driver, transport, clock, closed, events, written } = setup();
    driver.close(1000, 'done');
    expect(closeCodeOf(written()[0])).toBe(1000);
    expect(clock.pending()).toBe(1);
    expect(transport.calls).toEqual(['write']);
    driver.close(1000); // idempotent
    expect(transport.calls).toEqual(['write']);
    driver.receive(serverFrame(Opcode.Close, closeBody(1000, 'ok')));
    expect(transport.calls).toEqual(['write', 'end']);
    expect(events).toEqual([{ type: 'close', code: 1000, reason: 'ok' }]);
    expect(closed).toEqual([]);
    driver.transportClosed();
    driver.transportClosed();
    expect(closed).toEqual([{ code: 1000, reason: 'ok', wasClean: true, closedBy: 'local' }]);
    expect(clock.pending()).toBe(0);
    expect(driver.closed).toBe(true);
  });

  it('answers a server-started close, half-closes and reports remote clean closure', () => {
    const { driver, transport, closed, written, clock } = setup();
    driver.receive(serverFrame(Opcode.Close, closeBody(1001)));
    expect(closeCodeOf(written()[0])).toBe(1001);
    expect(transport.calls).toEqual(['write', 'end']);
    driver.transportClosed();
    expect(closed).toEqual([{ code: 1001, reason: '', wasClean: true, closedBy: 'remote' }]);
    expect(clock.pending()).toBe(0);
  });

  it('destroys the transport when the peer never answers the close frame', () => {
    const { driver, transport, clock, closed, events } = setup({ closeTimeoutMs: 1000 });
    driver.close();
    clock.advance(999);
    expect(closed).toEqual([]);
    clock.advance(1);
    expect(transport.calls).toEqual(['write', 'destroy']);
    expect(events).toEqual([{ type: 'close', code: 1006, reason: '' }]);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ code: 1006, wasClean: false, closedBy: 'local' });
    expect(closed[0].error).toBeInstanceOf(TimeoutError);
    driver.transportClosed();
    expect(closed).toHaveLength(1);
  });

  it('destroys the transport when TCP does not close after a clean handshake, still clean', () => {
    const { driver, transport, clock, closed } = setup();
    driver.receive(serverFrame(Opcode.Close, closeBody(1000)));
    clock.advance(5000);
    expect(transport.calls).toEqual(['write', 'end', 'destroy']);
    expect(closed).toEqual([{ code: 1000, reason: '', wasClean: true, closedBy: 'remote' }]);
  });

  it('fails the connection on a protocol error and reports the ProtocolError', () => {
    const { driver, transport, closed, events, written } = setup();
    driver.receive(serverFrame(Opcode.Text, 'x', { maskKey: Uint8Array.of(1, 2, 3, 4) }));
    expect(events.map((e) => e.type)).toEqual(['failure']);
    expect(closeCodeOf(written()[0])).toBe(1002);
    expect(transport.calls).toEqual(['write', 'end']);
    driver.receive(serverFrame(Opcode.Text, 'ignored'));
    driver.transportClosed();
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ code: 1002, wasClean: false, closedBy: 'local' });
    expect(closed[0].error).toBeInstanceOf(ProtocolError);
  });

  it('reports 1006 when the peer ends the transport without a close frame', () => {
    const { driver, transport, closed, events, clock } = setup();
    driver.receiveEnd();
    expect(events).toEqual([{ type: 'close', code: 1006, reason: '' }]);
    expect(transport.calls).toEqual(['end']);
    expect(clock.pending()).toBe(1);
    driver.transportClosed();
    expect(closed).toEqual([{ code: 1006, reason: '', wasClean: false, closedBy: 'remote' }]);
    expect(clock.pending()).toBe(0);
  });

  it('reports a transport error once, after destroying the transport', () => {
    const { driver, transport, closed, events } = setup();
    const error = new Error('ECONNRESET');
    driver.transportError(error);
    driver.transportError(new Error('again'));
    driver.transportClosed();
    driver.receive(serverFrame(Opcode.Text, 'late'));
    driver.receiveEnd();
    expect(transport.calls).toEqual(['destroy']);
    expect(events).toEqual([{ type: 'close', code: 1006, reason: '' }]);
    expect(closed).toEqual([{ code: 1006, reason: '', wasClean: false, closedBy: 'remote', error }]);
  });

  it('reports 1006 when the transport closes while open', () => {
    const { driver, closed } = setup();
    driver.transportClosed();
    expect(closed).toEqual([{ code: 1006, reason: '', wasClean: false, closedBy: 'remote' }]);
  });

  it('throws InvalidStateError on send after the transport closed, and ignores close()', () => {
    const { driver } = setup();
    driver.transportClosed();
    expect(() => driver.sendText('x')).toThrow(InvalidStateError);
    expect(() => driver.sendBinary(new Uint8Array(0))).toThrow(InvalidStateError);
    expect(() => driver.sendPing()).toThrow(InvalidStateError);
    expect(() => driver.sendPong()).toThrow(InvalidStateError);
    expect(() => driver.close()).not.toThrow();
  });

  it('lets a handler close from inside onEvent', () => {
    const transport = new FakeTransport();
    const clock = new ManualClock();
    const closed: ClosedInfo[] = [];
    const driver: ProtocolDriver = new ProtocolDriver(createProtocol(), transport, clock, {
      onEvent: (event) => { if (event.type === 'text') driver.close(4000, 'seen'); },
      onClosed: (info) => closed.push(info),
    });
    driver.receive(serverFrame(Opcode.Text, 'bye please'));
    expect(closeCodeOf(parseClientFrames(transport.writes.flat())[0])).toBe(4000);
    driver.receive(serverFrame(Opcode.Close, closeBody(4000)));
    driver.transportClosed();
    expect(closed).toEqual([{ code: 4000, reason: '', wasClean: true, closedBy: 'local' }]);
  });

  it('reports onClosed after every queued event even when a handler closes the transport re-entrantly', () => {
    const order: string[] = [];
    const driver: ProtocolDriver = new ProtocolDriver(createProtocol(), new FakeTransport(), new ManualClock(), {
      onEvent: (event) => {
        order.push(event.type === 'text' ? event.data : event.type);
        if (event.type === 'text' && event.data === 'a') driver.transportClosed();
      },
      onClosed: (info) => order.push(`closed ${info.code}`),
    });
    driver.receive(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Text, 'b')]));
    expect(order).toEqual(['a', 'b', 'close', 'closed 1006']);
  });

  it('keeps undelivered events queued when a handler throws', () => {
    const seen: string[] = [];
    let throwOnce = true;
    const driver = new ProtocolDriver(createProtocol(), new FakeTransport(), new ManualClock(), {
      onEvent: (event) => {
        if (event.type !== 'text') return;
        if (throwOnce) { throwOnce = false; throw new Error('handler bug'); }
        seen.push(event.data);
      },
      onClosed: () => seen.push('closed'),
    });
    expect(() => driver.receive(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Text, 'b')]))).toThrow('handler bug');
    driver.receive(serverFrame(Opcode.Text, 'c'));
    expect(seen).toEqual(['b', 'c']);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number])('rejects closeTimeoutMs %s', (closeTimeoutMs) => {
    expect(() => setup({ closeTimeoutMs })).toThrow(TypeError);
  });
});
