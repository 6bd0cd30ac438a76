/**
 * Autobahn 1.x — framing: text and binary messages of every length encoding (RFC 6455 §5.2),
 * echoed byte for byte, written whole, in 997-byte chops and split inside the header.
 */
import { describe } from 'vitest';
import { Op, binary, buildFrame, buildHeaderOnly, close, mixedUtf8, pseudoRandomBytes, text } from './harness/frame-builder.js';
import { defineCases, expectBinary, expectClose, expectText, failedWith, normalClose } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';

const LENGTHS = [0, 1, 125, 126, 127, 128, 65535, 65536, 16 * 2 ** 20];

function echoCase(kind: 'text' | 'binary', length: number, split?: ConformanceCase['steps'][number]): ConformanceCase {
  const data = kind === 'text' ? mixedUtf8(length) : pseudoRandomBytes(length, length + 1);
  const frame = kind === 'text' ? text(data) : binary(data);
  const { client, user } = normalClose();
  return {
    name: `echoes a ${length}-byte ${kind} message${split ? ' written in pieces' : ''}`,
    steps: [split ?? { send: frame }, { waitEvents: 1, timeoutMs: 10_000 }, { send: close(1000) }],
    client: [kind === 'text' ? expectText(data) : expectBinary(data), client],
    user,
  };
}

const cases: ConformanceCase[] = [
  ...LENGTHS.map((n) => echoCase('text', n)),
  ...LENGTHS.map((n) => echoCase('binary', n)),
  { ...echoCase('text', 65536), name: 'echoes a 65536-byte text message written in 997-byte chops', steps: [{ send: text(mixedUtf8(65536)), split: { every: 997 } }, { waitEvents: 1 }, { send: close(1000) }] },
  { ...echoCase('binary', 65536), name: 'echoes a 65536-byte binary message written in 997-byte chops', steps: [{ send: binary(pseudoRandomBytes(65536, 65537)), split: { every: 997 } }, { waitEvents: 1 }, { send: close(1000) }] },
  ...[126, 65536].map((n) => ({ ...echoCase('binary', n), name: `echoes a ${n}-byte binary message whose header and extended length arrive one byte at a time`, steps: [{ send: binary(pseudoRandomBytes(n, n + 1)), split: { at: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } }, { waitEvents: 1 }, { send: close(1000) }] })),
  { ...echoCase('text', 200), name: 'echoes a 200-byte text message written as 1-byte writes', steps: [{ send: text(mixedUtf8(200)), split: 'bytes' }, { waitEvents: 1 }, { send: close(1000) }] },
  {
    name: 'echoes several messages that arrive in one write, in order',
    steps: [{ send: [text('first'), binary(Buffer.from([0, 1, 2])), text(''), binary('')] }, { waitEvents: 4 }, { send: close(1000) }],
    client: [expectText('first'), expectBinary(Buffer.from([0, 1, 2])), expectText(''), expectBinary(''), expectClose(1000)],
    user: { code: 1000, wasClean: true },
  },
  // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
  {
    name: 'fails the connection with 1002 when a length of 5 is encoded in 16 bits',
    steps: [{ send: buildFrame({ opcode: Op.Text, payload: 'hello', lengthEncoding: 16 }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    name: 'fails the connection with 1002 when a length of 200 is encoded in 64 bits',
    steps: [{ send: buildFrame({ opcode: Op.Binary, payload: pseudoRandomBytes(200), lengthEncoding: 64 }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  // RFC 6455 §5.2: "the most significant bit MUST be 0" in a 64-bit length.
  {
    name: 'fails the connection with 1002 when the 64-bit length has its top bit set, before any payload',
    steps: [{ send: buildHeaderOnly(Op.Binary, 127, 1n << 63n) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    name: 'fails the connection with 1009 (or 1002) when a frame declares 2^53 bytes, before any payload',
    steps: [{ send: buildHeaderOnly(Op.Binary, 127, 1n << 53n) }],
    client: [expectClose([1009, 1002])],
    user: { code: [1009, 1002, 1006] },
  },
  {
    name: 'fails the connection with 1009 when a frame declares more than maxMessageBytes, before its payload arrives',
    steps: [{ send: buildHeaderOnly(Op.Binary, 127, BigInt(64 * 2 ** 20 + 1)) }],
    client: [expectClose(1009)],
    user: failedWith(1009),
  },
  // RFC 6455 §5.1: "A client MUST close a connection if it detects a masked frame."
  {
    name: 'fails the connection with 1002 when a server frame is masked',
    steps: [{ send: buildFrame({ opcode: Op.Text, payload: 'masked', maskKey: Buffer.from([1, 2, 3, 4]) }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
];

describe('framing (Autobahn 1.x)', () => defineCases(cases));
