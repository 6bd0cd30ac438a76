// Load: N concurrent connections from one process to a `ws` echo server in another process,
// each exchanging messages, then the memory each idle connection costs. CI runs 200
// (WEFT_LOAD_CONNECTIONS overrides); the full 1 000-connection run is `node scripts/load.mjs`.
import { describe, expect, it } from 'vitest';
import { runMeasurement } from '../faults/run-measurement.js';

const connections = Number(process.env.WEFT_LOAD_CONNECTIONS ?? 200);

describe('many concurrent connections', () => {
  it(`holds ${connections} connections exchanging messages, each idle one costing a bounded amount of memory`, async () => {
    const child = await runMeasurement('packages/node/test/load/load.run.ts', [String(connections), '5']);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = child.result!;
    expect(result).toMatchObject({ connections, open: connections, echoed: connections * 5, cleanCloses: connections, gc: true });
    const perIdle = result.bytesPerIdleConnection;
    console.log(`load: ${JSON.stringify(result)}`);
    // Budget per idle connection, after a full GC: 32 KiB of heap, and 16 KiB of buffers — an idle
    // connection should hold no write or read buffer of its own (measured: ~4 KiB, the masking-key
    // pool, before a per-connection 64 KiB write slab appeared).
    expect(perIdle.heapUsed, 'heap bytes per idle connection').toBeLessThan(32 * 1024);
    expect(perIdle.external, 'buffer bytes per idle connection').toBeLessThan(16 * 1024);
  }, 180_000);
});
