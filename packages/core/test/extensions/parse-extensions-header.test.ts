import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HandshakeError } from '../../src/errors/index.js';
import { parseExtensionsHeader } from '../../src/extensions/index.js';

describe('parseExtensionsHeader', () => {
  it.each([
    ['permessage-deflate', [['permessage-deflate', {}]]],
    ['permessage-deflate; client_max_window_bits', [['permessage-deflate', { client_max_window_bits: true }]]],
    [
      'permessage-deflate;server_max_window_bits=10;client_no_context_takeover',
      [['permessage-deflate', { server_max_window_bits: '10', client_no_context_takeover: true }]],
    ],
    ['a; x = 1 , b ;y="2"', [['a', { x: '1' }], ['b', { y: '2' }]]],
    ['a; x="\\1\\0"', [['a', { x: '10' }]]],
    ['a; x="t\\ok"; y="\\a\\b\\c"', [['a', { x: 'tok', y: 'abc' }]]],
    ['\t a \t', [['a', {}]]],
    ['a,,  , b,', [['a', {}], ['b', {}]]],
    ['', []],
    [' , ', []],
  ])('parses %j', (value, expected) => {
    const items = parseExtensionsHeader(value);
    expect(items.map((i) => [i.name, Object.fromEntries(i.params)])).toEqual(expected);
  });

  it('keeps a parameter named __proto__ as an ordinary key', () => {
    const [item] = parseExtensionsHeader('a; __proto__=x; constructor');
    expect([...item.params]).toEqual([
      ['__proto__', 'x'],
      ['constructor', true],
    ]);
    expect(Object.getPrototypeOf(item.params)).toBe(Map.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each([
    ['a;', 'a parameter name is missing'],
    ['a; ;b', 'an empty parameter'],
    ['a; x=', 'a value is missing'],
    ['a; x=,', 'a value is missing before a comma'],
    ['a; x="1', 'the quote is not closed'],
    ['a; x="1\\', 'an escape ends the value'],
    ['a; x="a b"', 'the quoted value is not a token'],
    ['a; x=""', 'the quoted value is empty'],
    ['a; x="\\""', 'an escaped quote is not a tchar'],
    ['a; x="\\\\"', 'an escaped backslash is not a tchar'],
    ['a; x="\\"', 'the closing quote is escaped'],
    ['a; x=1; x=2', 'a parameter repeats'],
    ['a b', 'two names are not separated'],
    ['a; x=1 2', 'two values follow one ='],
    ['; x', 'the name is missing'],
    ['a@b', 'the name has a separator'],
    ['a; x=é', 'the value is not ASCII'],
    ['a=1', 'the extension has a value'],
  ])('rejects %j with ERR_INVALID_EXTENSIONS (%s)', (value) => {
    expect(() => parseExtensionsHeader(value)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_EXTENSIONS' }));
  });

  it('unescapes a quoted value exactly as RFC 7230 quoted-pairs read one character at a time', () => {
    const unescapeByHand = (quoted: string): string | undefined => {
      let text = '';
      for (let i = 0; i < quoted.length; i++) text += quoted[quoted[i] === '\\' ? ++i : i] ?? '';
      return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(text) ? text : undefined;
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\\', '"', ' ', '!'), maxLength: 12 }), (quoted) => {
        // Only strings that stay one quoted value: no unescaped quote inside, no escape of the closing one.
        fc.pre(!/(^|[^\\])(\\\\)*"/.test(quoted) && !/(^|[^\\])(\\\\)*\\$/.test(quoted));
        const expected = unescapeByHand(quoted);
        const parse = () => parseExtensionsHeader(`e; p="${quoted}"`)[0]!.params.get('p');
        if (expected === undefined) expect(parse).toThrow(HandshakeError);
        else expect(parse()).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('throws nothing but HandshakeError on random text, and parses long input in linear time', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ';', ',', '=', '"', '\\', ' ', 'x', '\t', '\r'), maxLength: 40 }), (value) => {
        try {
          parseExtensionsHeader(value);
        } catch (error) {
          expect(error).toBeInstanceOf(HandshakeError);
        }
      }),
      { numRuns: 3000 },
    );
    const long = Array.from({ length: 20_000 }, (_, i) => `e${i}; p="${i}"`).join(', ');
    expect(parseExtensionsHeader(long)).toHaveLength(20_000);
  });
});
