// One measurement: a fresh `node` process running client.mjs for one implementation and cell.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { diagnosticsWanted } from './diagnostics.mjs';
import { repoRoot } from './weft-build.mjs';

const clientPath = join(repoRoot, 'bench/client.mjs');

/**
 * Runs one measurement and resolves to the child's result object, or `{ error }` when it failed,
 * printed nothing or ran past `timeoutMs` (the child is then killed). `nodeArgs` are extra
 * flags for the child (e.g. --cpu-prof).
 */
export function measure(spec, { timeoutMs = 120_000, nodeArgs = [] } = {}) {
  const env = { ...process.env };
  if (spec.impl === 'ws-no-bufferutil') env.WS_NO_BUFFER_UTIL = '1';
  else delete env.WS_NO_BUFFER_UTIL;
  if (spec.impl === 'weft-base') env.WEFT_NODE_ENTRY = process.env.WEFT_BASE_ENTRY;
  // BENCH_NODE_FLAGS: extra flags for every client process (say --trace-gc with BENCH_DIAG=1).
  const extraFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--expose-gc', ...extraFlags, ...nodeArgs, clientPath, JSON.stringify(spec)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = stdout.split('\n');
      // With BENCH_DIAG=1 what the child printed besides its result (DIAG lines, GC traces) is shown.
      if (diagnosticsWanted) process.stderr.write(stderr + lines.filter((l) => l && !l.startsWith('RESULT ')).map((l) => `${l}\n`).join(''));
      const line = lines.find((l) => l.startsWith('RESULT '));
      if (line) return resolve(JSON.parse(line.slice(7)));
      const why = signal ? `killed by ${signal} (timeout ${timeoutMs} ms?)` : `exit ${code}`;
      resolve({ error: `no result, ${why}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}
