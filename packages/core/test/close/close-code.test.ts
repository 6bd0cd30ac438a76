import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CloseCode, isValidReceivedCloseCode, isValidSentCloseCode } from '../../src/close/index.js';

// RFC 6455 §7.4.1 / §7.4.2 and the IANA registry.
const validOnWire = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];
const invalidOnWire = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535, -1, 1000.5, Number.NaN];

describe('CloseCode', () => {
  it('names the RFC 6455 and IANA codes with their numbers', () => {
    expect(CloseCode).toEqual({
      NormalClosure: 1000, GoingAway: 1001, ProtocolError: 1002, UnsupportedData: 1003,
      NoStatusReceived: 1005, AbnormalClosure: 1006, InvalidPayloadData: 1007, PolicyViolation: 1008,
      MessageTooBig: 1009, MandatoryExtension: 1010, InternalError: 1011, ServiceRestart: 1012,
      TryAgainLater: 1013, BadGateway: 1014, TlsHandshake: 1015,
    });
    expect(Object.isFrozen(CloseCode)).toBe(true);
  });
});

describe('isValidReceivedCloseCode', () => {
  it.each(validOnWire)('accepts %d', (code) => expect(isValidReceivedCloseCode(code)).toBe(true));
  it.each(invalidOnWire)('rejects %d', (code) => expect(isValidReceivedCloseCode(code)).toBe(false));

  it('agrees with the registry ranges for every 16-bit code', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff }), (code) => {
      const expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
      expect(isValidReceivedCloseCode(code)).toBe(expected);
    }));
  });
});

describe('isValidSentCloseCode', () => {
  it.each(validOnWire)('lets an application send %d', (code) => expect(isValidSentCloseCode(code)).toBe(true));
  it.each([1004, 1005, 1006, 1015, 999, 2000, 5000])('refuses the reserved or undefined %d', (code) => {
    expect(isValidSentCloseCode(code)).toBe(false);
  });
});
