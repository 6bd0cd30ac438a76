// Attacks on the core limits, written as a hostile server would send them: oversized heads,
// header floods, 64-bit lengths that would make a naive decoder allocate, and fragment floods.
import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HandshakeError } from '../../src/errors/index.js';
import { HttpResponseParser } from '../../src/handshake/index.js';
import { ClientProtocol, DEFAULT_PROTOCOL_LIMITS, type ProtocolEvent } from '../../src/protocol/index.js';
import { readClientFrames } from './client-frames.js';

const platform = { fillRandom: (target: Uint8Array) => void randomFillSync(target) };
const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');

function parseAll(bytes: Uint8Array, chunkBytes: number): { error: unknown; consumed: number } {
  const parser = new HttpResponseParser();
  let consumed = 0;
  try {
    for (; consumed < bytes.length; consumed += chunkBytes) parser.push(bytes.subarray(consumed, consumed + chunkBytes));
  } catch (error) {
    return { error, consumed };
  }
  return { error: undefined, consumed };
}

function sentCloseCode(protocol: ClientProtocol): number | undefined {
  const frames = readClientFrames(protocol.dataToSend());
  if (typeof frames === 'string') throw new Error(frames);
  const close = frames.find((f) => f.opcode === 8);
  return close && close.payload.length >= 2 ? (close.payload[0] << 8) | close.payload[1] : undefined;
}

describe('the response parser refuses oversized heads with its default limits', () => {
  it('refuses 1 MiB of headers with ERR_HEADERS_TOO_LARGE after reading at most 64 KiB', () => {
    const head = latin1(`HTTP/1.1 101 Switching Protocols\r\n${'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(16_384)}\r\n`);
    expect(head.length).toBeGreaterThan(1024 * 1024);
    const { error, consumed } = parseAll(head, 4096);
    expect(error).toBeInstanceOf(HandshakeError);
    // maxHeaders (128) or maxHeaderBytes (64 KiB), whichever is crossed first, refuses it.
    expect(['ERR_HEADERS_TOO_LARGE', 'ERR_TOO_MANY_HEADERS']).toContain((error as HandshakeError).code);
    expect(consumed).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses one 1 MiB header line with ERR_HEADERS_TOO_LARGE', () => {
    const { error, consumed } = parseAll(latin1(`HTTP/1.1 101 OK\r\nX: ${'a'.repeat(1024 * 1024)}\r\n\r\n`), 4096);
    expect((error as HandshakeError).code).toBe('ERR_HEADERS_TOO_LARGE');
    expect(consumed).toBeLessThanOrEqual(8 * 1024 + 4096);
  });

  it('refuses 10 000 headers with ERR_TOO_MANY_HEADERS', () => {
    const { error } = parseAll(latin1(`HTTP/1.1 101 OK\r\n${'A: b\r\n'.repeat(10_000)}\r\n`), 65_536);
    expect((error as HandshakeError).code).toBe('ERR_TOO_MANY_HEADERS');
  });
});

describe('64-bit frame lengths are refused from the header, before any allocation', () => {
  const cases: Array<[string, number[], number]> = [
    ['the most significant bit set', [0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0], 1002],
    ['all 64 bits set', [0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 1002],
    ['2^53, beyond Number.MAX_SAFE_INTEGER', [0x82, 0x7f, 0, 0x20, 0, 0, 0, 0, 0, 0], 1002],
    ['2^53 - 1 (legal, far past maxFrameBytes)', [0x82, 0x7f, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 1009],
    ['1 TiB (legal, past maxFrameBytes)', [0x82, 0x7f, 0, 0, 0x01, 0, 0, 0, 0, 0], 1009],
  ];
  for (const [name, header, code] of cases) {
    it(`fails with ${code} on a length with ${name}`, () => {
      const protocol = new ClientProtocol({ platform });
      const before = process.memoryUsage().arrayBuffers;
      protocol.receiveData(Uint8Array.from(header));
      const events = protocol.eventsReceived();
      expect(events.map((e) => e.type)).toEqual(['failure']);
      expect((events[0] as Extract<ProtocolEvent, { type: 'failure' }>).error.closeCode).toBe(code);
      expect(sentCloseCode(protocol)).toBe(code);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
      // Input after the failure is discarded.
      protocol.receiveData(new Uint8Array(1000));
      expect(protocol.eventsReceived()).toEqual([]);
    });
  }
});

describe('fragment floods', () => {
  it('refuses 100 000 one-byte fragments once past the default maxFragments, with 1009, delivering nothing', () => {
    const protocol = new ClientProtocol({ platform });
    const events: ProtocolEvent[] = [];
    protocol.receiveData(Uint8Array.of(0x01, 1, 0x61));
    const continuation = Uint8Array.of(0x00, 1, 0x61);
    let fed = 1;
    for (; fed < 100_000 && protocol.state === 'open'; fed++) {
      protocol.receiveData(continuation.slice());
      events.push(...protocol.eventsReceived());
    }
    protocol.receiveData(Uint8Array.of(0x80, 1, 0x61));
    events.push(...protocol.eventsReceived());
    expect(events.map((e) => e.type)).toEqual(['failure']);
    expect((events[0] as Extract<ProtocolEvent, { type: 'failure' }>).error.code).toBe('ERR_TOO_MANY_FRAGMENTS');
    expect(DEFAULT_PROTOCOL_LIMITS.maxFragments).toBeLessThan(100_000);
    expect(fed).toBe(DEFAULT_PROTOCOL_LIMITS.maxFragments + 1);
    expect(sentCloseCode(protocol)).toBe(1009);
  });

  it('refuses a fragment flood that stays under maxMessageBytes but over a small maxFragments', () => {
    const protocol = new ClientProtocol({ platform, maxFragments: 100, maxMessageBytes: 1024 * 1024 });
    const stream: number[] = [0x02, 0];
    for (let i = 0; i < 1000; i++) stream.push(0x00, 0);
    protocol.receiveData(Uint8Array.from(stream));
    const events = protocol.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(['failure']);
    expect(sentCloseCode(protocol)).toBe(1009);
  });
});
