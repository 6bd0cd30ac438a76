import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { pushMessageFrames } from '../../src/protocol/outgoing-frames.js';
import { STREAM_MIN_BYTES, STREAM_PIECE_BYTES } from '../../src/protocol/streamed-frame.js';
import { ProtocolDriver } from '../../src/transport/index.js';
import { FakeTransport, ManualClock } from '../transport/fakes.js';
import { concat, createProtocol, parseClientFrames } from './wire.js';

const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const MiB = 1024 * 1024;

function patterned(length: number): Uint8Array {
  const payload = new Uint8Array(length);
  for (let i = 0; i < length; i++) payload[i] = (i * 151 + 7) & 0xff;
  return payload;
}

/** Byte equality without printing megabytes when it fails. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Streams one message through pushMessageFrames; returns every flush and what stayed in `out`. */
function stream(payload: Uint8Array, { owned = false, fragmentBytes }: { owned?: boolean; fragmentBytes?: number } = {}) {
  const flushes: Uint8Array[][] = [];
  const allocated: Uint8Array[] = [];
  const out: Uint8Array[] = [];
  pushMessageFrames(out, owned ? Opcode.Text : Opcode.Binary, payload, false, fragmentBytes, () => key, owned, {
    allocate: (length) => {
      // Garbage inside, as Buffer.allocUnsafe's may be.
      const buffer = new Uint8Array(length).fill(0xa5);
      allocated.push(buffer);
      return buffer;
    },
    flush: (chunks) => flushes.push([...chunks]),
  });
  return { flushes, allocated, rest: out };
}

describe('a big frame written piece by piece while it is masked', () => {
  it('leaves the same bytes on the wire as a frame built whole, for every length around the piece boundaries', () => {
    const lengths = [STREAM_MIN_BYTES, STREAM_MIN_BYTES + 3, STREAM_MIN_BYTES + STREAM_PIECE_BYTES - 1, 5.5 * MiB + 1, 9 * MiB];
    for (const length of lengths) {
      const payload = patterned(length);
      const before = payload.slice();
      const { flushes, rest } = stream(payload);
      const whole: Uint8Array[] = [];
      pushMessageFrames(whole, Opcode.Binary, payload, false, undefined, () => key);
      expect(sameBytes(concat([...flushes.flat(), ...rest]), concat(whole)), `${length} bytes`).toBe(true);
      expect(sameBytes(payload, before), 'the caller payload is untouched').toBe(true);
    }
  });

  it('hands each finished piece to flush before masking the next, and leaves the last piece for dataToSend', () => {
    const { flushes, rest } = stream(patterned(6 * MiB + 10));
    // Pieces of 1 MiB, the last taking the remainder: never a small trailing piece.
    expect(flushes.map((chunks) => chunks.length)).toEqual([1, 1, 1, 1, 1]);
    expect(flushes[0][0].length).toBe(14 + STREAM_PIECE_BYTES); // header, key and the first piece
    expect(flushes.slice(1).every(([piece]) => piece.length === STREAM_PIECE_BYTES)).toBe(true);
    expect(rest).toHaveLength(1);
    expect(rest[0].length).toBe(MiB + 10);
  });

  it('writes views of one frame buffer, the last ending where the buffer ends (so a pool can recycle it once written)', () => {
    const { flushes, allocated, rest } = stream(patterned(5 * MiB));
    expect(allocated).toHaveLength(1);
    const frame = allocated[0];
    const views = [...flushes.flat(), ...rest];
    expect(views.every((view) => view.buffer === frame.buffer)).toBe(true);
    const last = views[views.length - 1];
    expect(last.byteOffset + last.byteLength).toBe(frame.byteOffset + frame.byteLength);
    expect(views.slice(0, -1).every((view) => view.byteOffset + view.byteLength < frame.byteLength)).toBe(true);
  });

  it('masks an owned payload (encoded text) in place, after a header of its own, without allocating', () => {
    const payload = patterned(4 * MiB + 100);
    const expected: Uint8Array[] = [];
    pushMessageFrames(expected, Opcode.Text, payload.slice(), false, undefined, () => key);
    const { flushes, allocated, rest } = stream(payload, { owned: true });
    expect(allocated).toHaveLength(0);
    expect(flushes[0][0].length).toBe(14); // the header alone, then views of the payload
    expect(rest[0].buffer === payload.buffer).toBe(true);
    expect(sameBytes(concat([...flushes.flat(), ...rest]), concat(expected))).toBe(true);
  });

  it('streams each big fragment of a fragmented message, keeping frame order', () => {
    const payload = patterned(10 * MiB);
    const { flushes, rest } = stream(payload, { fragmentBytes: 4 * MiB });
    const frames = parseClientFrames([...flushes.flat(), ...rest]);
    expect(frames.map((frame) => [frame.opcode, frame.fin, frame.payload.length])).toEqual([
      [Opcode.Binary, false, 4 * MiB], [Opcode.Continuation, false, 4 * MiB], [Opcode.Continuation, true, 2 * MiB],
    ]);
    expect(sameBytes(concat(frames.map((frame) => frame.payload)), payload)).toBe(true);
  });

  it('is not used below its threshold, nor without a flush', () => {
    expect(stream(patterned(STREAM_MIN_BYTES - 1)).flushes).toHaveLength(0);
    const out: Uint8Array[] = [];
    pushMessageFrames(out, Opcode.Binary, patterned(5 * MiB), false, undefined, () => key);
    expect(out).toHaveLength(1);
  });
});

describe('ProtocolDriver over a transport that never re-enters it', () => {
  function drive(writesWithoutReentry: boolean) {
    const transport = Object.assign(new FakeTransport(), { writesWithoutReentry });
    const driver = new ProtocolDriver(createProtocol(), transport, new ManualClock(), { onEvent: () => {}, onClosed: () => {} });
    return { driver, transport };
  }

  it('writes a big message piece by piece, in order, and the peer reads the same message', () => {
    const { driver, transport } = drive(true);
    const payload = patterned(5 * MiB + 7);
    driver.sendText('before');
    expect(driver.sendBinary(payload)).toBe(true);
    driver.sendText('after');
    // 'before' (1 write), the 5 pieces (4 flushed early, the last with settle), 'after' (1 write).
    expect(transport.writes).toHaveLength(7);
    const frames = parseClientFrames(transport.writes.flat());
    expect(frames.map((frame) => frame.opcode)).toEqual([Opcode.Text, Opcode.Binary, Opcode.Text]);
    expect(sameBytes(frames[1].payload, payload)).toBe(true);
  });

  it('writes a big message whole when the transport may call back into it while writing', () => {
    const { driver, transport } = drive(false);
    driver.sendBinary(patterned(5 * MiB));
    expect(transport.writes).toHaveLength(1);
  });
});
