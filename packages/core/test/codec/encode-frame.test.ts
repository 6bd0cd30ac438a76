import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Opcode, encodeFrame } from '../../src/codec/index.js';
import { applyMaskNaive } from '../../src/mask/index.js';

const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

describe('encodeFrame length encoding', () => {
  it.each([
    [0, [0x82, 0x00]],
    [125, [0x82, 0x7d]],
    [126, [0x82, 0x7e, 0x00, 0x7e]],
    [65535, [0x82, 0x7e, 0xff, 0xff]],
    [65536, [0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]],
    [70000, [0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70]],
  ])('uses the minimal encoding for a %i-byte payload', (length, header) => {
    expect([...encodeFrame(Opcode.Binary, new Uint8Array(length))[0]]).toEqual(header);
  });

  it('writes all eight bytes of a 64-bit length (above 2^32)', () => {
    // A typed array this large cannot be allocated here, so a stand-in reports the length.
    const huge = Object.create(Uint8Array.prototype, { length: { value: 2 ** 40 + 0x01020304 } }) as Uint8Array;
    expect([...encodeFrame(Opcode.Binary, huge)[0]]).toEqual([0x82, 0x7f, 0, 0, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04]);
  });
});

describe('encodeFrame flags and masking', () => {
  it('sets FIN by default, clears it with fin: false, and sets RSV1 with rsv1: true', () => {
    expect(encodeFrame(Opcode.Text, new Uint8Array(0))[0][0]).toBe(0x81);
    expect(encodeFrame(Opcode.Text, new Uint8Array(0), { fin: false })[0][0]).toBe(0x01);
    expect(encodeFrame(Opcode.Continuation, new Uint8Array(0), { fin: true, rsv1: true })[0][0]).toBe(0xc0);
  });

  it('returns the caller\'s payload as it is when no maskKey is given', () => {
    const payload = Uint8Array.of(1, 2, 3);
    expect(encodeFrame(Opcode.Binary, payload)[1]).toBe(payload);
  });

  it('sets the MASK bit, writes the key after the length and masks into a new buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 4, maxLength: 4 }), (payload, maskKey) => {
        const [header, masked] = encodeFrame(Opcode.Binary, payload, { maskKey });
        expect(header[1] & 0x80).toBe(0x80);
        expect([...header.subarray(header.length - 4)]).toEqual([...maskKey]);
        expect(masked).not.toBe(payload);
        const expected = new Uint8Array(payload.length);
        applyMaskNaive(payload, maskKey, expected);
        expect(masked).toEqual(expected);
      }),
    );
  });

  it('never mutates the caller\'s payload or key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: undefined }),
        fc.boolean(),
        (payload, maskKey, fin) => {
          const payloadBefore = payload.slice();
          const keyBefore = maskKey?.slice();
          encodeFrame(Opcode.Binary, payload, { fin, maskKey });
          expect(payload).toEqual(payloadBefore);
          expect(maskKey).toEqual(keyBefore);
        },
      ),
    );
  });
});

describe('encodeFrame rejects caller misuse with a TypeError', () => {
  it.each([3, 7, 11, 15, 16, -1, 1.5, Number.NaN])('for opcode %s, which RFC 6455 does not define', (opcode) => {
    expect(() => encodeFrame(opcode, new Uint8Array(0))).toThrow(TypeError);
  });

  it.each([Opcode.Close, Opcode.Ping, Opcode.Pong])('for a control frame (opcode %i) over 125 bytes', (opcode) => {
    expect(() => encodeFrame(opcode, new Uint8Array(125))).not.toThrow();
    expect(() => encodeFrame(opcode, new Uint8Array(126))).toThrow('126 bytes; the limit is 125');
  });

  it.each([Opcode.Close, Opcode.Ping, Opcode.Pong])('for a fragmented control frame (opcode %i)', (opcode) => {
    expect(() => encodeFrame(opcode, new Uint8Array(0), { fin: false })).toThrow(TypeError);
  });

  it('for a payload over 2^53-1 bytes', () => {
    const huge = Object.create(Uint8Array.prototype, { length: { value: 2 ** 53 } }) as Uint8Array;
    expect(() => encodeFrame(Opcode.Binary, huge)).toThrow(/2\^53-1/);
  });

  it.each([
    ['a 3-byte key', Uint8Array.of(1, 2, 3)],
    ['a 5-byte key', Uint8Array.of(1, 2, 3, 4, 5)],
    ['an array of numbers', [1, 2, 3, 4]],
  ])('for %s as maskKey', (_name, maskKey) => {
    expect(() => encodeFrame(Opcode.Binary, new Uint8Array(1), { maskKey: maskKey as Uint8Array })).toThrow(TypeError);
  });

  it.each([['a string', 'abc'], ['null', null], ['an array', [1, 2]]])('for %s as payload', (_name, payload) => {
    expect(() => encodeFrame(Opcode.Binary, payload as unknown as Uint8Array)).toThrow(TypeError);
  });
});
