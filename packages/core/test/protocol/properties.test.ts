import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Opcode } from '../../src/codec/index.js';
import type { ProtocolEvent } from '../../src/protocol/index.js';
import { closeBody, concat, createProtocol, parseClientFrames, serverFrame, utf8 } from './wire.js';

type Item =
  | { kind: 'text'; text: string; cuts: number[]; ping: boolean }
  | { kind: 'binary'; data: Uint8Array; cuts: number[]; ping: boolean }
  | { kind: 'ping'; data: Uint8Array }
  | { kind: 'pong'; data: Uint8Array };

const cuts = fc.array(fc.nat({ max: 200 }), { maxLength: 4 });
const item: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: fc.string({ unit: 'binary', maxLength: 60 }), cuts, ping: fc.boolean() }),
  fc.record({ kind: fc.constant('binary' as const), data: fc.uint8Array({ maxLength: 300 }), cuts, ping: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('ping' as const, 'pong' as const), data: fc.uint8Array({ maxLength: 125 }) }),
);

/** Split `payload` at the given offsets into fragments (possibly inside a UTF-8 character). */
function fragment(payload: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (payload.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    if (point > start) parts.push(payload.subarray(start, point));
    start = Math.max(start, point);
  }
  parts.push(payload.subarray(start));
  return parts;
}

/** Server wire bytes and the events they must produce. */
function build(items: Item[], close: number | undefined): { wire: Uint8Array; events: ProtocolEvent[] } {
  const frames: Uint8Array[] = [];
  const events: ProtocolEvent[] = [];
  for (const entry of items) {
    if (entry.kind === 'ping' || entry.kind === 'pong') {
      frames.push(serverFrame(entry.kind === 'ping' ? Opcode.Ping : Opcode.Pong, entry.data));
      events.push({ type: entry.kind, data: entry.data });
      continue;
    }
    const payload = entry.kind === 'text' ? utf8(entry.text) : entry.data;
    const parts = fragment(payload, entry.cuts);
    parts.forEach((part, i) => {
      const opcode = i === 0 ? (entry.kind === 'text' ? Opcode.Text : Opcode.Binary) : Opcode.Continuation;
      frames.push(serverFrame(opcode, part, { fin: i === parts.length - 1 }));
      // §5.4: control frames may be injected between fragments.
      if (i === 0 && entry.ping && parts.length > 1) {
        frames.push(serverFrame(Opcode.Ping, 'inside'));
        events.push({ type: 'ping', data: utf8('inside') });
      }
    });
    events.push(entry.kind === 'text' ? { type: 'text', data: entry.text } : { type: 'binary', data: payload });
  }
  if (close !== undefined) {
    frames.push(serverFrame(Opcode.Close, closeBody(close, 'bye')));
    events.push({ type: 'close', code: close, reason: 'bye' });
  }
  return { wire: concat(frames), events };
}

function run(chunks: Uint8Array[]): { events: ProtocolEvent[]; sent: Uint8Array } {
  const protocol = createProtocol();
  for (const chunk of chunks) protocol.receiveData(chunk);
  return { events: protocol.eventsReceived(), sent: concat(protocol.dataToSend()) };
}

describe('ClientProtocol properties', () => {
  it('every chunking of a valid server stream gives identical events and replies', () => {
    const scenario = fc.record({
      items: fc.array(item, { maxLength: 8 }),
      close: fc.option(fc.constantFrom(1000, 1001, 1011, 4000), { nil: undefined }),
      splits: fc.array(fc.nat(), { maxLength: 12 }),
    });
    fc.assert(fc.property(scenario, ({ items, close, splits }) => {
      const { wire, events } = build(items, close);
      const whole = run([wire]);
      expect(whole.events).toEqual(events);
      expect(run(fragment(wire, splits))).toEqual(whole);
      expect(run(Array.from(wire, (byte) => Uint8Array.of(byte)))).toEqual(whole);
    }), { numRuns: 200 });
  });

  it('random bytes never throw out of receiveData and any failure is a close with 1002/1007/1009', () => {
    const stream = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 });
    fc.assert(fc.property(stream, (chunks) => {
      const protocol = createProtocol({ maxMessageBytes: 1 << 16 });
      for (const chunk of chunks) expect(() => protocol.receiveData(chunk)).not.toThrow();
      protocol.receiveEof();
      const events = protocol.eventsReceived();
      const failures = events.filter((e) => e.type === 'failure');
      expect(failures.length).toBeLessThanOrEqual(1);
      const sent = parseClientFrames(protocol.dataToSend());
      expect(sent.every((f) => f.masked)).toBe(true);
      if (failures[0]?.type === 'failure') {
        expect([1002, 1007, 1009]).toContain(failures[0].error.closeCode);
        expect(protocol.closeCode).toBe(failures[0].error.closeCode);
        const close = sent.find((f) => f.opcode === Opcode.Close);
        expect(close).toBeDefined();
      }
      expect(protocol.state).toBe('closed');
    }), { numRuns: 500 });
  });

  it('random frames with valid headers never throw and fail only with 1002/1007/1009', () => {
    const frame = fc.record({
      opcode: fc.constantFrom(0, 1, 2, 3, 8, 9, 10, 11),
      fin: fc.boolean(),
      rsv1: fc.boolean(),
      payload: fc.uint8Array({ maxLength: 130 }),
    });
    fc.assert(fc.property(fc.array(frame, { maxLength: 10 }), (frames) => {
      const protocol = createProtocol({ maxFragments: 3, maxMessageBytes: 200 });
      expect(() => protocol.receiveData(concat(frames.map((f) => serverFrame(f.opcode, f.payload, f))))).not.toThrow();
      for (const event of protocol.eventsReceived()) {
        if (event.type === 'failure') expect([1002, 1007, 1009]).toContain(event.error.closeCode);
      }
    }), { numRuns: 500 });
  });
});
