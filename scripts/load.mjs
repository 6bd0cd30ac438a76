// `node scripts/load.mjs [--connections N] [--messages M]` — the full load run (default 1 000
// connections, 5 messages each): N concurrent Weft WebSockets from this process to a `ws` echo
// server in another process; prints connections held, messages echoed and the memory each idle
// connection costs (heap, external buffers, RSS), measured after a full GC.
// The CI version (200 connections) is packages/node/test/load/connections.test.ts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = { connections: 1000, messages: 5 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split('=', 2);
  const value = Number(inline ?? argv[++i]);
  if (flag === '--connections' && value >= 1) args.connections = value;
  else if (flag === '--messages' && value >= 1) args.messages = value;
  else {
    console.error('usage: node scripts/load.mjs [--connections N] [--messages M]');
    process.exit(2);
  }
}
const child = spawnSync(process.execPath, [
  '--expose-gc', '--import', './scripts/fuzz/register.mjs', 'packages/node/test/load/load.run.ts', String(args.connections), String(args.messages),
], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (child.status !== 0) {
  console.error(`load run failed (exit ${child.status})`);
  process.exit(1);
}
const r = JSON.parse(child.stdout.trim().split('\n').at(-1));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const m = r.bytesPerIdleConnection;
console.log(`connections held: ${r.open} of ${r.connections} (opened and echoed in ${r.connectedMs} ms)`);
console.log(`messages echoed:  ${r.echoed}, clean closes: ${r.cleanCloses}`);
console.log(`memory per idle connection: heap ${kib(m.heapUsed)} + buffers ${kib(m.external)} = ${kib(m.heapUsed + m.external)} (RSS ${kib(m.rss)})`);
process.exit(r.open === r.connections && r.cleanCloses === r.connections ? 0 : 1);
