import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HandshakeError } from '../../src/errors/index.js';
import { HttpResponseParser } from '../../src/handshake/index.js';
import type { HttpResponse } from '../../src/handshake/index.js';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

/** Splits `input` at the given cut points (any order, duplicates allowed). */
function split(input: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, input.length]) {
    chunks.push(input.subarray(start, p));
    start = p;
  }
  return chunks;
}

type Outcome = { error: string } | { response: Omit<HttpResponse, 'trailing'>; after: number[] };

function run(input: Uint8Array, chunks: Uint8Array[], limits = { maxLineBytes: 40, maxHeaders: 4, maxHeaderBytes: 120 }): Outcome {
  const parser = new HttpResponseParser(limits);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    let response: HttpResponse | undefined;
    try {
      response = parser.push(chunks[i]);
    } catch (error) {
      expect(error).toBeInstanceOf(HandshakeError);
      return { error: (error as HandshakeError).code };
    }
    offset += chunks[i].length;
    if (response !== undefined) {
      const { trailing, ...rest } = response;
      // trailing is a view of the chunk that completed the head, and the rest of the stream follows it.
      expect(trailing.buffer).toBe(chunks[i].buffer);
      return { response: { ...rest, headers: { ...rest.headers } }, after: [...trailing, ...input.subarray(offset)] };
    }
  }
  return { error: 'incomplete' };
}

describe('HttpResponseParser properties', () => {
  const piece = fc.constantFrom(
    'HTTP/1.1 101 OK\r\n', 'HTTP/1.1 ', '101', ' ', 'Upgrade: websocket\r\n', 'A:b\r\n', 'X', ': ', 'v', '\r\n', '\r', '\n',
    '\0', '\t', 'aaaaaaaaaaaaaaaaaaaa', '\x81\x00',
  );
  const headLike = fc.array(piece, { maxLength: 14 }).map((parts) => bytes(parts.join('')));
  const input = fc.oneof(headLike, fc.uint8Array({ maxLength: 200 }));

  it('gives the same result for every chunking of the same bytes', () => {
    fc.assert(
      fc.property(input, fc.array(fc.nat(), { maxLength: 8 }), (data, cuts) => {
        expect(run(data, split(data, cuts))).toEqual(run(data, [data]));
      }),
      { numRuns: 3000 },
    );
  });

  it('throws nothing but HandshakeError on random bytes, with default limits too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 5 }), (data, cuts) => {
        const parser = new HttpResponseParser();
        try {
          for (const chunk of split(data, cuts)) if (parser.push(chunk) !== undefined) break;
        } catch (error) {
          expect(error).toBeInstanceOf(HandshakeError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
