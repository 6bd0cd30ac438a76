/**
 * RFC 6455 §8.1 fail-fast inside one frame (Autobahn 6.4.3 and 6.4.4): the server sends ONE text
 * frame in three chops, waiting between them. The chop that makes the payload invalid UTF-8 must
 * make the client fail the connection with 1007 at once — before the rest of the frame arrives.
 * (6.4.1/6.4.2 do the same with three fragments; the conformance suite covers those.)
 * Autobahn grades a client that only fails once the whole frame is in as NON-STRICT.
 */
import { describe } from 'vitest';
import { defineCases, expectClose, failedWith } from '../conformance/harness/run-case.js';
import type { ConformanceCase } from '../conformance/harness/run-case.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** One unfragmented text frame (FIN, opcode 1, 7-bit length) holding `parts`, returned as chops. */
function chopsOfOneFrame(parts: Buffer[]): Buffer[] {
  const payload = Buffer.concat(parts);
  const header = Buffer.from([0x81, payload.length]);
  return [Buffer.concat([header, parts[0]!]), ...parts.slice(1)];
}

function failFastCase(name: string, parts: Buffer[]): ConformanceCase {
  const [first, invalid, rest] = chopsOfOneFrame(parts);
  return {
    name,
    steps: [
      { send: first! },
      { delayMs: 300 },
      { send: invalid! },
      // The close must come while the peer still holds back the end of the frame.
      { awaitClose: 1000 },
      { send: rest! },
    ],
    client: [expectClose(1007)],
    user: failedWith(1007),
  };
}

const PART1 = hex('ce ba e1 bd b9 cf 83 ce bc ce b5');

describe('UTF-8 fail-fast within a single frame (Autobahn 6.4.3, 6.4.4)', () => {
  defineCases([
    failFastCase('fails with 1007 as soon as the chop holding U+110000 (F4 90 80 80) arrives, before the frame is complete (6.4.3)',
      [PART1, hex('f4 90 80 80'), hex('65 64 69 74 65 64')]),
    failFastCase('fails with 1007 as soon as the chop ending in the invalid octet (F4 90) arrives, before the frame is complete (6.4.4)',
      [PART1, hex('f4 90'), hex('80 80 65 64 69 74 65 64')]),
  ]);
});
