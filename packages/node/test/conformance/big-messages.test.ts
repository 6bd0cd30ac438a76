/**
 * Autobahn 9.x — limits and performance: messages of 1, 4 and 16 MiB, whole and fragmented at
 * 64 B … 64 KiB, written whole or in small chops, and bursts of 1000 small messages. The default
 * run takes a representative sample; `CONFORMANCE_FULL=1` runs the whole cross-product.
 */
import { describe } from 'vitest';
import { Op, binary, close, fragment, mixedUtf8, pseudoRandomBytes, text } from './harness/frame-builder.js';
import { defineCases, expectBinary, expectText, normalClose } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';

const MiB = 2 ** 20;
const FULL = process.env['CONFORMANCE_FULL'] === '1';
const SIZES = [1 * MiB, 4 * MiB, 16 * MiB];
const FRAGMENTS = [64, 256, 1024, 4096, 16384, 65536];
const { client: closed, user } = normalClose();

const cache = new Map<string, Buffer>();
function payload(kind: 'text' | 'binary', size: number): Buffer {
  const key = `${kind}${size}`;
  let data = cache.get(key);
  if (!data) cache.set(key, (data = kind === 'text' ? mixedUtf8(size) : pseudoRandomBytes(size, size)));
  return data;
}
const label = (bytes: number): string => (bytes >= MiB ? `${bytes / MiB} MiB` : bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);

function bigCase(kind: 'text' | 'binary', size: number, fragmentBytes?: number, chopBytes?: number): ConformanceCase {
  const how = fragmentBytes ? ` in ${label(fragmentBytes)} fragments` : chopBytes ? ` written in ${label(chopBytes)} chops` : '';
  return {
    name: `echoes a ${label(size)} ${kind} message${how}`,
    steps: [
      {
        run: async (conn) => {
          const data = payload(kind, size);
          const opcode = kind === 'text' ? Op.Text : Op.Binary;
          const frames = fragmentBytes ? Buffer.concat(fragment(opcode, data, fragmentBytes)) : kind === 'text' ? text(data) : binary(data);
          await conn.write(frames, chopBytes ? { every: chopBytes } : undefined);
        },
      },
      { waitEvents: 1, timeoutMs: 20_000 },
      { send: close(1000) },
    ],
    client: [kind === 'text' ? expectText(payload(kind, size)) : expectBinary(payload(kind, size)), closed],
    user,
    timeoutMs: 40_000,
  };
}

function burstCase(kind: 'text' | 'binary', size: number, count: number): ConformanceCase {
  const messages = Array.from({ length: count }, (_, i) => (kind === 'text' ? mixedUtf8(size) : pseudoRandomBytes(size, i + 1)));
  return {
    name: `echoes ${count} ${kind} messages of ${label(size)} in order`,
    steps: [{ send: messages.map((m) => (kind === 'text' ? text(m) : binary(m))) }, { waitEvents: count, timeoutMs: 20_000 }, { send: close(1000) }],
    client: [...messages.map((m) => (kind === 'text' ? expectText(m) : expectBinary(m))), closed],
    user,
  };
}

const cases: ConformanceCase[] = [];
for (const kind of ['text', 'binary'] as const) {
  for (const size of SIZES) cases.push(bigCase(kind, size));
}
if (FULL) {
  for (const kind of ['text', 'binary'] as const) {
    for (const size of SIZES) for (const f of FRAGMENTS) cases.push(bigCase(kind, size, f));
    for (const chop of FRAGMENTS) cases.push(bigCase(kind, MiB, undefined, chop));
    for (const size of [0, 16, 64, 256, 1024, 4096]) cases.push(burstCase(kind, size, 1000));
  }
} else {
  // Autobahn 9.3 / 9.4: 4 MiB at every fragment size (text), the extremes for binary.
  for (const f of FRAGMENTS) cases.push(bigCase('text', 4 * MiB, f));
  cases.push(bigCase('binary', 4 * MiB, 64), bigCase('binary', 4 * MiB, 65536), bigCase('binary', 16 * MiB, 65536));
  // Autobahn 9.5 / 9.6: one message written in small chops.
  cases.push(bigCase('text', MiB, undefined, 4096), bigCase('binary', MiB, undefined, 65536), bigCase('text', 64 * 1024, undefined, 64));
  // Autobahn 9.7 / 9.8: bursts of small messages.
  cases.push(burstCase('text', 64, 1000), burstCase('binary', 4096, 1000), burstCase('text', 0, 1000));
}

describe(`big messages (Autobahn 9.x${FULL ? ', full' : ', sampled; CONFORMANCE_FULL=1 for all'})`, () => defineCases(cases));
