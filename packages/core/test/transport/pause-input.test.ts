import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import type { ProtocolEvent } from '../../src/protocol/index.js';
import { ProtocolDriver } from '../../src/transport/index.js';
import { closeBody, concat, createProtocol, parseClientFrames, serverFrame } from '../protocol/wire.js';
import { FakeTransport, ManualClock } from './fakes.js';

/**
 * A driver over a pauseAfterMessage protocol whose handler sees every text message in `seen`;
 * `closed` gets the closure's code and cleanness.
 */
function pausingDriver(onText: (text: string, driver: ProtocolDriver) => void = () => {}) {
  const transport = new FakeTransport();
  const seen: string[] = [];
  const events: ProtocolEvent[] = [];
  const closed: { code: number; wasClean: boolean }[] = [];
  const driver: ProtocolDriver = new ProtocolDriver(createProtocol({ pauseAfterMessage: true }), transport, new ManualClock(), {
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'text') {
        seen.push(event.data);
        onText(event.data, driver);
      }
    },
    onClosed: (info) => void closed.push({ code: info.code, wasClean: info.wasClean }),
  });
  return { driver, transport, seen, events, closed };
}

const texts = (...data: string[]): Uint8Array => concat(data.map((text) => serverFrame(Opcode.Text, text)));

// A slow consumer pauses reading; one socket read may carry thousands of small messages, and
// the ones after the pause must wait in the decoder, not pile up in the consumer's buffer.
describe('pausing input from a message handler', () => {
  it('stops delivering the rest of the read being processed, and pauses the transport', () => {
    const { driver, transport, seen } = pausingDriver((text, d) => {
      if (text === '2') d.pauseInput();
    });
    driver.receive(texts('1', '2', '3', '4', '5'));
    expect(seen).toEqual(['1', '2']);
    expect(transport.calls).toEqual(['pause']);
  });

  it('delivers the held messages in order on resume, before it returns, then resumes the transport', () => {
    const { driver, transport, seen } = pausingDriver((text, d) => {
      if (text === '2') d.pauseInput();
    });
    driver.receive(texts('1', '2', '3', '4', '5'));
    driver.resumeInput();
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
    expect(transport.calls).toEqual(['pause', 'resume']);
  });

  it('stops again when a handler pauses during the resume, keeping the rest for the next one', () => {
    const { driver, transport, seen } = pausingDriver((text, d) => {
      if (text === '2' || text === '4') d.pauseInput();
    });
    driver.receive(texts('1', '2', '3', '4', '5'));
    driver.resumeInput();
    expect(seen).toEqual(['1', '2', '3', '4']);
    expect(transport.calls).toEqual(['pause', 'pause']);
    driver.resumeInput();
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
    expect(transport.calls).toEqual(['pause', 'pause', 'resume']);
  });

  it('holds bytes that arrive while paused, behind the ones already held', () => {
    const { driver, seen } = pausingDriver((text, d) => {
      if (text === '1') d.pauseInput();
    });
    driver.receive(texts('1', '2'));
    driver.receive(texts('3'));
    expect(seen).toEqual(['1']);
    driver.resumeInput();
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('lets a handler that pauses and resumes within one message carry on with the same read', () => {
    const { driver, transport, seen } = pausingDriver((text, d) => {
      if (text === '2') {
        d.pauseInput();
        d.resumeInput();
      }
    });
    driver.receive(texts('1', '2', '3'));
    expect(seen).toEqual(['1', '2', '3']);
    expect(transport.calls).toEqual(['pause', 'resume']);
  });

  it('holds a close frame too: the echo of the last message still goes out before the close reply', () => {
    const { driver, transport, events } = pausingDriver((text, d) => {
      d.sendText(`echo ${text}`);
      if (text === 'a') d.pauseInput();
    });
    driver.receive(concat([texts('a', 'b'), serverFrame(Opcode.Close, closeBody(1000))]));
    expect(events.map((e) => e.type)).toEqual(['text']);
    driver.resumeInput();
    expect(events.map((e) => e.type)).toEqual(['text', 'text', 'close']);
    const sent = parseClientFrames(transport.writes.flat());
    expect(sent.map((f) => f.opcode)).toEqual([Opcode.Text, Opcode.Text, Opcode.Close]);
  });

  it('ignores resume without pause, and pause or resume once closed', () => {
    const { driver, transport } = pausingDriver();
    driver.resumeInput();
    expect(transport.calls).toEqual([]);
    driver.transportClosed();
    driver.pauseInput();
    driver.resumeInput();
    expect(transport.calls).toEqual([]);
  });
});

describe('the end of input while reading is paused', () => {
  it('keeps bytes fed while paused behind the ones queued before, when a pause stopped at the end of a chunk', () => {
    const { driver, seen } = pausingDriver((text, d) => {
      if (text === '1' || text === '2') d.pauseInput();
    });
    driver.receive(texts('1', '2'));
    driver.receive(texts('3'));
    driver.resumeInput();
    driver.receive(texts('4'));
    driver.resumeInput();
    driver.resumeInput();
    expect(seen).toEqual(['1', '2', '3', '4']);
  });

  it('delivers the held messages and the close frame behind them before an end of input or a closed transport counts', () => {
    const { driver, seen, closed } = pausingDriver((text, d) => {
      if (text === '1') d.pauseInput();
    });
    driver.receive(concat([texts('1', '2', '3'), serverFrame(Opcode.Close, closeBody(1000))]));
    driver.receiveEnd();
    driver.transportClosed();
    expect(seen).toEqual(['1']);
    expect(closed).toEqual([]);
    driver.resumeInput();
    expect(seen).toEqual(['1', '2', '3']);
    expect(closed).toEqual([{ code: 1000, wasClean: true }]);
  });

  it('reports a transport failure at once, dropping what the pause held (the connection is gone)', () => {
    const { driver, seen, events, closed } = pausingDriver((text, d) => {
      if (text === '1') d.pauseInput();
    });
    driver.receive(texts('1', '2'));
    driver.transportError(new Error('reset'));
    expect(driver.closed).toBe(true);
    expect(closed).toEqual([{ code: 1006, wasClean: false }]);
    driver.resumeInput();
    expect(seen).toEqual(['1']);
    expect(events.map((e) => e.type)).toEqual(['text', 'close']);
  });

  it('runs an end that came while paused when a handler lifts the pause within the same read', () => {
    const { driver, seen, closed } = pausingDriver((text, d) => {
      if (text !== '1') return;
      d.pauseInput();
      d.receiveEnd();
      d.resumeInput();
    });
    driver.receive(texts('1', '2'));
    expect(seen).toEqual(['1', '2']);
    driver.transportClosed();
    expect(closed).toEqual([{ code: 1006, wasClean: false }]);
  });

  it('drops held frames and waits for nothing once the connection is abandoned (terminate)', () => {
    const { driver, seen, closed } = pausingDriver((text, d) => {
      if (text === '1') d.pauseInput();
    });
    driver.receive(concat([texts('1', '2'), serverFrame(Opcode.Close, closeBody(1000))]));
    driver.receiveEnd();
    driver.abandonHeldInput();
    driver.transportClosed();
    expect(seen).toEqual(['1']);
    expect(closed).toEqual([{ code: 1006, wasClean: false }]);
  });

  it('ends the pause on close(): the held close frame answers the handshake at once', () => {
    const { driver, seen, closed } = pausingDriver((_text, d) => d.pauseInput());
    driver.receive(concat([texts('1', '2'), serverFrame(Opcode.Close, closeBody(1000))]));
    expect(seen).toEqual(['1']);
    driver.close(1000);
    // The held message is delivered (its handler's pause is ignored once closing), then the close frame.
    expect(seen).toEqual(['1', '2']);
    driver.transportClosed();
    expect(closed).toEqual([{ code: 1000, wasClean: true }]);
  });
});
