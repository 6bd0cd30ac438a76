/**
 * Autobahn 3.x — reserved bits (RFC 6455 §5.2): "MUST be 0 unless an extension is negotiated
 * that defines meanings for non-zero values … the receiving endpoint MUST _Fail the WebSocket
 * Connection_". A message before the bad frame is still echoed; a ping after it is not answered.
 */
import { describe } from 'vitest';
import { Op, buildFrame, ping, pseudoRandomBytes, text } from './harness/frame-builder.js';
import { defineCases, expectClose, expectText, failedWith } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';

type Rsv = { rsv1: boolean; rsv2: boolean; rsv3: boolean };
const combos: Array<[string, Rsv]> = [1, 2, 3, 4, 5, 6, 7].map((bits) => {
  const rsv = { rsv1: (bits & 4) !== 0, rsv2: (bits & 2) !== 0, rsv3: (bits & 1) !== 0 };
  const names = Object.entries(rsv).filter(([, on]) => on).map(([name]) => name.toUpperCase());
  return [names.join('+'), rsv];
});

const kinds: Array<[string, (rsv: Rsv) => Buffer]> = [
  ['text frame', (rsv) => buildFrame({ ...rsv, opcode: Op.Text, payload: 'Hello, world!' })],
  ['binary frame', (rsv) => buildFrame({ ...rsv, opcode: Op.Binary, payload: pseudoRandomBytes(8) })],
  ['ping frame', (rsv) => buildFrame({ ...rsv, opcode: Op.Ping, payload: 'ping' })],
  ['close frame', (rsv) => buildFrame({ ...rsv, opcode: Op.Close, payload: Buffer.from([0x03, 0xe8]) })],
];

const cases: ConformanceCase[] = [];
for (const [kindName, build] of kinds) {
  for (const [rsvName, rsv] of combos) {
    cases.push({
      name: `fails the connection with 1002 on a ${kindName} with ${rsvName} set and no extension, after echoing the message before it`,
      steps: [{ sendEach: [text('before'), build(rsv), ping('after')] }],
      client: [expectText('before'), expectClose(1002)],
      user: failedWith(1002),
    });
  }
}
cases.push({
  name: 'fails the connection with 1002 on an RSV2 frame written one byte at a time',
  steps: [{ send: buildFrame({ opcode: Op.Text, rsv2: true, payload: 'x' }), split: 'bytes' }],
  client: [expectClose(1002)],
  user: failedWith(1002),
});

describe('reserved bits (Autobahn 3.x)', () => defineCases(cases));
