// Adversarial review of borrowed input + Platform.recycle: a platform whose `allocate` REALLY
// hands recycled buffers out again (as Node's frame-buffer pool does), a read buffer overwritten
// after every receive(), and handlers that echo from inside the read. Nothing delivered, and
// nothing written to the transport, may change afterwards.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { ClientProtocol, type ProtocolEvent } from '../../src/protocol/index.js';
import { ProtocolDriver } from '../../src/transport/index.js';
import { splitAt } from '../codec/frame-arbitraries.js';
import { FakeTransport, ManualClock } from '../transport/fakes.js';
import { concat, counterRandom, parseClientFrames, serverFrame, utf8 } from './wire.js';

/** Exact-length free lists: a recycled buffer is poisoned, then handed out by the next allocate of its length. */
let reuses = 0;

class ReusingPool {
  readonly recycled = new Set<Uint8Array>();
  private readonly free = new Map<number, Uint8Array[]>();

  allocate(length: number): Uint8Array {
    const buffer = this.free.get(length)?.pop();
    if (buffer !== undefined) {
      this.recycled.delete(buffer);
      reuses++;
      return buffer.fill(0xa5);
    }
    return new Uint8Array(length).fill(0x3c);
  }

  recycle(buffer: Uint8Array): void {
    expect(this.recycled.has(buffer)).toBe(false);
    this.recycled.add(buffer);
    buffer.fill(0xee);
    const list = this.free.get(buffer.length) ?? [];
    list.push(buffer);
    this.free.set(buffer.length, list);
  }
}

type Message = { isText: boolean; bytes: Uint8Array; pieces: number; ping: boolean };

const SIZES = [0, 3, 125, 1023, 1500, 4097, 16_500, 70_000];
const message: fc.Arbitrary<Message> = fc.record({
  isText: fc.boolean(),
  size: fc.constantFrom(...SIZES),
  seed: fc.nat(255),
  pieces: fc.integer({ min: 1, max: 3 }),
  ping: fc.boolean(),
}).map(({ isText, size, seed, pieces, ping }) => ({
  isText,
  // ASCII for text, so fragment cuts never split a character.
  bytes: Uint8Array.from({ length: size }, (_, i) => (isText ? 0x41 + ((i + seed) % 26) : (i * 31 + seed) & 0xff)),
  pieces,
  ping,
}));

function framesOf(m: Message, index: number): Uint8Array[] {
  const opcode = m.isText ? Opcode.Text : Opcode.Binary;
  const step = Math.max(1, Math.ceil(m.bytes.length / m.pieces));
  const parts: Uint8Array[] = [];
  for (let at = 0; at < m.bytes.length || parts.length === 0; at += step) parts.push(m.bytes.subarray(at, at + step));
  const frames = parts.map((part, i) => serverFrame(i === 0 ? opcode : Opcode.Continuation, part, { fin: i === parts.length - 1 }));
  if (m.ping) frames.splice(1, 0, serverFrame(Opcode.Ping, `ping ${index}`));
  return frames;
}

describe('borrowed input with a pool that reuses recycled buffers at once', () => {
  it('keeps every delivered message and every echoed frame intact while recycled buffers are handed out again', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 40 }), (messages, cuts) => {
        const pool = new ReusingPool();
        const protocol = new ClientProtocol({
          platform: { fillRandom: counterRandom(), allocate: (n) => pool.allocate(n), recycle: (b) => pool.recycle(b) },
          borrowedInput: true,
          pauseAfterMessage: true,
        });
        const transport = new FakeTransport();
        const delivered: ProtocolEvent[] = [];
        const driver = new ProtocolDriver(protocol, transport, new ManualClock(), {
          onEvent: (event) => {
            delivered.push(event);
            // Echo from inside the read: outgoing frames take buffers from the same pool.
            if (event.type === 'text') driver.sendText(event.data);
            if (event.type === 'binary') driver.sendBinary(event.data);
          },
          onClosed: () => {},
        });
        const wire = concat(messages.flatMap(framesOf));
        const read = new Uint8Array(wire.length + 1);
        let round = 0;
        for (const chunk of splitAt(wire, cuts)) {
          read.set(chunk);
          driver.receive(read.subarray(0, chunk.length));
          read.fill((round++ * 37) & 0xff);
        }
        const data = delivered.filter((e) => e.type === 'text' || e.type === 'binary');
        expect(data.length).toBe(messages.length);
        const wrong = messages.flatMap((m, i) => {
          const e = data[i]!;
          const bytes = e.type === 'text' ? utf8(e.data) : e.type === 'binary' ? e.data : new Uint8Array(0);
          return e.type === (m.isText ? 'text' : 'binary') && bytes.length === m.bytes.length && bytes.every((b, k) => b === m.bytes[k]) ? [] : [i];
        });
        expect(wrong).toEqual([]);
        // No buffer the application was given is among the recycled ones.
        expect(data.filter((e) => e.type === 'binary' && pool.recycled.has(e.data)).length).toBe(0);
        // Every frame written while the pool turned over still carries its message (echoes, pongs).
        const written = parseClientFrames(transport.writes.flat());
        const echoes = written.filter((f) => f.opcode === Opcode.Text || f.opcode === Opcode.Binary);
        expect(echoes.map((f, i) => f.payload.length === messages[i]!.bytes.length && f.payload.every((b, k) => b === messages[i]!.bytes[k]))).toEqual(messages.map(() => true));
        const pongs = written.filter((f) => f.opcode === Opcode.Pong).map((f) => new TextDecoder().decode(f.payload));
        expect(pongs).toEqual(messages.flatMap((m, i) => (m.ping ? [`ping ${i}`] : [])));
      }),
      { numRuns: 120 },
    );
    // The property was exercised: recycled buffers really were handed out again.
    expect(reuses).toBeGreaterThan(0);
  });
});
