import { describe, expect, it } from 'vitest';
import {
  formatPerMessageDeflateOffer,
  negotiatePerMessageDeflate,
  parseExtensionsHeader,
} from '../../src/extensions/index.js';
import type { PerMessageDeflateAgreement, PerMessageDeflateOffer } from '../../src/extensions/index.js';

/** Negotiates from the server's header text, as `validateResponse` does. */
function negotiate(answer: string, offer: PerMessageDeflateOffer): PerMessageDeflateAgreement {
  const [item] = parseExtensionsHeader(`permessage-deflate${answer}`);
  return negotiatePerMessageDeflate(item.params, offer);
}

const agreed = (overrides: Partial<PerMessageDeflateAgreement> = {}): PerMessageDeflateAgreement => ({
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: 15,
  clientMaxWindowBits: 15,
  ...overrides,
});

describe('formatPerMessageDeflateOffer', () => {
  it.each<[PerMessageDeflateOffer | undefined, string]>([
    [undefined, 'permessage-deflate; client_max_window_bits'],
    [{ clientMaxWindowBits: false }, 'permessage-deflate'],
    [{ clientMaxWindowBits: 12 }, 'permessage-deflate; client_max_window_bits=12'],
    [
      { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 9, clientMaxWindowBits: true },
      'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits',
    ],
  ])('writes %j as %j', (offer, text) => {
    expect(formatPerMessageDeflateOffer(offer)).toBe(text);
  });

  it.each<PerMessageDeflateOffer>([{ clientMaxWindowBits: 7 }, { clientMaxWindowBits: 16 }, { serverMaxWindowBits: 12.5 }, { serverMaxWindowBits: 0 }])(
    'rejects the invalid option %j with a RangeError',
    (offer) => {
      expect(() => formatPerMessageDeflateOffer(offer)).toThrow(RangeError);
    },
  );
});

describe('negotiatePerMessageDeflate (RFC 7692 §7.1, client side)', () => {
  // [clause, offer, server's parameters, agreement or error]
  const accepted: [string, PerMessageDeflateOffer, string, PerMessageDeflateAgreement][] = [
    ['defaults: full windows and context takeover both ways', {}, '', agreed()],
    ['§7.1.1.1 the server may answer server_no_context_takeover unasked', {}, '; server_no_context_takeover', agreed({ serverNoContextTakeover: true })],
    ['§7.1.1.1 the server echoes an offered server_no_context_takeover', { serverNoContextTakeover: true }, '; server_no_context_takeover', agreed({ serverNoContextTakeover: true })],
    ['§7.1.1.2 the server may answer client_no_context_takeover unasked', {}, '; client_no_context_takeover', agreed({ clientNoContextTakeover: true })],
    ['§7.1.1.2 we keep our offered client_no_context_takeover without an echo', { clientNoContextTakeover: true }, '', agreed({ clientNoContextTakeover: true })],
    ['§7.1.2.1 the server may answer server_max_window_bits unasked', {}, '; server_max_window_bits=12', agreed({ serverMaxWindowBits: 12 })],
    ['§7.1.2.1 the server answers the offered server_max_window_bits', { serverMaxWindowBits: 10 }, '; server_max_window_bits=10', agreed({ serverMaxWindowBits: 10 })],
    ['§7.1.2.1 the server answers a smaller server_max_window_bits', { serverMaxWindowBits: 10 }, '; server_max_window_bits=8', agreed({ serverMaxWindowBits: 8 })],
    ['§7.1.2.2 after a bare offer the server may set client_max_window_bits', { clientMaxWindowBits: true }, '; client_max_window_bits=9', agreed({ clientMaxWindowBits: 9 })],
    ['§7.1.2.2 after a valued offer the server may lower client_max_window_bits', { clientMaxWindowBits: 12 }, '; client_max_window_bits=11', agreed({ clientMaxWindowBits: 11 })],
    ['§7.1.2.2 after a valued offer, silence keeps our value', { clientMaxWindowBits: 12 }, '', agreed({ clientMaxWindowBits: 12 })],
    ['§7.1.2 a quoted value is unescaped first', {}, '; server_max_window_bits="15"', agreed()],
    ['everything at once', { serverNoContextTakeover: true, serverMaxWindowBits: 12 },
      '; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=11; client_max_window_bits=8',
      agreed({ serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 11, clientMaxWindowBits: 8 })],
  ];

  it.each(accepted)('accepts: %s', (_, offer, answer, expected) => {
    expect(negotiate(answer, offer)).toEqual(expected);
  });

  const rejected: [string, PerMessageDeflateOffer, string][] = [
    ['§7 a parameter not defined for a response', {}, '; foo'],
    ['§7 a parameter not defined for a response, named like an Object key', {}, '; __proto__'],
    ['§7 a repeated parameter', {}, '; server_no_context_takeover; server_no_context_takeover'],
    ['§7.1.1.1 server_no_context_takeover with a value', {}, '; server_no_context_takeover=1'],
    ['§7.1.1.1 an offered server_no_context_takeover that is not answered', { serverNoContextTakeover: true }, ''],
    ['§7.1.1.2 client_no_context_takeover with a value', {}, '; client_no_context_takeover=true'],
    ['§7.1.2.1 server_max_window_bits without a value', {}, '; server_max_window_bits'],
    ['§7.1.2.1 server_max_window_bits below 8', {}, '; server_max_window_bits=7'],
    ['§7.1.2.1 server_max_window_bits above 15', {}, '; server_max_window_bits=16'],
    ['§7.1.2.1 server_max_window_bits with a leading zero', {}, '; server_max_window_bits=09'],
    ['§7.1.2.1 server_max_window_bits not decimal', {}, '; server_max_window_bits=0xf'],
    ['§7.1.2.1 server_max_window_bits with a sign', {}, '; server_max_window_bits=+9'],
    ['§7.1.2.1 server_max_window_bits that is not an integer', {}, '; server_max_window_bits=1e1'],
    ['§7.1.2.1 server_max_window_bits larger than offered', { serverMaxWindowBits: 10 }, '; server_max_window_bits=11'],
    ['§7.1.2.1 an offered server_max_window_bits that is not answered', { serverMaxWindowBits: 10 }, ''],
    ['§7.1.2.2 client_max_window_bits that was not offered', { clientMaxWindowBits: false }, '; client_max_window_bits=15'],
    ['§7.1.2.2 client_max_window_bits without a value in a response', {}, '; client_max_window_bits'],
    ['§7.1.2.2 client_max_window_bits larger than offered', { clientMaxWindowBits: 10 }, '; client_max_window_bits=11'],
    ['§7.1.2.2 client_max_window_bits out of range', {}, '; client_max_window_bits=20'],
    ['§7.1.2.2 client_max_window_bits with leading zeros', {}, '; client_max_window_bits=010'],
  ];

  it.each(rejected)('fails the connection with ERR_INVALID_EXTENSIONS on %s', (_, offer, answer) => {
    expect(() => negotiate(answer, offer)).toThrow(expect.objectContaining({ name: 'HandshakeError', code: 'ERR_INVALID_EXTENSIONS' }));
  });

  it('rejects an invalid offer as caller misuse', () => {
    expect(() => negotiatePerMessageDeflate(new Map(), { serverMaxWindowBits: 16 })).toThrow(RangeError);
  });
});
