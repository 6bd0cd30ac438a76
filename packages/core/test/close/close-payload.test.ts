import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeClosePayload, encodeClosePayload, MAX_CLOSE_REASON_BYTES } from '../../src/close/index.js';
import { WeftError } from '../../src/errors/index.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('encodeClosePayload', () => {
  it('writes the code big-endian followed by the UTF-8 reason', () => {
    expect(encodeClosePayload(1000, 'bye')).toEqual(bytes(0x03, 0xe8, 0x62, 0x79, 0x65));
    expect(encodeClosePayload(4999)).toEqual(bytes(0x13, 0x87));
    expect(encodeClosePayload(1001, 'é')).toEqual(bytes(0x03, 0xe9, 0xc3, 0xa9));
  });

  it('writes an empty body when no code is given', () => {
    expect(encodeClosePayload()).toEqual(new Uint8Array(0));
  });

  it('refuses a reason without a code', () => {
    expect(() => encodeClosePayload(undefined, 'why')).toThrow(WeftError);
  });

  it('accepts a reason of exactly 123 UTF-8 bytes', () => {
    expect(encodeClosePayload(1000, 'a'.repeat(MAX_CLOSE_REASON_BYTES))).toHaveLength(125);
  });

  it('rejects a close reason longer than 123 UTF-8 bytes, counting bytes not characters', () => {
    expect(() => encodeClosePayload(1000, 'a'.repeat(124))).toThrow(/124 UTF-8 bytes; the limit is 123/);
    // 62 two-byte characters = 124 bytes although only 62 characters.
    const error = (() => { try { encodeClosePayload(1000, 'é'.repeat(62)); } catch (e) { return e; } })();
    expect(WeftError.isWeftError(error) && error.code).toBe('ERR_CLOSE_REASON_TOO_LONG');
  });

  it.each([1004, 1005, 1006, 1015, 0, 2999, 5000, 1000.5])('refuses to send code %d', (code) => {
    const error = (() => { try { encodeClosePayload(code); } catch (e) { return e; } })();
    expect(WeftError.isWeftError(error) && error.code).toBe('ERR_INVALID_CLOSE_CODE');
  });

  it('rejects a reason that is not a string', () => {
    expect(() => encodeClosePayload(1000, 42 as unknown as string)).toThrow(TypeError);
  });
});

describe('decodeClosePayload', () => {
  it('reports 1005 for an empty body (RFC 6455 §7.1.5)', () => {
    expect(decodeClosePayload(new Uint8Array(0))).toEqual({ ok: true, code: 1005, reason: '' });
  });

  it('reads a code without a reason', () => {
    expect(decodeClosePayload(bytes(0x03, 0xe8))).toEqual({ ok: true, code: 1000, reason: '' });
  });

  it('reads a code and a UTF-8 reason', () => {
    expect(decodeClosePayload(bytes(0x0f, 0xa0, 0xc3, 0xa9))).toEqual({ ok: true, code: 4000, reason: 'é' });
  });

  const failures: Array<[string, Uint8Array, number]> = [
    ['a 1-byte body', bytes(0x03), 1002],
    ['code 1005', bytes(0x03, 0xed), 1002],
    ['code 1006', bytes(0x03, 0xee), 1002],
    ['code 999', bytes(0x03, 0xe7), 1002],
    ['code 5000', bytes(0x13, 0x88), 1002],
    ['a reason with invalid UTF-8', bytes(0x03, 0xe8, 0xff), 1007],
    ['a reason cut mid-sequence', bytes(0x03, 0xe8, 0xc3), 1007],
    ['a reason with a surrogate', bytes(0x03, 0xe8, 0xed, 0xa0, 0x80), 1007],
  ];
  it.each(failures)('fails on %s with close code %d', (_name, payload, closeCode) => {
    const result = decodeClosePayload(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.closeCode).toBe(closeCode);
  });

  it('round-trips every sendable code and reason', () => {
    const code = fc.oneof(fc.integer({ min: 1000, max: 1003 }), fc.integer({ min: 1007, max: 1014 }), fc.integer({ min: 3000, max: 4999 }));
    fc.assert(fc.property(code, fc.string({ unit: 'grapheme', maxLength: 30 }), (c, reason) => {
      fc.pre(new TextEncoder().encode(reason).length <= 123);
      expect(decodeClosePayload(encodeClosePayload(c, reason))).toEqual({ ok: true, code: c, reason });
    }));
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 125 }), (payload) => {
      const result = decodeClosePayload(payload);
      if (!result.ok) expect([1002, 1007]).toContain(result.error.closeCode);
    }));
  });
});
