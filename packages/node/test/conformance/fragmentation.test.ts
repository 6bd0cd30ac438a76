/**
 * Autobahn 5.x — fragmentation (RFC 6455 §5.4): fragments are reassembled whatever the write
 * boundaries; control frames may be injected between fragments and are answered at once; control
 * frames MUST NOT be fragmented; a continuation without a start, or a new data frame inside an open
 * fragmented message, fails the connection with 1002.
 */
import { describe } from 'vitest';
import { Op, binary, buildFrame, close, cont, fragment, ping, pong, pseudoRandomBytes, text } from './harness/frame-builder.js';
import { defineCases, expectBinary, expectClose, expectPong, expectText, failedWith, normalClose } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';

const { client: closed, user } = normalClose();
const fail = (name: string, send: Buffer[], split?: 'bytes', before: ConformanceCase['client'] = []): ConformanceCase => ({
  name,
  steps: [{ send, split }],
  client: [...before, expectClose(1002)],
  user: failedWith(1002),
});

const cases: ConformanceCase[] = [
  fail('fails the connection with 1002 on a ping fragmented into two frames', [
    buildFrame({ opcode: Op.Ping, fin: false, payload: 'frag' }),
    cont('ment'),
  ]),
  fail('fails the connection with 1002 on a pong fragmented into two frames', [
    buildFrame({ opcode: Op.Pong, fin: false, payload: 'frag' }),
    cont('ment'),
  ]),
  fail('fails the connection with 1002 on a close frame without FIN', [buildFrame({ opcode: Op.Close, fin: false, payload: Buffer.from([0x03, 0xe8]) })]),
  {
    name: 'echoes a text message sent in two fragments',
    steps: [{ send: [text('fragment1', { fin: false }), cont('fragment2')] }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectText('fragment1fragment2'), closed],
    user,
  },
  {
    name: 'echoes a text message sent in two fragments written one byte at a time',
    steps: [{ send: [text('fragment1', { fin: false }), cont('fragment2')], split: 'bytes' }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectText('fragment1fragment2'), closed],
    user,
  },
  {
    name: 'answers a ping between two fragments before the message completes, then echoes the message',
    steps: [{ send: [text('fragment1', { fin: false }), ping('ping payload')] }, { waitEvents: 1 }, { send: cont('fragment2') }, { waitEvents: 2 }, { send: close(1000) }],
    client: [expectPong('ping payload'), expectText('fragment1fragment2'), closed],
    user,
  },
  {
    name: 'answers a ping between two fragments when everything is written one byte at a time',
    steps: [{ send: [text('fragment1', { fin: false }), ping('ping payload'), cont('fragment2')], split: 'bytes' }, { waitEvents: 2 }, { send: close(1000) }],
    client: [expectPong('ping payload'), expectText('fragment1fragment2'), closed],
    user,
  },
  {
    name: 'ignores an unsolicited pong between two fragments',
    steps: [{ send: [text('fragment1', { fin: false }), pong('unsolicited'), cont('fragment2')] }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectText('fragment1fragment2'), closed],
    user,
  },
  {
    name: 'answers pings between fragments that arrive with pauses, before the final fragment',
    steps: [
      {
        run: async (conn) => {
          for (let i = 1; i <= 5; i++) {
            await conn.write(i === 1 ? text(`fragment${i}`, { fin: false }) : cont(`fragment${i}`, { fin: false }));
            await conn.write(ping(`pongme ${i}!`));
            await conn.waitForCount(i, 2000);
          }
          await conn.write(cont('fragment6'));
        },
      },
      { waitEvents: 6 },
      { send: close(1000) },
    ],
    client: [1, 2, 3, 4, 5].map((i) => expectPong(`pongme ${i}!`)).concat([expectText('fragment1fragment2fragment3fragment4fragment5fragment6'), closed]),
    user,
  },
  {
    name: 'echoes a binary message in 100 fragments of 10 bytes',
    steps: [{ send: fragment(Op.Binary, pseudoRandomBytes(1000, 5), 10) }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectBinary(pseudoRandomBytes(1000, 5)), closed],
    user,
  },
  {
    name: 'echoes a text message whose first, middle and last fragments are empty',
    steps: [{ send: [text('', { fin: false }), cont('', { fin: false }), cont('middle', { fin: false }), cont('', { fin: false }), cont('')] }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectText('middle'), closed],
    user,
  },
  {
    name: 'echoes an empty text message sent as three empty fragments',
    steps: [{ send: [text('', { fin: false }), cont('', { fin: false }), cont('')] }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectText(''), closed],
    user,
  },
  // RFC 6455 §5.4: a continuation frame needs an open fragmented message.
  fail('fails the connection with 1002 on a final continuation frame with nothing to continue', [cont('non-continuation payload')]),
  fail('fails the connection with 1002 on a final continuation frame with nothing to continue, written one byte at a time', [cont('non-continuation payload')], 'bytes'),
  fail('fails the connection with 1002 on a non-final continuation frame with nothing to continue', [cont('non-continuation payload', { fin: false })]),
  fail('fails the connection with 1002 on a continuation sequence with nothing to continue', [
    cont('fragment1', { fin: false }),
    text('fragment2', { fin: false }),
    cont('fragment3'),
  ]),
  fail(
    'fails the connection with 1002 on a stray continuation right after a complete fragmented message, after echoing that message',
    [text('fragment1', { fin: false }), cont('fragment2'), cont('fragment3', { fin: false }), text('fragment4')],
    undefined,
    [expectText('fragment1fragment2')],
  ),
  // RFC 6455 §5.4: only control frames may be injected in the middle of a fragmented message.
  fail('fails the connection with 1002 on a new text frame inside a fragmented text message', [text('fragment1', { fin: false }), text('fragment2')]),
  fail('fails the connection with 1002 on a new binary frame inside a fragmented text message', [text('fragment1', { fin: false }), binary('fragment2', { fin: false }), cont('end')]),
  fail('fails the connection with 1002 on a new text frame inside a fragmented message, written one byte at a time', [text('fragment1', { fin: false }), text('fragment2')], 'bytes'),
  {
    name: 'replies to a close frame that arrives inside a fragmented message, without delivering the partial message',
    steps: [{ send: [text('fragment1', { fin: false }), close(1000)] }],
    client: [closed],
    user,
  },
];

describe('fragmentation (Autobahn 5.x)', () => defineCases(cases));
