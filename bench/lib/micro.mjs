// The micro-benchmarks of bench/micro/ (owned by the core's authors) run as one more group.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './weft-build.mjs';

/** Runs every bench/micro/*.mjs in its own process; prints and returns their output. */
export function runMicroBench() {
  const dir = join(repoRoot, 'bench/micro');
  if (!existsSync(dir)) return { files: [] };
  const files = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
    const result = spawnSync(process.execPath, [join(dir, name)], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    console.log(`\nmicro: bench/micro/${name}${result.status === 0 ? '' : ` (exit ${result.status})`}\n${output}`);
    files.push({ file: `bench/micro/${name}`, status: result.status, output });
  }
  return { files };
}
