/**
 * Autobahn 2.x — ping and pong (RFC 6455 §5.5.2, §5.5.3): a ping is answered by a pong with the
 * same payload; a control payload over 125 bytes fails the connection; unsolicited pongs are
 * ignored.
 */
import { describe } from 'vitest';
import { Op, binary, buildFrame, close, ping, pong, pseudoRandomBytes, text } from './harness/frame-builder.js';
import { defineCases, expectBinary, expectClose, expectPong, expectText, failedWith, normalClose } from './harness/run-case.js';
import type { ConformanceCase, Expected } from './harness/run-case.js';

const allBytes = Buffer.from(Array.from({ length: 125 }, (_, i) => (i * 7 + 128) & 0xff));
const { client: closed, user } = normalClose();

const pingCase = (name: string, payload: Buffer | string, split?: 'bytes'): ConformanceCase => ({
  name,
  steps: [{ send: ping(payload), split }, { waitEvents: 1 }, { send: close(1000) }],
  client: [expectPong(payload), closed],
  user,
});

const payloads = Array.from({ length: 126 }, (_, n) => pseudoRandomBytes(n, n + 7));
const tenPayloads = Array.from({ length: 10 }, (_, i) => `payload-${i}`);

const cases: ConformanceCase[] = [
  pingCase('answers an empty ping with an empty pong', ''),
  pingCase('answers a ping carrying text with a pong carrying the same bytes', 'Hello, world!'),
  pingCase('answers a ping carrying binary bytes with the same bytes', Buffer.from([0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff])),
  pingCase('answers a ping with a 125-byte payload', allBytes),
  pingCase('answers a 125-byte ping written one byte at a time', allBytes, 'bytes'),
  {
    name: 'answers pings with every payload length 0..125, one at a time, with pongs of the same payload',
    steps: [
      {
        run: async (conn) => {
          for (const [i, p] of payloads.entries()) {
            await conn.write(ping(p));
            await conn.waitForCount(i + 1);
          }
        },
      },
      { send: close(1000) },
    ],
    client: [...payloads.map((p) => expectPong(p)), closed],
    user,
  },
  // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less".
  {
    name: 'fails the connection with 1002 on a ping with a 126-byte payload, without answering it',
    steps: [{ send: ping(pseudoRandomBytes(126)) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    name: 'fails the connection with 1002 on a ping whose 126-byte length arrives in 1-byte writes',
    steps: [{ send: buildFrame({ opcode: Op.Ping, payload: pseudoRandomBytes(126) }), split: 'bytes' }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    name: 'fails the connection with 1002 on a pong with a 126-byte payload',
    steps: [{ send: pong(pseudoRandomBytes(126)) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  // RFC 6455 §5.5.3: "A response to an unsolicited Pong frame is not expected."
  {
    name: 'ignores an unsolicited pong without payload',
    steps: [{ send: pong() }, { delayMs: 50 }, { send: close(1000) }],
    client: [closed],
    user,
  },
  {
    name: 'ignores an unsolicited pong with payload, then answers a ping',
    steps: [{ send: [pong('unsolicited'), ping('solicited')] }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectPong('solicited'), closed],
    user,
  },
  {
    name: 'answers 10 pings with 10 pongs carrying the matching payloads',
    steps: [{ send: tenPayloads.map((p) => ping(p)) }, { waitEvents: 10 }, { send: close(1000) }],
    client: [...tenPayloads.map((p) => expectPong(p)), closed],
    user,
  },
  {
    name: 'answers 10 pings written one byte at a time with 10 pongs',
    steps: [{ send: tenPayloads.map((p) => ping(p)), split: 'bytes' }, { waitEvents: 10 }, { send: close(1000) }],
    client: [...tenPayloads.map((p) => expectPong(p)), closed],
    user,
  },
  {
    name: 'answers a ping that arrives between two data messages, keeping the order',
    steps: [{ send: [text('before'), ping('mid'), binary('after')] }, { waitEvents: 3 }, { send: close(1000) }],
    client: [expectText('before'), expectPong('mid'), expectBinary('after'), closed] as Expected[],
    user,
  },
];

describe('ping and pong (Autobahn 2.x)', () => defineCases(cases));
