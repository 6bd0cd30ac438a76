/**
 * A decompression bomb (RFC 7692 §8.1 warns of it): a ~1 MiB compressed message that inflates to
 * 1 GiB. The client must stop inflating at maxMessageBytes (64 MiB for the testee), fail the
 * connection with 1009, and keep its memory bounded. Own file: vitest gives it a fresh process,
 * so the peak RSS measured here is this case's.
 */
import { describe, expect, it } from 'vitest';
import { Op, buildFrame } from './harness/frame-builder.js';
import { buildZeroBomb } from './harness/peer-deflate.js';
import { runCase } from './harness/run-case.js';
import { expectClose, failedWith } from './harness/run-case.js';

const MiB = 2 ** 20;

describe('decompression bomb', () => {
  it('fails the connection with 1009 on a message inflating to 1 GiB, with bounded memory', async () => {
    const bomb = buildZeroBomb(1024 * MiB);
    const frame = buildFrame({ opcode: Op.Binary, rsv1: true, payload: bomb });
    global.gc?.();
    const before = process.resourceUsage().maxRSS * 1024;
    const rssBefore = process.memoryUsage().rss;
    await runCase({
      name: 'bomb',
      deflate: true,
      peer: { deflate: {} },
      steps: [{ send: frame }],
      client: [expectClose(1009)],
      user: failedWith(1009),
      closeWithinMs: 15_000,
    });
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - Math.max(before, rssBefore);
    // The limit itself allows 64 MiB of output; anything near the 1 GiB of the bomb is a failure.
    expect(peakGrowth, `peak RSS grew by ${(peakGrowth / MiB).toFixed(0)} MiB`).toBeLessThan(256 * MiB);
  }, 30_000);

  it('fails the connection with 1009 on a compressed text message inflating just past maxMessageBytes, fragmented', async () => {
    const bomb = buildZeroBomb(65 * MiB);
    const frames: Buffer[] = [];
    const size = 4096;
    for (let at = 0; at < bomb.length; at += size) {
      const end = Math.min(bomb.length, at + size);
      frames.push(buildFrame({ opcode: at === 0 ? Op.Text : Op.Cont, rsv1: at === 0, fin: end === bomb.length, payload: bomb.subarray(at, end) }));
    }
    await runCase({
      name: 'bomb fragmented',
      deflate: true,
      peer: { deflate: {} },
      steps: [{ send: frames }],
      client: [expectClose(1009)],
      user: failedWith(1009),
      closeWithinMs: 15_000,
    });
  }, 30_000);
});
