// Fault: a server that kills every connection, for hundreds of reconnect cycles in a row. The
// client must not grow timers, sockets, listeners or heap. The cycles run in a child process
// with --expose-gc (vitest workers have no gc()), via the TypeScript loader the fuzzer uses.
// 1 000 cycles by default (about 3 s); CI (CI=true) runs 200; WEFT_RECONNECT_CYCLES overrides:
//   WEFT_RECONNECT_CYCLES=1000 npx vitest run packages/node/test/faults/reconnect-cycles.test.ts
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cycles = Number(process.env.WEFT_RECONNECT_CYCLES ?? (process.env.CI ? 200 : 1000));

describe('reconnect cycles', () => {
  it(`survives ${cycles} reconnect cycles with no growth in handles, timers, listeners or heap`, () => {
    const child = spawnSync(process.execPath, [
      '--expose-gc', '--import', './scripts/fuzz/register.mjs', 'packages/node/test/faults/reconnect-cycles.run.ts', String(cycles),
    ], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
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
  });
});
