// Fault: a server that kills every connection, for hundreds of reconnect cycles in a row. The
// client must not grow timers, sockets, listeners or heap. The cycles run in a child process
// with --expose-gc (vitest workers have no gc()), via the TypeScript loader the fuzzer uses.
// 1 000 cycles by default (about 3 s); CI (CI=true) runs 200; WEFT_RECONNECT_CYCLES overrides:
//   WEFT_RECONNECT_CYCLES=1000 npx vitest run packages/node/test/faults/reconnect-cycles.test.ts
import { describe, expect, it } from 'vitest';
import { runMeasurement } from './run-measurement.js';

const cycles = Number(process.env.WEFT_RECONNECT_CYCLES ?? (process.env.CI ? 200 : 1000));

describe('reconnect cycles', () => {
  it(`survives ${cycles} reconnect cycles with no growth in handles, timers, listeners or heap`, async () => {
    const child = await runMeasurement('packages/node/test/faults/reconnect-cycles.run.ts', [String(cycles)]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = child.result!;
    expect(result.gc).toBe(true);
    expect(result.cycles).toBe(cycles);
    // Same handles once the client is closed: no socket, timer or server left behind.
    expect(result.after.resources).toEqual(result.before.resources);
    // In flight: at most a few sockets and timers at any time, whatever the cycle count.
    expect(result.peak.TCPSocketWrap ?? 0).toBeLessThanOrEqual(4);
    expect(result.peak.Timeout ?? 0).toBeLessThanOrEqual(4);
    expect(result.warnings).toEqual([]);
    // Heap after a full GC: under 2 MiB of growth (a leak of ~10 KiB per cycle would show).
    expect(result.after.heapUsed - result.before.heapUsed).toBeLessThan(2 * 1024 * 1024);
    console.log(`reconnect cycles: ${JSON.stringify({ cycles: result.cycles, elapsedMs: result.elapsedMs, heapGrowthBytes: result.after.heapUsed - result.before.heapUsed, peak: result.peak })}`);
  }, 180_000);
});
