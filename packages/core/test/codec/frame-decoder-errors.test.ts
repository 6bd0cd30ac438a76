import { describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../src/codec/index.js';
import { catchProtocolError } from './catch-protocol-error.js';

const wire = (...values: number[]): Uint8Array => Uint8Array.from(values);

interface Violation {
  readonly rule: string;
  readonly bytes: Uint8Array;
  readonly code: string;
  readonly closeCode: number;
  readonly names: string;
  readonly at?: number;
}

/**
 * Each case: header bytes a server must not send, the error, a value the message must name, and
 * `at`: the index of the first byte that decides the violation (default: the last one).
 */
const violations: Violation[] = [
  { rule: 'a reserved non-control opcode (0x3)', bytes: wire(0x83, 0x00), code: 'ERR_RESERVED_OPCODE', closeCode: 1002, names: '0x3' },
  { rule: 'a reserved non-control opcode (0x7)', bytes: wire(0x87, 0x00), code: 'ERR_RESERVED_OPCODE', closeCode: 1002, names: '0x7' },
  { rule: 'a reserved control opcode (0xb)', bytes: wire(0x8b, 0x00), code: 'ERR_RESERVED_OPCODE', closeCode: 1002, names: '0xb' },
  { rule: 'a reserved control opcode (0xf)', bytes: wire(0x8f, 0x00), code: 'ERR_RESERVED_OPCODE', closeCode: 1002, names: '0xf' },
  { rule: 'a masked frame', bytes: wire(0x81, 0x85, 1, 2, 3, 4), code: 'ERR_MASKED_FRAME', closeCode: 1002, names: 'MASK', at: 1 },
  { rule: 'a ping with FIN clear', bytes: wire(0x09, 0x00), code: 'ERR_FRAGMENTED_CONTROL_FRAME', closeCode: 1002, names: '0x9', at: 1 },
  { rule: 'a close with FIN clear', bytes: wire(0x08, 0x00), code: 'ERR_FRAGMENTED_CONTROL_FRAME', closeCode: 1002, names: '0x8', at: 1 },
  { rule: 'a ping with a 16-bit length', bytes: wire(0x89, 0x7e, 0x00, 0x7e), code: 'ERR_CONTROL_FRAME_TOO_BIG', closeCode: 1002, names: '125', at: 1 },
  { rule: 'a pong with a 64-bit length', bytes: wire(0x8a, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0x7e), code: 'ERR_CONTROL_FRAME_TOO_BIG', closeCode: 1002, names: '127', at: 1 },
  { rule: 'a 16-bit length below 126', bytes: wire(0x82, 0x7e, 0x00, 0x7d), code: 'ERR_NON_MINIMAL_LENGTH', closeCode: 1002, names: '125' },
  { rule: 'a 16-bit length of 0', bytes: wire(0x82, 0x7e, 0x00, 0x00), code: 'ERR_NON_MINIMAL_LENGTH', closeCode: 1002, names: 'length 0' },
  { rule: 'a 64-bit length below 65536', bytes: wire(0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0xff, 0xff), code: 'ERR_NON_MINIMAL_LENGTH', closeCode: 1002, names: '65535' },
  { rule: 'a 64-bit length below 126', bytes: wire(0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0x05), code: 'ERR_NON_MINIMAL_LENGTH', closeCode: 1002, names: 'length 5' },
  { rule: 'a 64-bit length with the top bit set', bytes: wire(0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0), code: 'ERR_INVALID_LENGTH', closeCode: 1002, names: '0x8000000000000000' },
  { rule: 'a 64-bit length past 2^53-1', bytes: wire(0x82, 0x7f, 0x00, 0x20, 0, 0, 0, 0, 0, 0), code: 'ERR_INVALID_LENGTH', closeCode: 1002, names: '0x2000000000000' },
  { rule: 'a frame past the default 64 MiB limit', bytes: wire(0x82, 0x7f, 0, 0, 0, 0, 0x04, 0, 0, 0x01), code: 'ERR_FRAME_TOO_BIG', closeCode: 1009, names: '67108865' },
];

describe('FrameDecoder fails the connection', () => {
  it.each(violations.map((v) => [v.code, v.rule, v] as const))('with %s on %s', (_code, _rule, v) => {
    const error = catchProtocolError(() => new FrameDecoder().push(v.bytes), v.code, v.closeCode);
    expect(error.message).toContain(v.names);
  });

  it.each(violations.map((v) => [v.code, v.rule, v] as const))(
    'with %s on %s delivered one byte at a time, as soon as the offending header byte arrives',
    (_code, _rule, v) => {
      const decoder = new FrameDecoder();
      const at = v.at ?? v.bytes.length - 1;
      for (let i = 0; i < at; i++) expect(decoder.push(v.bytes.subarray(i, i + 1))).toEqual([]);
      catchProtocolError(() => decoder.push(v.bytes.subarray(at, at + 1)), v.code, v.closeCode);
    },
  );

  it('with 1009 when a frame is larger than maxFrameBytes, before any payload byte is buffered', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 4 });
    expect(decoder.push(wire(0x82, 0x04, 1, 2, 3, 4))).toHaveLength(1);
    const error = catchProtocolError(() => decoder.push(wire(0x82, 0x05)), 'ERR_FRAME_TOO_BIG', 1009);
    expect(error.message).toContain('5 bytes');
    expect(error.message).toContain('4');
  });

  it('with 1009 when the host cannot allocate a payload that maxFrameBytes allows', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: Number.MAX_SAFE_INTEGER });
    const error = catchProtocolError(() => decoder.push(wire(0x82, 0x7f, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0)),
      'ERR_FRAME_TOO_BIG', 1009);
    expect(error.message).toContain(String(Number.MAX_SAFE_INTEGER));
    expect(error.cause).toBeInstanceOf(RangeError);
  });

  it('after returning the frames completed by earlier pushes', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(wire(0x81, 0x01, 0x41, 0x83))).toEqual([
      { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 1, payload: wire(0x41) },
    ]);
    catchProtocolError(() => decoder.push(wire(0x00)), 'ERR_RESERVED_OPCODE', 1002);
    expect(decoder.framesBeforeFailure).toEqual([]);
  });

  it('keeping the frames the failing chunk completed before the violation in framesBeforeFailure', () => {
    const decoder = new FrameDecoder();
    expect(decoder.framesBeforeFailure).toEqual([]);
    catchProtocolError(() => decoder.push(wire(0x81, 0x01, 0x41, 0x89, 0x00, 0x83, 0x00)), 'ERR_RESERVED_OPCODE', 1002);
    expect(decoder.framesBeforeFailure.map((f) => [f.opcode, [...f.payload]])).toEqual([[1, [0x41]], [9, []]]);
  });
});

describe('FrameDecoder after a failure', () => {
  it('throws the same ProtocolError again on every later push, whatever the bytes', () => {
    const decoder = new FrameDecoder();
    const first = catchProtocolError(() => decoder.push(wire(0x83, 0x00)), 'ERR_RESERVED_OPCODE', 1002);
    const again = catchProtocolError(() => decoder.push(wire(0x81, 0x00)), 'ERR_RESERVED_OPCODE', 1002);
    expect(again).toBe(first);
    expect(catchProtocolError(() => decoder.push(new Uint8Array(0)), 'ERR_RESERVED_OPCODE', 1002)).toBe(first);
  });
});

describe('FrameDecoder limits', () => {
  it.each([-1, 1.5, Number.NaN, Infinity, 2 ** 53, '10' as unknown as number])(
    'throws TypeError at construction for maxFrameBytes %s',
    (maxFrameBytes) => {
      expect(() => new FrameDecoder({ maxFrameBytes })).toThrow(TypeError);
    },
  );

  it('accepts a frame of exactly maxFrameBytes, and 0 as a limit that allows only empty frames', () => {
    expect(new FrameDecoder({ maxFrameBytes: 3 }).push(wire(0x82, 0x03, 1, 2, 3))[0].payload).toEqual(wire(1, 2, 3));
    expect(new FrameDecoder({ maxFrameBytes: 0 }).push(wire(0x82, 0x00))[0].payload).toEqual(wire());
    catchProtocolError(() => new FrameDecoder({ maxFrameBytes: 0 }).push(wire(0x82, 0x01)), 'ERR_FRAME_TOO_BIG', 1009);
  });
});
