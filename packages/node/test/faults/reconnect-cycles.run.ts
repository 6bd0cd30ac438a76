// Runs connect() through N reconnect cycles against a server that kills every connection, and
// prints one JSON line: cycles run, heap and active handles before and after, the most
// resources seen in flight, and any process warnings (e.g. MaxListenersExceeded).
//
// Run with the TypeScript loader and a real GC:
//   node --expose-gc --import ./scripts/fuzz/register.mjs packages/node/test/faults/reconnect-cycles.run.ts 1000
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { connect } from '../../src/index.js';

const cycles = Number(process.argv[2] ?? 200);
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

async function snapshot(): Promise<{ heapUsed: number; resources: Record<string, number> }> {
  await settle();
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  return { heapUsed: process.memoryUsage().heapUsed, resources: countResources() };
}

/** Runs one client through `count` connections (each killed by the server), then closes it. */
async function runCycles(url: string, count: number, peak: Record<string, number>): Promise<number> {
  const client = connect(url, { heartbeat: false, reconnect: { minDelayMs: 0, maxDelayMs: 0, jitter: 'none' } });
  let opens = 0;
  await new Promise<void>((resolve) => {
    client.on('open', () => {
      opens++;
      if (opens % 25 === 0) {
        for (const [name, n] of Object.entries(countResources())) peak[name] = Math.max(peak[name] ?? 0, n);
      }
      if (opens >= count) resolve();
    });
  });
  await client.close();
  return opens;
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await once(server, 'listening');
server.on('connection', (socket) => setImmediate(() => socket.terminate()));
const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const peak: Record<string, number> = {};

await runCycles(url, 20, {});
const before = await snapshot();
const started = Date.now();
const opens = await runCycles(url, cycles, peak);
const elapsedMs = Date.now() - started;
const after = await snapshot();
for (const socket of server.clients) socket.terminate();
await new Promise((resolve) => server.close(resolve));
process.stdout.write(`${JSON.stringify({ cycles: opens, elapsedMs, gc: typeof (globalThis as { gc?: unknown }).gc === 'function', before, after, peak, warnings })}\n`);
