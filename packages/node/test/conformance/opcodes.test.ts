/**
 * Autobahn 4.x — reserved opcodes (RFC 6455 §5.2): "If an unknown opcode is received, the
 * receiving endpoint MUST _Fail the WebSocket Connection_." A message before is still echoed.
 */
import { describe } from 'vitest';
import { buildFrame, ping, text } from './harness/frame-builder.js';
import { defineCases, expectClose, expectText, failedWith } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';

const RESERVED = [3, 4, 5, 6, 7, 11, 12, 13, 14, 15];

const cases: ConformanceCase[] = RESERVED.flatMap((opcode): ConformanceCase[] => [
  {
    name: `fails the connection with 1002 on reserved opcode ${opcode} without payload`,
    steps: [{ send: buildFrame({ opcode }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    name: `fails the connection with 1002 on reserved opcode ${opcode} with payload, after echoing the message before it and not answering the ping after it`,
    steps: [{ sendEach: [text('before'), buildFrame({ opcode, payload: 'reserved', fin: true }), ping('after')] }],
    client: [expectText('before'), expectClose(1002)],
    user: failedWith(1002),
  },
]);
cases.push({
  name: 'fails the connection with 1002 on a non-final frame with reserved opcode 3',
  steps: [{ send: buildFrame({ opcode: 3, fin: false, payload: 'x' }) }],
  client: [expectClose(1002)],
  user: failedWith(1002),
});

describe('reserved opcodes (Autobahn 4.x)', () => defineCases(cases));
