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
    // JavaScript-visible memory per idle connection (heap + buffers): well under 64 KiB.
    expect(perIdle.heapUsed + perIdle.external).toBeLessThan(64 * 1024);
    console.log(`load: ${JSON.stringify(result)}`);
  }, 180_000);
});
