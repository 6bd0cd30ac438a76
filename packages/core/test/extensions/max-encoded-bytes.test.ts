import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { create } from './deflate-fixtures.js';

// The message limit applies to the inflated size (RFC 7692 §8.1): an incompressible message of
// exactly maxMessageBytes arrives a little larger than that on the wire and must not be refused.
describe('PerMessageDeflate.maxEncodedBytes', () => {
  it('bounds what zlib produces for incompressible data at every level and size', () => {
    const deflate = create();
    for (const size of [0, 1, 100, 16_383, 16_384, 65_535, 65_536, 1 << 20, 3 * (1 << 20) + 7]) {
      const data = randomBytes(size);
      for (const level of [1, 6, 9]) {
        const wire = deflateRawSync(data, { level, finishFlush: constants.Z_SYNC_FLUSH }).length - 4;
        expect(wire, `size ${size} level ${level}`).toBeLessThanOrEqual(deflate.maxEncodedBytes(size));
      }
    }
  });

  it('bounds it for every window, memory level and strategy a server may deflate with (uWebSockets uses 2^9 and memLevel 1)', () => {
    const deflate = create();
    // Random bytes, and bytes 144–255: 9-bit literals in the fixed Huffman code, its worst case.
    const inputs = (size: number) => [randomBytes(size), Buffer.from(randomBytes(size).map((byte) => 144 + (byte % 112)))];
    const grid = [9, 10, 12, 15].flatMap((windowBits) => [1, 2, 8, 9].flatMap((memLevel) => [0, 1, 6, 9].flatMap((level) =>
      [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED].map((strategy) => ({ windowBits, memLevel, level, strategy })))));
    const cases = [
      ...[100, 16_384, 100_000].flatMap((size) => inputs(size).flatMap((data) => grid.map((options) => ({ data, options })))),
      ...inputs(1 << 20).flatMap((data) => [{ windowBits: 9, memLevel: 1, level: 6, strategy: constants.Z_DEFAULT_STRATEGY }, { windowBits: 9, memLevel: 8, level: 6, strategy: constants.Z_FIXED }]
        .map((options) => ({ data, options }))),
    ];
    for (const { data, options } of cases) {
      const wire = deflateRawSync(data, { ...options, finishFlush: constants.Z_SYNC_FLUSH }).length - 4;
      expect(wire, `${data.length} bytes, ${JSON.stringify(options)}`).toBeLessThanOrEqual(deflate.maxEncodedBytes(data.length));
    }
  });

  it('is never below the decoded size', () => {
    const deflate = create();
    for (const size of [0, 1, 1000, 1 << 26]) expect(deflate.maxEncodedBytes(size)).toBeGreaterThanOrEqual(size);
  });
});
