import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import type { ProtocolEvent } from '../../src/protocol/index.js';
import { ProtocolDriver } from '../../src/transport/index.js';
import { closeBody, closeCodeOf, concat, createProtocol, parseClientFrames, serverFrame } from '../protocol/wire.js';
import { FakeTransport, ManualClock } from './fakes.js';

// A server that sends a message and its close frame in one TCP segment must still get the echo
// (Autobahn 7.1.1 and the reserved-bit cases): the handler runs before the close frame is parsed.
describe('answering a message that shares a read with the close frame', () => {
  it('lets an echo handler answer before the close reply when pauseAfterMessage is on', () => {
    const protocol = createProtocol({ pauseAfterMessage: true });
    const transport = new FakeTransport();
    const events: ProtocolEvent[] = [];
    const driver = new ProtocolDriver(protocol, transport, new ManualClock(), {
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'text') driver.sendText(event.data);
      },
      onClosed: () => {},
    });
    driver.receive(concat([serverFrame(Opcode.Text, 'Hello World!'), serverFrame(Opcode.Close, closeBody(1000))]));
    const sent = parseClientFrames(transport.writes.flat());
    expect(sent.map((f) => f.opcode)).toEqual([Opcode.Text, Opcode.Close]);
    expect(closeCodeOf(sent[1])).toBe(1000);
    expect(events.map((e) => e.type)).toEqual(['text', 'close']);
  });

  it('processes held-back frames one message at a time and the wire error last', () => {
    const protocol = createProtocol({ pauseAfterMessage: true });
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Binary, 'b'), serverFrame(3, 'x')]));
    expect(protocol.eventsReceived()).toEqual([{ type: 'text', data: 'a' }]);
    expect(protocol.hasPendingInput()).toBe(true);
    protocol.sendText('echo a');
    protocol.processPendingInput();
    expect(protocol.eventsReceived().map((e) => e.type)).toEqual(['binary']);
    protocol.processPendingInput();
    const last = protocol.eventsReceived();
    expect(last.map((e) => e.type)).toEqual(['failure']);
    expect(protocol.hasPendingInput()).toBe(false);
    expect(protocol.closeCode).toBe(1002);
  });

  it('keeps frames that arrive while earlier ones are held back, in order', () => {
    const protocol = createProtocol({ pauseAfterMessage: true });
    protocol.receiveData(concat([serverFrame(Opcode.Text, '1'), serverFrame(Opcode.Text, '2')]));
    protocol.receiveData(serverFrame(Opcode.Text, '3'));
    const seen: string[] = [];
    for (;;) {
      for (const e of protocol.eventsReceived()) if (e.type === 'text') seen.push(e.data);
      if (!protocol.hasPendingInput()) break;
      protocol.processPendingInput();
    }
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('without pauseAfterMessage, processes the whole read at once', () => {
    const protocol = createProtocol();
    protocol.receiveData(concat([serverFrame(Opcode.Text, 'a'), serverFrame(Opcode.Close, closeBody(1000))]));
    expect(protocol.eventsReceived().map((e) => e.type)).toEqual(['text', 'close']);
    expect(protocol.hasPendingInput()).toBe(false);
  });
});
