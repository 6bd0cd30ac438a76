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

  it('bounds it for every window and memory level a server may deflate with (uWebSockets uses 2^9 and memLevel 1)', () => {
    const deflate = create();
    for (const size of [100, 16_384, 100_000, 1 << 20]) {
      const data = randomBytes(size);
      for (const windowBits of [9, 10, 12, 15]) {
        for (const memLevel of [1, 2, 8, 9]) {
          for (const level of [0, 1, 6, 9]) {
            const wire = deflateRawSync(data, { windowBits, memLevel, level, finishFlush: constants.Z_SYNC_FLUSH }).length - 4;
            expect(wire, `size ${size} window 2^${windowBits} memLevel ${memLevel} level ${level}`).toBeLessThanOrEqual(deflate.maxEncodedBytes(size));
          }
        }
      }
    }
  });

  it('is never below the decoded size', () => {
    const deflate = create();
    for (const size of [0, 1, 1000, 1 << 26]) expect(deflate.maxEncodedBytes(size)).toBeGreaterThanOrEqual(size);
  });
});
