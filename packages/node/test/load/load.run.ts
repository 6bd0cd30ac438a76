// Opens N concurrent Weft WebSockets from this process to a `ws` echo server in another process,
// exchanges messages on each, then measures this process's memory per idle connection (after a
// full GC) and closes them all. Prints one JSON line. Run with the TypeScript loader and gc:
//   node --expose-gc --import ./scripts/fuzz/register.mjs packages/node/test/load/load.run.ts 1000
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WebSocket } from '../../src/index.js';
import type { CloseEvent, MessageEvent } from '../../src/index.js';

const count = Number(process.argv[2] ?? 200);
const messagesEach = Number(process.argv[3] ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;

async function measure(): Promise<NodeJS.MemoryUsage> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage();
}

const server = spawn(process.execPath, [fileURLToPath(new URL('./echo-server.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
const [portLine] = await once(server.stdout!, 'data');
const url = `ws://127.0.0.1:${String(portLine).trim()}/`;

// Warm up code paths so that JIT and module memory is not charged to the connections.
const warm = new WebSocket(url);
await once(warm, 'open');
warm.close();
await once(warm, 'close');

const before = await measure();
const started = Date.now();
const sockets: WebSocket[] = [];
let echoed = 0;
await Promise.all(Array.from({ length: count }, async (_, i) => {
  const ws = new WebSocket(url);
  sockets.push(ws);
  await once(ws, 'open');
  const done = new Promise<void>((resolve) => {
    let seen = 0;
    ws.addEventListener('message', (event) => {
      if ((event as MessageEvent).data !== `c${i} m${seen}`) throw new Error(`connection ${i}: out of order ${String((event as MessageEvent).data)}`);
      seen++;
      echoed++;
      if (seen === messagesEach) resolve();
    });
  });
  for (let m = 0; m < messagesEach; m++) ws.send(`c${i} m${m}`);
  await done;
}));
const connectedMs = Date.now() - started;
const idle = await measure();
const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
const closes = await Promise.all(sockets.map((ws) => {
  const closed = once(ws, 'close').then(([event]) => (event as CloseEvent).code);
  ws.close(1000);
  return closed;
}));
server.stdin!.end();
await once(server, 'exit');
const perConnection = (key: keyof NodeJS.MemoryUsage): number => Math.round((idle[key] - before[key]) / count);
process.stdout.write(`${JSON.stringify({
  connections: count, open, echoed, connectedMs, gc: gc !== undefined,
  cleanCloses: closes.filter((code) => code === 1000).length,
  bytesPerIdleConnection: { heapUsed: perConnection('heapUsed'), external: perConnection('external'), arrayBuffers: perConnection('arrayBuffers'), rss: perConnection('rss') },
})}\n`);
